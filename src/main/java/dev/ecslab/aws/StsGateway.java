package dev.ecslab.aws;

/** Who is calling: the first call of every command, so bad credentials fail before anything is created. */
public interface StsGateway {
    record CallerIdentity(String account, String arn, String userId) { }

    CallerIdentity whoAmI();
}
