package dev.ecslab.aws;

import software.amazon.awssdk.services.ssm.SsmClient;

final class SdkSsmGateway implements SsmGateway {
    private final SsmClient ssm;

    SdkSsmGateway(SsmClient ssm) {
        this.ssm = ssm;
    }

    @Override
    public String getParameter(String name) {
        return AwsCall.run("read SSM parameter " + name, () -> ssm.getParameter(r -> r.name(name)).parameter().value());
    }
}
