package dev.ecslab.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Text from outside ecslab reaches a terminal without a control character that could act on it. */
class PrintableTest {
    @Test
    void control_characters_are_shown_as_escapes_and_the_rest_is_left_as_it_is() {
        assertEquals("\\x1b]52;c;aGk=\\x07\\x1b[2J\\x0d\\x08\\x7f\\x9b31m", Printable.text(
                "\u001b]52;c;aGk=\u0007\u001b[2J\r\b\u007f\u009b31m"));
        assertEquals("tab\tand\nnewline kept, é ü — ✓", Printable.text("tab\tand\nnewline kept, é ü — ✓"));
        String plain = "nothing to change";
        assertSame(plain, Printable.text(plain));
    }

    @Test
    void a_line_cannot_start_another() {
        assertEquals("one\\x0a[OK] forged", Printable.line("one\n[OK] forged"));
    }
}
