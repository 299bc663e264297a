package dev.ecslab.report;

/**
 * Text from outside ecslab — a container's log line, an ECS event, an AWS error message, a resource's name — made
 * safe for a terminal: control characters (C0 but tab and newline, DEL, C1) are shown as {@code \x1b}-style escapes,
 * so that none can move the cursor, clear the screen, set the clipboard (OSC 52) or forge a line of ecslab's own.
 * ecslab's own colours and redraws are added after this, never passed through it.
 */
public final class Printable {
    private Printable() {
    }

    public static String text(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7f && c <= 0x9f);
            if (control) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                out.append(String.format("\\x%02x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    /** One line of untrusted text: a newline in it is escaped too, so it cannot start a line of its own. */
    public static String line(String s) {
        return s == null ? null : text(s).replace("\n", "\\x0a");
    }
}
