package dev.ecslab.aws;

import dev.ecslab.error.ExitCode;
import dev.ecslab.testing.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An endpoint that never answers, or drips its answer a byte at a time, ends every call with a clear error: as an
 * endpoint that did not answer (the call's own timeouts, short ones here), or as the command's --timeout when its
 * {@link Deadline} comes first. The bounds only catch a hang.
 */
class SlowEndpointTest {
    private static final Duration HANG = Duration.ofSeconds(60);

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** Accepts connections; with {@code drip}, answers a status line and then one byte every 100 ms, never done. */
    private URI endpoint(boolean drip) throws IOException {
        ServerSocket server = new ServerSocket(0);
        open.add(server);
        Thread accepter = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    open.add(s);
                    if (drip) {
                        Thread dripper = new Thread(() -> dripInto(s));
                        dripper.setDaemon(true);
                        dripper.start();
                    }
                } catch (IOException closed) {
                    return;
                }
            }
        });
        accepter.setDaemon(true);
        accepter.start();
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private static void dripInto(Socket s) {
        try {
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nX-Drip: ".getBytes(StandardCharsets.US_ASCII));
            while (true) {
                out.write('a');
                out.flush();
                Thread.sleep(100);
            }
        } catch (IOException | InterruptedException gone) {
            // the client gave up: what the test waits for
        }
    }

    private static Gateways gateways(URI endpoint) {
        return SdkGateways.create(new AwsSettings("us-east-1", null, endpoint), TestClients.CREDENTIALS,
                Duration.ofMillis(300), Duration.ofSeconds(1));
    }

    @Test
    void an_endpoint_that_never_answers_is_named_as_not_answering() throws IOException {
        URI silent = endpoint(false);
        AwsCallException e = assertTimeoutPreemptively(HANG, () -> assertThrows(AwsCallException.class,
                () -> gateways(silent).sts().whoAmI()));
        assertTrue(e.networkFailure(), "a network failure, not missing credentials: " + e);
        assertTrue(e.getMessage().startsWith("get caller identity: could not reach AWS at " + silent
                + ": no answer within"), e.getMessage());
    }

    @Test
    void an_endpoint_that_drips_its_answer_is_named_as_not_answering() throws IOException {
        URI dripping = endpoint(true);
        AwsCallException e = assertTimeoutPreemptively(HANG, () -> assertThrows(AwsCallException.class,
                () -> gateways(dripping).ec2().findDefaultNetwork()));
        assertTrue(e.networkFailure(), e.toString());
        assertTrue(e.getMessage().contains("could not reach AWS at " + dripping + ": no answer within"),
                e.getMessage());
    }

    @Test
    void the_commands_deadline_cuts_a_dripping_call_off_as_its_timeout() throws IOException {
        Gateways aws = SdkGateways.create(new AwsSettings("us-east-1", null, endpoint(true)),
                TestClients.CREDENTIALS); // the production timeouts: the deadline comes first
        aws.deadline().start(Duration.ofSeconds(2));
        RunTimedOutException e = assertTimeoutPreemptively(HANG, () -> assertThrows(RunTimedOutException.class,
                () -> aws.sts().whoAmI()));
        assertEquals("get caller identity: gave up after 2s (--timeout) waiting for AWS's answer", e.getMessage());
        assertEquals(ExitCode.STEP_FAILED, e.exitCode());
        // once it has passed, a call is not even sent
        assertThrows(RunTimedOutException.class, () -> aws.ecs().findCluster("ecslab-x"));
    }

    @Test
    void a_lifted_deadline_leaves_calls_to_their_own_timeouts() throws IOException {
        Gateways aws = gateways(endpoint(true));
        aws.deadline().start(Duration.ofMillis(1));
        aws.deadline().lift();
        AwsCallException e = assertTimeoutPreemptively(HANG, () -> assertThrows(AwsCallException.class,
                () -> aws.sts().whoAmI()));
        assertTrue(e.networkFailure(), e.toString());
    }
}
