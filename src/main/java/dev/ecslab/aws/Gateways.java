package dev.ecslab.aws;

/**
 * The gateways of one command run, from {@link SdkGateways#create}: the only way the rest of ecslab reaches AWS.
 */
public record Gateways(StsGateway sts, Ec2Gateway ec2, EcsGateway ecs, ElbGateway elb, IamGateway iam,
                       SsmGateway ssm, LogsGateway logs, TaggingGateway tagging, QuotaGateway quotas) {
}
