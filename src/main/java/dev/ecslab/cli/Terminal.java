package dev.ecslab.cli;

import java.util.Map;

/**
 * What ecslab's output goes to. Java cannot tell whether stdout and stderr each are a terminal, so scripts/ecslab
 * says (the system properties ecslab.stdout.tty, ecslab.stderr.tty and ecslab.columns, from `test -t` and `tput
 * cols`); run with `java -jar` alone, a console (stdin and stdout both terminals) stands for both.
 *
 * @param colourAllowed NO_COLOR is unset or empty and TERM is not "dumb"
 */
record Terminal(boolean stdout, boolean stderr, int columns, boolean colourAllowed) {
    static final Terminal NONE = new Terminal(false, false, 80, false);

    static Terminal detect(Map<String, String> env) {
        boolean console = System.console() != null;
        boolean out = Boolean.parseBoolean(System.getProperty("ecslab.stdout.tty", String.valueOf(console)));
        boolean err = Boolean.parseBoolean(System.getProperty("ecslab.stderr.tty", String.valueOf(console)));
        int columns;
        try {
            columns = Integer.parseInt(System.getProperty("ecslab.columns", env.getOrDefault("COLUMNS", "80")));
        } catch (NumberFormatException e) {
            columns = 80;
        }
        String noColor = env.get("NO_COLOR");
        return new Terminal(out, err, columns > 0 ? columns : 80,
                (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM")));
    }
}
