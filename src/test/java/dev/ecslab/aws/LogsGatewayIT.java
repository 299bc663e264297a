package dev.ecslab.aws;

import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.ecslab.testing.TestClients;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogsGatewayIT {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    private final LogsGateway logs = EmulatorGateways.of(EMULATOR).logs();
    private final CloudWatchLogsClient check = EMULATOR.clients().logs();
    private final Names names = new Names(EmulatorGateways.uniqueLab());
    private final Map<String, String> tags = Tags.of(names.lab(), "run-1", null);

    @Test
    void the_log_group_is_created_with_its_tags_and_a_retention() {
        LogsGateway.LogGroupInfo created = logs.createLogGroup(names.logGroup(), 1, tags);

        LogGroup seen = check.describeLogGroups(r -> r.logGroupNamePrefix(names.logGroup())).logGroups().get(0);
        assertEquals(names.logGroup(), seen.logGroupName());
        assertEquals(1, seen.retentionInDays());
        assertEquals(tags, check.listTagsForResource(r -> r.resourceArn(seen.logGroupArn())).tags());
        assertEquals(new LogsGateway.LogGroupInfo(names.logGroup(), seen.arn(), 1, seen.creationTime(), tags), created);
    }

    @Test
    void creating_an_existing_group_is_an_error_with_its_code() {
        logs.createLogGroup(names.logGroup(), 1, tags);
        AwsCallException e = assertThrows(AwsCallException.class, () -> logs.createLogGroup(names.logGroup(), 1, tags));
        assertEquals("ResourceAlreadyExistsException", e.errorCode());
    }

    @Test
    void a_group_is_found_by_its_exact_name_not_by_a_longer_one_sharing_the_prefix() {
        String longer = names.logGroup() + "b";
        check.createLogGroup(r -> r.logGroupName(longer).tags(Map.of(Tags.LAB, "another")));
        assertTrue(logs.findLogGroup(names.logGroup()).isEmpty());

        logs.createLogGroup(names.logGroup(), 1, tags);
        assertEquals(tags, logs.findLogGroup(names.logGroup()).orElseThrow().tags());
        assertEquals(List.of(names.logGroup(), longer), logs.listLogGroups(names.logGroup()).stream()
                .map(LogsGateway.LogGroupInfo::name).collect(Collectors.toList()));
    }

    @Test
    void events_come_in_time_order_page_by_page_each_handed_on_before_the_next_is_asked_for() {
        check.createLogGroup(r -> r.logGroupName(names.logGroup()));
        List<String> streams = List.of("web/web/a", "web/web/b");
        streams.forEach(s -> check.createLogStream(r -> r.logGroupName(names.logGroup()).logStreamName(s)));
        long start = System.currentTimeMillis() - 60_000;
        int count = 25_000; // two pages of 10,000 events (FilterLogEvents' most) and a half
        for (String stream : streams) { // line i in stream i % 2
            int parity = streams.indexOf(stream);
            List<InputLogEvent> mine = IntStream.range(0, count).filter(i -> i % 2 == parity)
                    .mapToObj(i -> InputLogEvent.builder().timestamp(start + i).message("line " + i).build())
                    .collect(Collectors.toList());
            for (int from = 0; from < mine.size(); from += 5_000) { // PutLogEvents takes 1 MB at most
                List<InputLogEvent> batch = mine.subList(from, Math.min(from + 5_000, mine.size()));
                check.putLogEvents(r -> r.logGroupName(names.logGroup()).logStreamName(stream).logEvents(batch));
            }
        }
        List<String> happened = new ArrayList<>();
        List<LogsGateway.LogEvent> read = new ArrayList<>();
        try (CloudWatchLogsClient recorded = recordingFilterLogEvents(happened)) {
            new SdkLogsGateway(() -> recorded).events(names.logGroup(), List.of(), start, page -> {
                happened.add("page of " + page.size());
                read.addAll(page);
            });
        }

        assertEquals(List.of("ask", "page of 10000", "ask", "page of 10000", "ask", "page of 5000"), happened);
        assertEquals(IntStream.range(0, count).mapToObj(i -> "line " + i).collect(Collectors.toList()),
                read.stream().map(LogsGateway.LogEvent::message).collect(Collectors.toList()));
        assertEquals(count, new HashSet<>(read.stream().map(LogsGateway.LogEvent::id).collect(Collectors.toList()))
                .size());
        assertEquals(streams, read.subList(0, 2).stream().map(LogsGateway.LogEvent::stream)
                .collect(Collectors.toList()));
    }

    /** A client of the emulator that adds "ask" to {@code happened} as each FilterLogEvents request is sent. */
    private static CloudWatchLogsClient recordingFilterLogEvents(List<String> happened) {
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (context.request() instanceof FilterLogEventsRequest) {
                    happened.add("ask");
                }
            }
        };
        return CloudWatchLogsClient.builder().endpointOverride(EMULATOR.endpoint()).region(TestClients.REGION)
                .credentialsProvider(TestClients.CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder)).build();
    }

    @Test
    void a_missing_group_is_not_found() {
        AwsCallException e = assertThrows(AwsCallException.class,
                () -> logs.events(names.logGroup(), List.of(), 0, page -> { }));
        assertEquals("ResourceNotFoundException", e.errorCode());
    }

    @Test
    void deleting_twice_is_fine() {
        logs.createLogGroup(names.logGroup(), 1, tags);
        logs.deleteLogGroup(names.logGroup());
        logs.deleteLogGroup(names.logGroup());
        assertTrue(check.describeLogGroups(r -> r.logGroupNamePrefix(names.logGroup())).logGroups().isEmpty());
    }
}
