package dev.ecslab.aws;

import java.util.List;
import java.util.Map;

/**
 * Resource Groups Tagging API. It can list recently deleted resources and does not cover IAM, so every ARN it
 * returns must be confirmed with the owning service's own describe call (docs/aws.md §9).
 */
public interface TaggingGateway {
    /** A resource the tagging API lists: its ARN and all its tags. */
    record Tagged(String arn, Map<String, String> tags) { }

    /** Resources carrying tag {@code key}, whatever its value, of the given types. */
    List<Tagged> findTagged(String key, List<String> resourceTypes);

    /** ARNs of resources carrying tag key=value, of the given types (e.g. "ecs:cluster"). */
    List<String> findArnsByTag(String key, String value, List<String> resourceTypes);
}
