package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A region name the AWS SDK does not know — from --region, AWS_REGION or the profile — is refused before any AWS
 * call, exit 2, naming where it came from and the nearest known names. The endpoint counts the connections made to
 * it: none.
 */
class UnknownRegionE2E {
    @TempDir
    Path home;

    private ServerSocket endpoint;
    private final AtomicInteger connections = new AtomicInteger();

    @BeforeEach
    void countingEndpoint() throws IOException {
        endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(() -> {
            while (!endpoint.isClosed()) {
                try {
                    Socket call = endpoint.accept();
                    connections.incrementAndGet();
                    call.close();
                } catch (IOException e) {
                    // closed
                }
            }
        }, "counting-endpoint");
        accepting.setDaemon(true);
        accepting.start();
    }

    @AfterEach
    void stop() throws IOException {
        endpoint.close();
    }

    private Cli cli() {
        return new Cli(URI.create("http://127.0.0.1:" + endpoint.getLocalPort()), home);
    }

    private void refused(CliResult r, String message, String hint) {
        r.exitedWith(2);
        assertEquals(List.of("ecslab: " + message, "hint: " + hint), r.stderr().strip().lines().toList(), r::toString);
        assertEquals(0, connections.get(), "no AWS call");
    }

    @Test
    void an_unknown_region_option_names_the_nearest_known_ones() {
        refused(cli().run("up", "--lab", "far", "--region", "us-east-9"), "configure AWS clients: --region us-east-9 "
                + "is not a known AWS region; nearest: us-east-1, us-east-2, ap-east-1",
                "pass a known one, e.g. --region us-east-1");
    }

    @Test
    void an_unknown_aws_region_is_named_as_the_environments() {
        refused(cli().env("AWS_REGION", "eu-wset-1").run("up", "--lab", "far"), "configure AWS clients: "
                + "AWS_REGION=eu-wset-1 is not a known AWS region; nearest: eu-west-1, eu-west-2, eu-west-3",
                "set a known one, e.g. AWS_REGION=eu-west-1, or pass --region");
    }

    @Test
    void an_unknown_region_in_the_profile_is_named_as_the_profiles() throws IOException {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), "[profile far]\nregion = ap-southeast-99\n");
        refused(cli().env("AWS_REGION", null).run("status", "--lab", "far", "--profile", "far"),
                "configure AWS clients: region ap-southeast-99 of profile far is not a known AWS region; nearest: "
                        + "ap-southeast-1, ap-southeast-2, ap-southeast-3", "set a known one (e.g. region = "
                        + "ap-southeast-1) in profile far of ~/.aws/config, or pass --region");
    }
}
