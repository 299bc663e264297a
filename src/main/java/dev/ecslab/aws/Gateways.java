package dev.ecslab.aws;

/**
 * The gateways of one command run. Production code gets them from {@link SdkGateways#create}; unit tests pass
 * hand-written fakes.
 */
public record Gateways(StsGateway sts, Ec2Gateway ec2, EcsGateway ecs, ElbGateway elb, IamGateway iam,
                       SsmGateway ssm, LogsGateway logs, TaggingGateway tagging) {
}
