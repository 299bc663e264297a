package dev.ecslab.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What ecslab writes itself into ARNs and trust policies follows the region's partition. */
class PartitionTest {
    @Test
    void the_managed_policy_and_the_ec2_principal_follow_the_partition() {
        Partition aws = Partition.of(Region.of("eu-west-1"));
        assertEquals("arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
                aws.managedPolicyArn("service-role/AmazonEC2ContainerServiceforEC2Role"));
        assertEquals("ec2.amazonaws.com", aws.ec2Principal());

        Partition china = Partition.of(Region.of("cn-northwest-1"));
        assertEquals("arn:aws-cn:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
                china.managedPolicyArn("service-role/AmazonEC2ContainerServiceforEC2Role"));
        assertEquals("ec2.amazonaws.com.cn", china.ec2Principal());

        Partition govCloud = Partition.of(Region.of("us-gov-west-1"));
        assertEquals("arn:aws-us-gov:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
                govCloud.managedPolicyArn("service-role/AmazonEC2ContainerServiceforEC2Role"));
        assertEquals("ec2.amazonaws.com", govCloud.ec2Principal());
    }
}
