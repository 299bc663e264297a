package dev.ecslab.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A line of text output cut into lines of at most {@link #WIDTH} characters at spaces, the later ones indented, so
 * that evidence and ECS's events stay readable in a terminal and a log. A word longer than a line (a URL, an ARN)
 * stays whole on a line of its own, and so does a `command` in backticks: it is meant to be pasted.
 */
public final class Wrapped {
    public static final int WIDTH = 120;

    private Wrapped() {
    }

    /** The line, wrapped; continuation lines start with {@code indent}. */
    public static String lines(String line, String indent) {
        if (line == null || line.length() <= WIDTH || line.contains("\n")) {
            return line;
        }
        StringBuilder out = new StringBuilder(line.length() + 16);
        StringBuilder current = new StringBuilder();
        boolean fresh = true; // nothing on the current line yet but its indent
        for (String word : words(line)) {
            if (!fresh && current.length() + 1 + word.length() > WIDTH) {
                out.append(current).append('\n');
                current.setLength(0);
                current.append(indent);
                fresh = true;
            }
            if (fresh && word.isEmpty() && out.length() > 0) {
                continue; // no blank at the start of a continuation line
            }
            if (!fresh) {
                current.append(' ');
            }
            current.append(word);
            fresh = false;
        }
        return out.append(current).toString();
    }

    /** The line split at spaces, but not inside backticks. */
    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == ' ' && !quoted) {
                words.add(word.toString());
                word.setLength(0);
                continue;
            }
            if (c == '`') {
                quoted = !quoted;
            }
            word.append(c);
        }
        words.add(word.toString());
        return words;
    }
}
