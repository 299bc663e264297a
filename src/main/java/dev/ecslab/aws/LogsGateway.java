package dev.ecslab.aws;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

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
     * Hands {@code page} the group's events from {@code startMillis} on (inclusive), of the named streams (all of them
     * when {@code streams} is empty), one page of FilterLogEvents at a time, each as it arrives and before the next
     * is asked for: a group of any size is read in the memory of one page (1 MB at most). Every stream interleaved in
     * time order, across pages too (docs/aws.md §15); empty pages are not handed on. A missing group is an
     * AwsCallException (ResourceNotFoundException).
     */
    void events(String group, List<String> streams, long startMillis, Consumer<List<LogEvent>> page);

    /** Names of the group's streams that start with {@code prefix} ("" for all). */
    List<String> streamNames(String group, String prefix);

    /** Idempotent: a missing group counts as deleted. */
    void deleteLogGroup(String name);
}
