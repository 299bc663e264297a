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
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * No secret is ever printed or logged: a whole lab with --verbose and ECSLAB_CALL_LOG, plus a failing command with
 * its stack trace, and neither the access key, the secret nor the session token appears in stdout, stderr or the
 * call log.
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
        runs.add(cli.run("up", "--lab", "leak", "--count", "1", "--verbose").ok());
        runs.add(cli.run("verify", "--lab", "leak", "--verbose", "-o", "json").ok());
        runs.add(cli.run("status", "--lab", "leak", "--verbose", "--progress", "json").ok());
        runs.add(cli.run("scale", "--lab", "nothing-here", "--verbose").exitedWith(3));
        runs.add(cli.run("cleanup", "--lab", "leak", "--yes", "--verbose").ok());

        String log = Files.readString(calls);
        assertFalse(log.isBlank(), "the call log recorded the calls");
        for (String secret : List.of(KEY, SECRET, TOKEN)) {
            assertEquals(-1, log.indexOf(secret), "the call log holds a credential");
            for (CliResult r : runs) {
                assertEquals(-1, (r.stdout() + r.stderr()).indexOf(secret), () -> "a credential was printed\n" + r);
            }
        }
    }
}
