package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What mvn package trains (pom.xml, CdsTraining) — the ahead-of-time cache on a Java 25+ when it found one, else the
 * class-data sharing archive — holds what a read-only command loads: every SDK client status builds, the requests'
 * and answers' classes, and ecslab's own — so scripts/ecslab maps them instead of reading and verifying them. Read
 * from the JVM's own class-loading log of a real status.
 */
class StartupE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    private static final String SHARED = "shared objects file";

    @TempDir
    Path home;

    @Test
    void runs_on_the_java_that_made_the_aot_cache_when_there_is_one_else_on_the_path_s() throws Exception {
        Path target = Emulator.projectDir().resolve("target");
        Path aotJava = target.resolve("ecslab.aot.java");
        String java = Files.exists(aotJava) ? Files.readString(aotJava).trim() : "java";
        assertEquals(Files.exists(target.resolve("ecslab.aot")), Files.exists(aotJava), "the cache and its java");
        Process version = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
        String expected = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        version.waitFor();
        Matcher number = Pattern.compile("version \"([0-9.]+)").matcher(expected);
        assertTrue(number.find(), expected);

        new Cli(EMULATOR.endpoint(), home).run("--version").ok().stdoutContains("Java " + number.group(1) + " (");
    }

    @Test
    void status_loads_the_sdk_clients_and_their_answers_from_the_archive() throws IOException {
        Path log = home.resolve("class-load.log");
        new Cli(EMULATOR.endpoint(), home).env("ECSLAB_JAVA_OPTS", "-Xlog:class+load:file=" + log)
                .run("status", "--lab", "startup").ok();

        Map<String, String> sourceOf = Files.readAllLines(log).stream().map(l -> l.split(" source: ", 2))
                .filter(p -> p.length == 2).collect(Collectors.toMap(p -> p[0].substring(p[0].lastIndexOf(' ') + 1),
                        p -> p[1], (a, b) -> a));
        String sdk = "software.amazon.awssdk.services.";
        List<String> expected = List.of(sdk + "sts.DefaultStsClient", sdk + "ecs.DefaultEcsClient",
                sdk + "ec2.DefaultEc2Client", sdk + "elasticloadbalancingv2.DefaultElasticLoadBalancingV2Client",
                sdk + "iam.DefaultIamClient", sdk + "cloudwatchlogs.DefaultCloudWatchLogsClient",
                sdk + "ec2.model.DescribeInstancesResponse", sdk + "ecs.model.ListClustersResponse",
                "dev.ecslab.app.DefaultEcslab", "dev.ecslab.lab.Inventory",
                // picocli compiled again for Java 17 (pom.xml): its own jar's Java 5 classes could not be archived
                "picocli.CommandLine", "picocli.CommandLine$Model$CommandSpec");
        long shared = sourceOf.values().stream().filter(s -> s.startsWith(SHARED)).count();
        for (String name : expected) {
            assertEquals(SHARED, sourceOf.getOrDefault(name, "not loaded").replace(" (top)", ""),
                    () -> name + ": " + shared + " of " + sourceOf.size() + " classes came from the archive");
        }
    }
}
