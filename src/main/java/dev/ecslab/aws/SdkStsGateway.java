package dev.ecslab.aws;

import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

final class SdkStsGateway implements StsGateway {
    private final StsClient sts;
    private final String region;

    SdkStsGateway(StsClient sts, String region) {
        this.sts = sts;
        this.region = region;
    }

    @Override
    public CallerIdentity whoAmI() {
        GetCallerIdentityResponse r = AwsCall.run("get caller identity", () -> sts.getCallerIdentity());
        return new CallerIdentity(r.account(), r.arn(), r.userId(), region);
    }
}
