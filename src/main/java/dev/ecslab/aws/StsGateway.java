package dev.ecslab.aws;

/** Who is calling: the first call of every command, so bad credentials fail before anything is created. */
public interface StsGateway {
    /** region: the region the clients resolved (flag, AWS_REGION, profile ...), used for every call. */
    record CallerIdentity(String account, String arn, String userId, String region) { }

    CallerIdentity whoAmI();

    /** The region the clients resolved, known without a call. */
    String region();
}
