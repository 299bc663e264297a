package dev.ecslab.aws;

/** Who is calling: the first call of every command, so bad credentials fail before anything is created. */
public interface StsGateway {
    /** region: the region the clients resolved (flag, AWS_REGION, profile ...), used for every call. */
    record CallerIdentity(String account, String arn, String userId, String region) {
        /** The partition the caller's ARN names (aws, aws-cn, aws-us-gov …): the one to write the lab's ARNs for. */
        public Partition partition() {
            return Partition.ofArn(arn);
        }
    }

    CallerIdentity whoAmI();

    /** The region the clients resolved, known without a call. */
    String region();
}
