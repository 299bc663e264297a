package dev.ecslab.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The man pages: one per command, each with its sections and its own options, and roff that groff reads cleanly. */
class ManPagesTest {
    @TempDir
    Path dir;

    @Test
    void every_command_has_a_page_with_its_options() throws Exception {
        List<Path> pages = ManPages.write(dir, "1.2.3");
        CommandLine root = CommandTree.full(new EcslabCommand(null, null));
        assertEquals(root.getSubcommands().size() + 1, pages.size());
        for (String command : root.getSubcommands().keySet()) {
            String page = Files.readString(dir.resolve("ecslab-" + command + ".1"));
            for (String section : List.of(".TH ECSLAB-" + command.toUpperCase() + " 1", ".SH NAME", ".SH SYNOPSIS",
                    ".SH DESCRIPTION", ".SH OPTIONS", "ecslab 1.2.3")) {
                assertTrue(page.contains(section), command + " lacks " + section + "\n" + page);
            }
            root.getSubcommands().get(command).getCommandSpec().options().stream()
                    .filter(o -> !o.inherited() && !o.hidden())
                    .forEach(o -> assertTrue(page.contains("\\fB" + o.longestName().replace("-", "\\-") + "\\fR"),
                            command + " lacks " + o.longestName()));
        }
        String main = Files.readString(dir.resolve("ecslab.1"));
        assertTrue(main.contains(".SH GLOBAL OPTIONS") && main.contains(".SH EXIT CODES")
                && main.contains("\\fBecslab\\-doctor\\fR(1)"), main);
    }

    @Test
    void groff_reads_every_page_without_a_warning() throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/groff").canExecute(), "groff is not installed here");
        List<String> command = new ArrayList<>(List.of("groff", "-man", "-ww", "-z", "-Tutf8"));
        ManPages.write(dir, "1").forEach(p -> command.add(p.toString()));
        Process groff = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(groff.getInputStream().readAllBytes());
        assertEquals(0, groff.waitFor(), said);
        assertEquals("", said);
    }
}
