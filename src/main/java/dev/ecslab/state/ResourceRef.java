package dev.ecslab.state;

import java.time.Instant;

/**
 * One resource of the lab as ecslab knows it: its kind (see {@link Kind}), name, id (instance id, group id, ARN
 * ...), whether this lab created it or adopted an existing one, and which run created it.
 */
public record ResourceRef(Kind kind, String name, String id, boolean owned, String runId, Instant createdAt) {
    /** Kinds in creation order; cleanup walks them in reverse dependency order (docs/aws.md §9). */
    public enum Kind {
        INSTANCE_ROLE, INSTANCE_PROFILE, INSTANCE_SECURITY_GROUP, ALB_SECURITY_GROUP, CLUSTER, INSTANCE,
        CONTAINER_INSTANCE, LOG_GROUP, TASK_DEFINITION, LOAD_BALANCER, TARGET_GROUP, LISTENER, SERVICE;

        /** "load balancer", "target group" ... for messages. */
        public String label() {
            return name().toLowerCase().replace('_', ' ');
        }

        /** "load-balancer", "alb-security-group" ...: the stable identifier in JSON (docs/json.md). */
        public String id() {
            return name().toLowerCase().replace('_', '-');
        }

        /** The kind whose {@link #id()} this is. */
        public static Kind ofId(String id) {
            return valueOf(id.toUpperCase().replace('-', '_'));
        }
    }
}
