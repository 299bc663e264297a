package dev.ecslab.aws;

import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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
    void deleting_twice_is_fine() {
        logs.createLogGroup(names.logGroup(), 1, tags);
        logs.deleteLogGroup(names.logGroup());
        logs.deleteLogGroup(names.logGroup());
        assertTrue(check.describeLogGroups(r -> r.logGroupNamePrefix(names.logGroup())).logGroups().isEmpty());
    }
}
