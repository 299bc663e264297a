package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.util.VersionInfo;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator meets around the lab commands, on the packaged CLI: a version that names the build, shell
 * completion that a real bash runs, `help COMMAND`, and one short line when nothing answers at the endpoint.
 */
class CliSurfaceE2E {
    @TempDir
    Path home;

    private Cli cli() {
        return new Cli(URI.create("http://127.0.0.1:9"), home);
    }

    @Test
    void version_names_the_build_its_commit_java_and_the_sdk() throws Exception {
        List<String> lines = cli().run("--version").ok().stdout().strip().lines().toList();
        String head = git("rev-parse", "--short=7", "HEAD");
        assertEquals(3, lines.size(), lines::toString);
        assertTrue(lines.get(0).matches("ecslab \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit " + head
                + "(, with uncommitted changes)?\\)"), lines.get(0));
        assertTrue(lines.get(1).matches("Java \\d+[.\\d]* \\(.+\\)"), lines.get(1));
        assertEquals("AWS SDK for Java " + VersionInfo.SDK_VERSION, lines.get(2));
    }

    @Test
    void bash_completes_a_commands_options_and_the_commands() throws Exception {
        Path script = home.resolve("ecslab.bash");
        Files.writeString(script, cli().run("completion", "bash").ok().stdout());
        assertEquals(List.of("--lab"), complete(script, "ecslab", "up", "--l"));
        assertEquals(List.of("status"), complete(script, "ecslab", "st"));
        assertTrue(complete(script, "ecslab", "cleanup", "--").containsAll(List.of("--dry-run", "--yes", "--lab")));
    }

    @Test
    void fish_offers_each_option_after_its_command_and_unknown_shells_are_refused() {
        String fish = cli().run("completion", "fish").ok().stdout();
        assertTrue(fish.contains("complete -c ecslab -n '__fish_seen_subcommand_from taskdef' -l file -r -F "), fish);
        assertTrue(fish.contains("complete -c ecslab -n __fish_use_subcommand -a scale -d "), fish);
        cli().run("completion", "powershell").exitedWith(2).stderrContains("expected one of [bash, zsh, fish]");
    }

    @Test
    void help_command_prints_a_commands_usage() {
        CliResult r = cli().run("help", "scale").ok();
        assertTrue(r.stdout().startsWith("Usage: ecslab scale"), r::toString);
        assertTrue(r.stdout().contains("--count"), r::toString);
    }

    @Test
    void nothing_answering_on_this_machine_is_one_line_and_asks_for_the_emulator() {
        CliResult r = cli().run("status", "--lab", "surface").exitedWith(3);
        assertEquals(List.of("ecslab: reach AWS at http://127.0.0.1:9: nothing is listening there",
                "hint: is the endpoint right, and the emulator running? (`scripts/emulator start` in an ecslab "
                        + "checkout starts one)"),
                r.stderr().strip().lines().toList(), r::toString);
    }

    /** What bash's completion function offers for the words (the last one being completed). */
    private static List<String> complete(Path script, String... words) throws Exception {
        String line = String.join(" ", words);
        String program = "source '" + script + "' 2>/dev/null; COMP_WORDS=(" + line + "); COMP_CWORD="
                + (words.length - 1) + "; COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; _complete_ecslab "
                + "ecslab '" + words[words.length - 1] + "' '" + words[words.length - 2] + "' 2>/dev/null; "
                + "printf '%s\\n' \"${COMPREPLY[@]}\"";
        return run(List.of("bash", "-c", program)).lines().filter(l -> !l.isBlank()).sorted().toList();
    }

    private static String git(String... args) throws Exception {
        return run(Stream.concat(Stream.of("git", "-C", Emulator.projectDir().toString()), Stream.of(args))
                .toList()).strip();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "ended: " + command);
        return out;
    }
}
