package dev.ecslab.aws;

import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

final class SdkLogsGateway implements LogsGateway {
    private final Supplier<CloudWatchLogsClient> client;

    SdkLogsGateway(Supplier<CloudWatchLogsClient> client) {
        this.client = client;
    }

    private CloudWatchLogsClient logs() {
        return client.get();
    }

    @Override
    public Optional<LogGroupInfo> findLogGroup(String name) {
        // The API only knows prefixes: /ecs/ecslab-a would also match /ecs/ecslab-ab.
        return describe(name).stream().filter(g -> g.logGroupName().equals(name)).findFirst().map(this::toInfo);
    }

    @Override
    public LogGroupInfo createLogGroup(String name, int retentionDays, Map<String, String> tags) {
        AwsCall.run("create log group " + name, () -> logs().createLogGroup(r -> r.logGroupName(name).tags(tags)));
        AwsCall.run("set retention of log group " + name,
                () -> logs().putRetentionPolicy(r -> r.logGroupName(name).retentionInDays(retentionDays)));
        return findLogGroup(name).orElseThrow(() -> new AwsCallException("find log group " + name,
                "ResourceNotFoundException", "created but not found", null, 404, null));
    }

    @Override
    public List<LogGroupInfo> listLogGroups(String prefix) {
        return describe(prefix).stream().map(this::toInfo).collect(Collectors.toList());
    }

    private List<LogGroup> describe(String prefix) {
        return AwsCall.run("list log groups " + prefix, () -> logs().describeLogGroupsPaginator(
                r -> r.logGroupNamePrefix(prefix)).logGroups().stream().collect(Collectors.toList()));
    }

    private LogGroupInfo toInfo(LogGroup g) {
        // ListTagsForResource wants the ARN without the ":*" that LogGroup.arn() carries.
        String arn = g.logGroupArn() != null ? g.logGroupArn() : g.arn().replaceFirst(":\\*$", "");
        Map<String, String> tags = AwsCall.run("read tags of log group " + g.logGroupName(),
                () -> logs().listTagsForResource(r -> r.resourceArn(arn)).tags());
        return new LogGroupInfo(g.logGroupName(), g.arn(), g.retentionInDays(),
                g.creationTime() == null ? 0 : g.creationTime(), tags);
    }

    @Override
    public void events(String group, List<String> streams, long startMillis, Consumer<List<LogEvent>> page) {
        // The paginator asks for the next page only when the loop reaches it, so each page is handed on and dropped
        // first. FilterLogEvents may answer an empty page with a token while more remain: the paginator goes on.
        AwsCall.run("read log events of " + group, () -> logs().filterLogEventsPaginator(r -> r
                        .logGroupName(group).logStreamNames(streams.isEmpty() ? null : streams).startTime(startMillis))
                .forEach(response -> {
                    if (!response.events().isEmpty()) {
                        page.accept(response.events().stream()
                                .map(e -> new LogEvent(e.eventId(), e.logStreamName(), e.timestamp(), e.message()))
                                .collect(Collectors.toList()));
                    }
                }));
    }

    @Override
    public List<String> streamNames(String group, String prefix) {
        return AwsCall.run("list log streams of " + group, () -> logs().describeLogStreamsPaginator(r -> r
                        .logGroupName(group).logStreamNamePrefix(prefix.isEmpty() ? null : prefix))
                .logStreams().stream().map(LogStream::logStreamName).collect(Collectors.toList()));
    }

    @Override
    public void deleteLogGroup(String name) {
        AwsCall.delete("delete log group " + name, () -> logs().deleteLogGroup(r -> r.logGroupName(name)));
    }
}
