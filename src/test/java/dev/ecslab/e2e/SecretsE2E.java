package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No secret is ever printed or logged: a whole lab with --verbose, --explain (every request's parameters as AWS CLI
 * commands) and ECSLAB_CALL_LOG, plus a failing command with its stack trace, and neither the access key, the secret
 * nor the session token appears in stdout, stderr or the call log.
 */
class SecretsE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    private static final String KEY = "AKIAECSLABLEAKTEST01";
    private static final String SECRET = "ecslabLeakTestSecret0123456789abcdefghij";
    private static final String TOKEN = "ecslabLeakTestSessionTokenIQoJb3JpZ2luX2VjEXAMPLE";

    @TempDir
    Path home;

    @Test
    void a_whole_verbose_lab_prints_and_logs_no_credential() throws IOException {
        Path calls = home.resolve("calls.log");
        Cli cli = new Cli(EMULATOR.endpoint(), home).env("AWS_ACCESS_KEY_ID", KEY).env("AWS_SECRET_ACCESS_KEY", SECRET)
                .env("AWS_SESSION_TOKEN", TOKEN).env("ECSLAB_CALL_LOG", calls.toString());
        List<CliResult> runs = new ArrayList<>();
        runs.add(cli.run("up", "--lab", "leak", "--count", "1", "--verbose", "--explain").ok());
        runs.add(cli.run("verify", "--lab", "leak", "--verbose", "-o", "json").ok());
        runs.add(cli.run("status", "--lab", "leak", "--verbose", "--progress", "json").ok());
        runs.add(cli.run("scale", "--lab", "nothing-here", "--verbose").exitedWith(3));
        runs.add(cli.run("cleanup", "--lab", "leak", "--yes", "--verbose", "--explain").ok());

        String log = Files.readString(calls);
        assertFalse(log.isBlank(), "the call log recorded the calls");
        for (String secret : List.of(KEY, SECRET, TOKEN)) {
            assertEquals(-1, log.indexOf(secret), "the call log holds a credential");
            for (CliResult r : runs) {
                assertEquals(-1, (r.stdout() + r.stderr()).indexOf(secret), () -> "a credential was printed\n" + r);
            }
        }
    }

    /**
     * A URL's user, password and query (issue 28, item 9) show nowhere: not in `next:` lines, hints, JSON, progress,
     * errors or stack traces, whether --endpoint-url or AWS_ENDPOINT_URL gave it, nor in the lab's files, which are
     * their owner's alone.
     */
    @Test
    void an_endpoint_urls_credentials_are_shown_and_written_nowhere() throws IOException {
        int port = EMULATOR.endpoint().getPort();
        String secret = "admin:hunter2@";
        String emulator = "http://" + secret + "127.0.0.1:" + port + "/?X-Amz-Security-Token=sekrit";
        String nothing = "http://" + secret + "127.0.0.1:1/?X-Amz-Security-Token=sekrit";
        Cli cli = new Cli(EMULATOR.endpoint(), home).env("AWS_ENDPOINT_URL", null);
        String shown = "--endpoint-url http://127.0.0.1:" + port + "/";
        List<CliResult> runs = new ArrayList<>();
        runs.add(cli.run("taskdef", "--lab", "userinfo", "--endpoint-url", emulator).ok()
                .stdoutContains("next: ecslab elb --lab userinfo " + shown));
        runs.add(cli.run("taskdef", "--lab", "userinfo", "--endpoint-url", emulator, "-o", "json",
                "--progress", "json").ok());
        runs.add(cli.run("service", "--lab", "userinfo", "--endpoint-url", emulator, "--verbose").exitedWith(3)
                .stderrContains("`ecslab cluster --lab userinfo " + shown + "`"));
        runs.add(cli.run("status", "--lab", "userinfo", "--endpoint-url", nothing, "--verbose").exitedWith(3)
                .stderrContains("reach AWS at http://127.0.0.1:1"));
        runs.add(cli.run("status", "--lab", "userinfo", "--endpoint-url", "ftp://" + secret + "host/?t=sekrit")
                .exitedWith(2));
        runs.add(new Cli(EMULATOR.endpoint(), home).env("AWS_ENDPOINT_URL", nothing)
                .run("status", "--lab", "userinfo", "--verbose", "-o", "json").exitedWith(3));
        for (CliResult r : runs) {
            for (String leak : List.of("hunter2", "admin:", "sekrit")) {
                assertEquals(-1, (r.stdout() + r.stderr()).indexOf(leak), () -> "a URL's credential was printed\n" + r);
            }
        }

        List<Path> files;
        try (Stream<Path> walk = Files.walk(home.resolve(".ecslab"))) {
            files = walk.toList();
        }
        assertTrue(files.stream().anyMatch(f -> f.toString().endsWith("userinfo.lock")), files::toString);
        assertTrue(files.stream().anyMatch(f -> f.toString().endsWith("userinfo.json")), files::toString);
        for (Path f : files) {
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
            if (Files.isDirectory(f)) {
                assertEquals("rwx------", mode, f::toString);
                continue;
            }
            assertEquals("rw-------", mode, f::toString);
            String text = f + "\n" + Files.readString(f);
            for (String leak : List.of("hunter2", "admin:", "sekrit")) {
                assertEquals(-1, text.indexOf(leak), () -> "a URL's credential was written\n" + text);
            }
        }
    }
}
