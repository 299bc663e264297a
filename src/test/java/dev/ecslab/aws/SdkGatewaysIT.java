package dev.ecslab.aws;

import dev.ecslab.testing.Emulator;
import dev.ecslab.testing.TestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The production wiring of the SDK clients, and the two small gateways (STS, SSM), against the emulator. */
class SdkGatewaysIT {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    private final Gateways aws = EmulatorGateways.of(EMULATOR);

    @Test
    void caller_identity_carries_the_resolved_region() {
        StsGateway.CallerIdentity me = aws.sts().whoAmI();
        assertEquals("123456789012", me.account());
        assertEquals("us-east-1", me.region());
        assertTrue(me.arn().startsWith("arn:aws:"), me.arn());
    }

    @Test
    void an_endpoint_nobody_listens_on_is_named_in_the_error() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Gateways nowhere = SdkGateways.create(new AwsSettings("us-east-1", null,
                URI.create("http://127.0.0.1:" + port)), TestClients.CREDENTIALS);
        AwsCallException e = assertThrows(AwsCallException.class, () -> nowhere.sts().whoAmI());
        assertTrue(e.unreachable());
        assertNull(e.errorCode());
        assertTrue(e.getMessage().startsWith("get caller identity: could not reach AWS at http://127.0.0.1:" + port
                + ": nothing is listening there"), e.getMessage());
    }

    @Test
    void iam_works_when_the_lab_runs_in_another_region() {
        String name = EmulatorGateways.uniqueLab() + "-role";
        Gateways ireland = EmulatorGateways.of(EMULATOR, "eu-west-1");
        ireland.iam().createInstanceRole(name, Names.IAM_PATH, Map.of(Tags.LAB, "x"), null);
        // IAM is global: the test's client, signing for us-east-1, sees the role.
        assertEquals(Names.IAM_PATH, EMULATOR.clients().iam().getRole(r -> r.roleName(name)).role().path());
    }

    @Test
    void the_ecs_optimized_ami_id_comes_from_its_public_parameter() {
        String expected = EMULATOR.clients().ssm().getParameter(r -> r.name(SsmGateway.ECS_AMI_X86))
                .parameter().value();
        assertEquals(expected, aws.ssm().getParameter(SsmGateway.ECS_AMI_X86));
        assertTrue(expected.startsWith("ami-"), expected);
    }

    @Test
    void a_missing_parameter_is_an_error_with_its_code() {
        AwsCallException e = assertThrows(AwsCallException.class,
                () -> aws.ssm().getParameter("/ecslab/it/no-such-parameter"));
        assertEquals("ParameterNotFound", e.errorCode());
        assertTrue(e.getMessage().startsWith("read SSM parameter /ecslab/it/no-such-parameter: ParameterNotFound"),
                e.getMessage());
    }
}
