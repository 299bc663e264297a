package dev.ecslab.aws;

import software.amazon.awssdk.services.ssm.SsmClient;

import java.util.function.Supplier;

final class SdkSsmGateway implements SsmGateway {
    private final Supplier<SsmClient> client;

    SdkSsmGateway(Supplier<SsmClient> client) {
        this.client = client;
    }

    private SsmClient ssm() {
        return client.get();
    }

    @Override
    public String getParameter(String name) {
        return AwsCall.run("read SSM parameter " + name,
                () -> ssm().getParameter(r -> r.name(name)).parameter().value());
    }
}
