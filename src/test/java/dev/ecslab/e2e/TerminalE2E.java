package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged CLI at a terminal (a pseudo-terminal from util-linux's script) and through a pipe: live progress
 * redrawn in place, colour and the timeline only on the terminal, and none of it with NO_COLOR or --no-color.
 */
class TerminalE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();
    private static final String ESC = "\u001b";

    @RegisterExtension
    final LabHome home = new LabHome(EMULATOR);

    private final Cli cli = home.cli().env("NO_COLOR", null).env("TERM", "xterm");

    @Test
    void a_terminal_gets_live_progress_in_colour_and_a_timeline_a_pipe_and_no_color_get_plain_lines() {
        String up = cli.runInTerminal("up", "--lab", "tty", "--count", "1").ok().stdout();
        assertTrue(up.contains(ESC + "[J"), "the block of running steps is cleared and redrawn in place\n" + up);
        assertTrue(up.contains("[elb] ") && up.contains("(on AWS ~2m30s)"), "elb's clock beside AWS's\n" + up);
        assertFalse(up.contains("[elb] started:"), "a step's start is the block's line, not a line of its own\n" + up);
        assertTrue(up.contains(ESC + "[32m[OK]" + ESC + "[0m HTTP GET"), "results in colour\n" + up);
        List<String> timeline = up.lines().map(String::strip).dropWhile(l -> !l.equals("timeline:")).skip(1)
                .takeWhile(l -> !l.startsWith("total ")).map(l -> l.split("\\s+")[0]).sorted().toList();
        assertEquals(List.of("cluster", "elb", "network", "scale", "service", "taskdef", "verify"), timeline, up);
        assertTrue(up.lines().anyMatch(l -> l.strip().matches("total \\d+(\\.\\d)?s")), up);

        CliResult noColor = cli.env("NO_COLOR", "1").runInTerminal("scale", "--lab", "tty", "--count", "2").ok();
        assertFalse(noColor.stdout().contains(ESC), "NO_COLOR: plain lines\n" + noColor);
        assertTrue(noColor.stdout().contains("[scale] started:"), noColor::toString);

        CliResult flag = cli.env("NO_COLOR", null).runInTerminal("scale", "--lab", "tty", "--count", "1",
                "--no-color").ok();
        assertFalse(flag.stdout().contains(ESC), "--no-color: plain lines\n" + flag);

        CliResult piped = cli.run("verify", "--lab", "tty").ok();
        assertFalse(piped.stdout().contains(ESC) || piped.stderr().contains(ESC), "a pipe: plain\n" + piped);
        assertTrue(piped.stdout().contains("[OK] HTTP GET"), piped::toString);

        cli.run("cleanup", "--lab", "tty", "--yes").ok();
    }
}
