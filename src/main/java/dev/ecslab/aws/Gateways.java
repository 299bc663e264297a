package dev.ecslab.aws;

/**
 * The gateways of one command run, from {@link SdkGateways#create}: the only way the rest of ecslab reaches AWS.
 */
public record Gateways(StsGateway sts, Ec2Gateway ec2, EcsGateway ecs, ElbGateway elb, IamGateway iam,
                       SsmGateway ssm, LogsGateway logs, QuotaGateway quotas,
                       Deadline deadline) {
    /** Gateways whose calls no deadline cuts off until one is started. */
    public Gateways(StsGateway sts, Ec2Gateway ec2, EcsGateway ecs, ElbGateway elb, IamGateway iam, SsmGateway ssm,
                    LogsGateway logs, QuotaGateway quotas) {
        this(sts, ec2, ecs, elb, iam, ssm, logs, quotas, new Deadline());
    }
}
