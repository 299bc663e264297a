package dev.ecslab.aws;

import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS partition of the lab's region (aws, aws-cn, aws-us-gov, ...): what an ARN or a service principal that
 * ecslab writes itself must say, where AWS does not hand it back.
 */
public record Partition(String id) {
    static Partition of(Region region) {
        return new Partition(PartitionMetadata.of(region).id());
    }

    /** The partition an ARN names: arn:PARTITION:service:… */
    public static Partition ofArn(String arn) {
        return new Partition(arn.split(":")[1]);
    }

    /** An AWS managed policy, e.g. {@code service-role/AmazonEC2ContainerServiceforEC2Role}. */
    public String managedPolicyArn(String pathAndName) {
        return "arn:" + id + ":iam::aws:policy/" + pathAndName;
    }

    /**
     * The principal EC2 instances assume roles as. The China regions' IAM guide names EC2 {@code
     * ec2.amazonaws.com.cn} in trust policies (as the AWS CDK does, aws-cdk#24709); every other partition uses
     * {@code ec2.amazonaws.com}.
     */
    public String ec2Principal() {
        return "aws-cn".equals(id) ? "ec2.amazonaws.com.cn" : "ec2.amazonaws.com";
    }
}
