package dev.ecslab.lab;

import dev.ecslab.aws.Ec2Gateway.InstanceInfo;
import dev.ecslab.aws.EcsGateway.ContainerInstanceInfo;
import dev.ecslab.aws.Gateways;
import dev.ecslab.report.Reporter;
import dev.ecslab.state.ResourceRef.Kind;

import java.util.Optional;

/**
 * ECS deregisters a container instance when its EC2 instance terminates — but not when the instance was stopped or
 * its agent was disconnected first (docs/aws.md §9); such a container instance stays ACTIVE and holds the cluster
 * (ClusterContainsContainerInstancesException) for ever. Cleanup deregisters those of the lab's own cluster whose
 * EC2 instance is terminated or gone, and only those: a container instance of a running instance (someone's, joined
 * to the lab's cluster) is left, and keeps the cluster as it should.
 */
final class LeftContainerInstances {
    private LeftContainerInstances() {
    }

    /** Deregisters the container instances of {@code cluster} left by terminated instances; true if it did any. */
    static boolean deregister(Gateways aws, String cluster, Reporter reporter, String step) {
        boolean any = false;
        for (ContainerInstanceInfo ci : aws.ecs().listContainerInstances(cluster)) {
            if ("INACTIVE".equals(ci.status()) || !instanceEnded(aws, ci.ec2InstanceId())) {
                continue;
            }
            // force: ECS may still count tasks on it, which cannot run on a terminated instance (the lab's service
            // is deleted before its cluster); without force ECS would refuse while it counts them.
            aws.ecs().deregisterContainerInstance(cluster, ci.arn(), true);
            reporter.deleted(step, Kind.CONTAINER_INSTANCE, ci.ec2InstanceId(), ci.arn());
            any = true;
        }
        return any;
    }

    /** Terminated, or no longer known to EC2. Only EC2 ids: an external (ECS Anywhere) instance is never ours. */
    private static boolean instanceEnded(Gateways aws, String ec2InstanceId) {
        if (ec2InstanceId == null || !ec2InstanceId.startsWith("i-")) {
            return false;
        }
        Optional<InstanceInfo> instance = aws.ec2().findInstance(ec2InstanceId);
        return instance.isEmpty() || "terminated".equals(instance.get().state());
    }
}
