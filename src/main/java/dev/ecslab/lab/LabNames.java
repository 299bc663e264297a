package dev.ecslab.lab;

import dev.ecslab.aws.Ec2Gateway;
import dev.ecslab.aws.Names;
import dev.ecslab.aws.Tags;
import dev.ecslab.state.ResourceRef.Kind;

import java.util.Optional;

/**
 * The one name ecslab gives each kind of resource of a lab (aws/Names). The {@code ecslab:lab} tag is ownership, but
 * anyone who may tag can put it on anything: only what carries the tag and is also named like the lab's is deleted
 * (an instance's name is its Name tag, which ecslab sets). Whatever else is tagged for the lab is left, and reported.
 */
final class LabNames {
    /** Why a tagged resource is left alone, in cleanup's report and in JSON. */
    static final String NOT_NAMED_LIKE_IT = "tagged for the lab but not named like it";

    private LabNames() {
    }

    /** True when {@code name} is what ecslab calls the lab's {@code kind}. */
    static boolean namedLike(Names names, Kind kind, String name) {
        if (name == null) {
            return false;
        }
        return switch (kind) {
            case CLUSTER -> name.equals(names.cluster());
            case INSTANCE -> name.equals(names.instance());
            case INSTANCE_ROLE -> name.equals(names.instanceRole());
            case INSTANCE_PROFILE -> name.equals(names.instanceProfile());
            case ALB_SECURITY_GROUP -> name.equals(names.albSecurityGroup());
            case INSTANCE_SECURITY_GROUP -> name.equals(names.instanceSecurityGroup());
            case TASK_DEFINITION -> name.equals(names.taskFamily());
            case LOG_GROUP -> name.equals(names.logGroup());
            case LOAD_BALANCER -> name.equals(names.loadBalancer());
            case TARGET_GROUP -> name.equals(names.targetGroup());
            case SERVICE -> name.equals(names.service());
            // Neither is deleted on its own: a listener goes with its load balancer, a container instance with
            // its instance.
            case LISTENER, CONTAINER_INSTANCE -> false;
        };
    }

    /** True when the instance is named as ecslab names the lab's (its Name tag): only such a one is adopted. */
    static boolean isLabInstance(Names names, Ec2Gateway.InstanceInfo instance) {
        return namedLike(names, Kind.INSTANCE, instance.tags().get(Tags.NAME));
    }

    /** The kind of security group {@code name} is in the lab, if it is one of the lab's two names. */
    static Optional<Kind> securityGroupKind(Names names, String name) {
        if (names.albSecurityGroup().equals(name)) {
            return Optional.of(Kind.ALB_SECURITY_GROUP);
        }
        return names.instanceSecurityGroup().equals(name) ? Optional.of(Kind.INSTANCE_SECURITY_GROUP)
                : Optional.empty();
    }
}
