package dev.ecslab.report;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Command lines printed for the user to paste (hints, {@code next:} lines): each value one word for a POSIX shell,
 * so that a profile, lab, region, URL or path is passed as it is and never runs as shell code
 * ({@code --profile 'a;touch${IFS}/tmp/x;#'}). Bare when nothing in it is special to a shell, else single-quoted
 * (inside single quotes nothing is special; a quote itself is closed, escaped and reopened), as Python's
 * shlex.quote does.
 */
public final class ShellWords {
    /** Characters no POSIX shell (nor zsh or fish) treats specially inside a word. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellWords() {
    }

    public static String quote(String word) {
        // zsh expands a word that starts with '=' to a command's path
        return SAFE.matcher(word).matches() && !word.startsWith("=") ? word
                : "'" + word.replace("'", "'\\''") + "'";
    }

    /** The command line of these words, each quoted as needed. */
    public static String line(List<String> words) {
        return words.stream().map(ShellWords::quote).collect(Collectors.joining(" "));
    }

    public static String line(String... words) {
        return line(List.of(words));
    }
}
