package dev.ecslab.aws;

import dev.ecslab.testing.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one retry loop of its own in the EC2 gateway: RunInstances refused while a new instance profile propagates from
 * IAM to EC2 (docs/aws.md §1). A stub EC2 answers with AWS's words, in orders the emulator's fixed windows
 * do not produce.
 */
class RunInstanceRetryTest {
    private static final String IAM_LAG = error("InvalidParameterValue", "Value (ecslab-x-instance-profile) for "
            + "parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name");
    private static final String ROLE_LAG = error("InvalidParameterValue", "IAM Instance Profile \"arn:aws:iam::"
            + "123456789012:instance-profile/ecslab/ecslab-x-instance-profile\" has no associated IAM Roles");
    private static final String LAUNCHED = "<RunInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
            + "<requestId>req-2</requestId><reservationId>r-1</reservationId><ownerId>123456789012</ownerId>"
            + "<instancesSet><item><instanceId>i-0abc</instanceId><instanceState><code>0</code><name>pending</name>"
            + "</instanceState><instanceType>t3.micro</instanceType></item></instancesSet></RunInstancesResponse>";
    private static final Ec2Gateway.InstanceSpec SPEC = new Ec2Gateway.InstanceSpec("ami-1", "t3.micro", "subnet-1",
            List.of("sg-1"), "ecslab-x-instance-profile", "#!/bin/bash\n", Map.of(Tags.NAME, "ecslab-x-instance"),
            "token-1");

    private final StubAws stub = new StubAws();
    private final Ec2Gateway gateway = new SdkEc2Gateway(() -> Ec2Client.builder().endpointOverride(stub.endpoint())
            .region(TestClients.REGION).credentialsProvider(TestClients.CREDENTIALS).build());

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void retries_while_ec2_does_not_know_the_new_instance_profile_yet_and_says_so() {
        stub.xml(400, IAM_LAG).xml(400, IAM_LAG).xml(200, LAUNCHED);
        List<String> heard = new ArrayList<>();

        Ec2Gateway.InstanceInfo launched = gateway.runInstance(SPEC, budget(Duration.ofSeconds(10)),
                (budget, elapsed, status) -> heard.add(status));

        assertEquals("i-0abc", launched.id());
        assertEquals(2, heard.size());
        assertTrue(heard.get(0).contains("EC2 does not know the new instance profile yet"), heard.get(0));
    }

    @Test
    void retries_while_ec2_sees_the_profile_but_not_its_role_yet() {
        stub.xml(400, IAM_LAG).xml(400, ROLE_LAG).xml(400, ROLE_LAG).xml(200, LAUNCHED);
        List<String> heard = new ArrayList<>();

        Ec2Gateway.InstanceInfo launched = gateway.runInstance(SPEC, budget(Duration.ofSeconds(10)),
                (budget, elapsed, status) -> heard.add(status));

        assertEquals("i-0abc", launched.id());
        assertEquals(3, heard.size());
        assertEquals(0, stub.unanswered());
    }

    @Test
    void gives_up_when_propagation_outlasts_its_budget() {
        for (int i = 0; i < 50; i++) {
            stub.xml(400, IAM_LAG);
        }
        WaitFailedException e = assertThrows(WaitFailedException.class,
                () -> gateway.runInstance(SPEC, budget(Duration.ofMillis(200)), WaitListener.NONE));
        assertTrue(e.timedOut());
        assertTrue(e.getMessage().contains("IAM propagation"), e.getMessage());
    }

    @Test
    void another_invalid_parameter_fails_at_once() {
        stub.xml(400, error("InvalidParameterValue", "Invalid value 't3.bogus' for InstanceType.")).xml(200, LAUNCHED);
        AwsCallException e = assertThrows(AwsCallException.class,
                () -> gateway.runInstance(SPEC, budget(Duration.ofSeconds(10)), WaitListener.NONE));
        assertEquals("InvalidParameterValue", e.errorCode());
        assertEquals("run instance ecslab-x-instance: InvalidParameterValue: Invalid value 't3.bogus' for "
                + "InstanceType.", e.getMessage());
        assertEquals(1, stub.unanswered());
    }

    private static Budget budget(Duration limit) {
        return new Budget("instance profile visible to EC2", limit, Duration.ofMillis(20));
    }

    private static String error(String code, String message) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>" + code + "</Code><Message>"
                + message + "</Message></Error></Errors><RequestID>req-1</RequestID></Response>";
    }
}
