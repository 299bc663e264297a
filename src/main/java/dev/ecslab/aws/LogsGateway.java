package dev.ecslab.aws;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** CloudWatch Logs: the lab's log group. */
public interface LogsGateway {
    record LogGroupInfo(String name, String arn, Integer retentionDays, long createdAtMillis,
                        Map<String, String> tags) { }

    Optional<LogGroupInfo> findLogGroup(String name);

    /** Creates the group with its tags and retention; an existing group is an AwsCallException. */
    LogGroupInfo createLogGroup(String name, int retentionDays, Map<String, String> tags);

    /** Groups whose name starts with prefix, with their tags. */
    List<LogGroupInfo> listLogGroups(String prefix);

    /** Idempotent: a missing group counts as deleted. */
    void deleteLogGroup(String name);
}
