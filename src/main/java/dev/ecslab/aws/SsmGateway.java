package dev.ecslab.aws;

/** SSM Parameter Store reads (the ECS-optimized AMI id). */
public interface SsmGateway {
    /** x86_64 ECS-optimized Amazon Linux 2023 (docs/aws.md §2). */
    String ECS_AMI_X86 = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id";
    /** arm64 ECS-optimized Amazon Linux 2023, for t4g/m7g/... instance types. */
    String ECS_AMI_ARM = "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id";

    /** The parameter's value; throws AwsCallException (ParameterNotFound) when absent. */
    String getParameter(String name);
}
