package dev.ecslab.aws;

import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import java.util.function.Supplier;

final class SdkStsGateway implements StsGateway {
    private final Supplier<StsClient> client;
    private final String region;

    @Override
    public String region() {
        return region;
    }

    SdkStsGateway(Supplier<StsClient> client, String region) {
        this.client = client;
        this.region = region;
    }

    private StsClient sts() {
        return client.get();
    }

    @Override
    public CallerIdentity whoAmI() {
        GetCallerIdentityResponse r = AwsCall.run("get caller identity", () -> sts().getCallerIdentity());
        if (r.account() == null || r.arn() == null) { // AWS always names both: whatever answered is something else
            throw new NotAwsException("get caller identity", sts().serviceClientConfiguration().endpointOverride()
                    .orElse(null), r.sdkHttpResponse().statusCode(), "HTTP " + r.sdkHttpResponse().statusCode()
                    + " without the caller's account and ARN, which AWS always sends", null);
        }
        return new CallerIdentity(r.account(), r.arn(), r.userId(), region);
    }
}
