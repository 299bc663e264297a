package dev.ecslab.report;

import dev.ecslab.aws.Durations;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;

/** Progress for people, on stderr: one line per event, prefixed by its step. Safe from several threads. */
public final class HumanReporter implements Reporter {
    private final PrintWriter err;
    private final boolean quiet;
    private final boolean verbose;

    public HumanReporter(PrintWriter err, boolean quiet, boolean verbose) {
        this.err = err;
        this.quiet = quiet;
        this.verbose = verbose;
    }

    @Override
    public synchronized void emit(Event e) {
        String line = format(e);
        if (line != null) {
            err.println(line);
            err.flush();
        }
    }

    String format(Event e) {
        Map<String, Object> f = e.fields();
        String prefix = e.step() == null ? "" : "[" + e.step() + "] ";
        switch (e.type()) {
            case STEP_STARTED:
                return prefix + "started: " + e.message();
            case STEP_DONE:
                return prefix + "done in " + Durations.format(e.elapsed());
            case STEP_FAILED:
                return prefix + "failed after " + Durations.format(e.elapsed()) + ": " + e.message();
            case PLANNED:
                return prefix + "(plan) would " + f.get("action") + " " + label(f) + " " + f.get("name")
                        + (e.message() == null ? "" : ": " + e.message());
            case CREATED:
                return prefix + "created " + resource(f);
            case ADOPTED:
                return quiet ? null : prefix + "found existing " + resource(f);
            case DELETED:
                return prefix + "deleted " + resource(f);
            case WAITING:
                return quiet ? null : prefix + "waiting for " + e.message() + " (" + Durations.format(
                        (Duration) f.get("elapsed")) + " of " + Durations.format((Duration) f.get("budget")) + ")"
                        + (f.get("status") == null ? "" : ": " + f.get("status"));
            case INFO:
                return quiet ? null : prefix + e.message();
            case WARNING:
                return prefix + "warning: " + e.message();
            case CHECK:
                return prefix + f.get("result") + " " + e.message() + " — " + f.get("evidence");
            case NEXT:
                return "next: " + e.message();
            default:
                return verbose ? prefix + e.type() + " " + e.message() : null;
        }
    }

    private static String resource(Map<String, Object> f) {
        Object id = f.get("id");
        return label(f) + " " + f.get("name") + (id == null || id.equals(f.get("name")) ? "" : " (" + id + ")");
    }

    /** "alb-security-group" reads "alb security group". */
    private static String label(Map<String, Object> f) {
        return String.valueOf(f.get("kind")).replace('-', ' ');
    }
}
