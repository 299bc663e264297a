package dev.ecslab.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Long lines of text output are cut at spaces into lines of at most 120 characters, the later ones indented. */
class WrappedTest {
    @Test
    void a_short_line_is_left_as_it_is() {
        assertEquals("  a  b", Wrapped.lines("  a  b", "    "));
    }

    @Test
    void a_long_line_wraps_at_spaces_and_loses_no_word() {
        String line = "[verify] " + "word ".repeat(60).trim();
        String wrapped = Wrapped.lines(line, "    ");
        assertTrue(wrapped.lines().allMatch(l -> l.length() <= Wrapped.WIDTH), wrapped);
        assertTrue(wrapped.lines().skip(1).allMatch(l -> l.startsWith("    word")), wrapped);
        assertEquals(line, wrapped.replace("\n    ", " "));
    }

    @Test
    void a_command_in_backticks_is_never_cut_it_is_meant_to_be_pasted() {
        String command = "`ecslab cleanup --lab demo --region us-east-1 --endpoint-url http://127.0.0.1:4566`";
        String wrapped = Wrapped.lines("x ".repeat(50) + "run " + command + " again", "  ");
        assertTrue(wrapped.lines().anyMatch(l -> l.contains(command)), wrapped);
    }

    @Test
    void a_word_longer_than_a_line_stays_whole() {
        String arn = "arn:" + "x".repeat(130);
        assertEquals("see\n  " + arn + "\n  end", Wrapped.lines("see " + arn + " end", "  "));
    }
}
