package dev.ecslab.aws;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** CloudWatch Logs: the lab's log group, and the lines its tasks write there. */
public interface LogsGateway {
    record LogGroupInfo(String name, String arn, Integer retentionDays, long createdAtMillis,
                        Map<String, String> tags) { }

    /** One log line: its id (unique in the group), the stream it was written to, when, and the text. */
    record LogEvent(String id, String stream, long timestampMillis, String message) { }

    Optional<LogGroupInfo> findLogGroup(String name);

    /** Creates the group with its tags and retention; an existing group is an AwsCallException. */
    LogGroupInfo createLogGroup(String name, int retentionDays, Map<String, String> tags);

    /** Groups whose name starts with prefix, with their tags. */
    List<LogGroupInfo> listLogGroups(String prefix);

    /**
     * The group's events from {@code startMillis} on (inclusive), in time order, of the named streams (all of them
     * when {@code streams} is empty). A missing group is an AwsCallException (ResourceNotFoundException).
     */
    List<LogEvent> events(String group, List<String> streams, long startMillis);

    /** Names of the group's streams that start with {@code prefix} ("" for all). */
    List<String> streamNames(String group, String prefix);

    /** Idempotent: a missing group counts as deleted. */
    void deleteLogGroup(String name);
}
