package dev.ecslab.report;

/** The few ANSI sequences ecslab colours with, used only where a terminal shows them (and NO_COLOR is unset). */
final class Ansi {
    static final String RESET = "\u001b[0m";
    static final String RED = "\u001b[31m";
    static final String GREEN = "\u001b[32m";
    static final String YELLOW = "\u001b[33m";
    static final String CYAN = "\u001b[36m";
    static final String DIM = "\u001b[2m";

    private Ansi() {
    }

    /** "[OK]" green, "[NG]" red, "[SKIP]" yellow. */
    static String outcome(String result) {
        String colour = switch (result) {
            case "OK" -> GREEN;
            case "NG" -> RED;
            default -> YELLOW;
        };
        return colour + "[" + result + "]" + RESET;
    }

    /** A progress line: warnings yellow, failures red, the rest as it is. */
    static String colourLine(String line) {
        if (line.contains("] warning: ") || line.startsWith("warning: ")) {
            return YELLOW + line + RESET;
        }
        if (line.contains("] failed after ")) {
            return RED + line + RESET;
        }
        return line;
    }
}
