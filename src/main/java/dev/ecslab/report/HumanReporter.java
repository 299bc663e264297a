package dev.ecslab.report;

import dev.ecslab.aws.Durations;
import dev.ecslab.state.ResourceRef.Kind;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Progress for people, on stderr: one line per event, prefixed by its step. Safe from several threads. ARNs and
 * routine detail only with --verbose; with --quiet only warnings and failures (the result and the errors are printed
 * elsewhere). Verify's checks and a dry-run's plan are the result, on stdout: not repeated here.
 */
public final class HumanReporter implements Reporter {
    private final PrintWriter err;
    private final boolean quiet;
    private final boolean verbose;
    private static final Set<Event.Type> QUIET_SHOWS = EnumSet.of(Event.Type.STEP_FAILED, Event.Type.WARNING);

    public HumanReporter(PrintWriter err, boolean quiet, boolean verbose) {
        this.err = err;
        this.quiet = quiet;
        this.verbose = verbose;
    }

    @Override
    public synchronized void emit(Event e) {
        String line = format(e);
        if (line != null) {
            err.println(shown(e, line)); // events carry ECS's words and AWS's messages
            err.flush();
        }
    }

    /** As {@link #shown(String)}, but --explain's commands as made: to be pasted, their ids whole (a UUID too). */
    static String shown(Event e, String line) {
        return e.type() == Event.Type.EXPLAIN && (e.fields().containsKey("commands")
                || e.fields().containsKey("pages")) ? Printable.text(line)
                : shown(line);
    }

    /**
     * A line as printed: made safe for a terminal, task ids shortened (ECS's events quote them whole), and wrapped to
     * {@link Wrapped#WIDTH}, continuation lines indented under the text after the step's prefix.
     */
    static String shown(String line) {
        String text = ShortIds.in(Printable.text(line));
        int prefix = text.startsWith("[") && text.indexOf("] ") > 0 ? text.indexOf("] ") + 2 : 0;
        return Wrapped.lines(text, " ".repeat(prefix + 2));
    }

    String format(Event e) {
        Map<String, Object> f = e.fields();
        String prefix = e.step() == null ? "" : "[" + e.step() + "] ";
        if (quiet && !QUIET_SHOWS.contains(e.type())) {
            return null;
        }
        switch (e.type()) {
            case STEP_STARTED:
                return prefix + "started: " + e.message();
            case STEP_DONE:
                return prefix + "done in " + Durations.format(e.elapsed());
            case STEP_FAILED:
                return prefix + "failed after " + Durations.format(e.elapsed()) + ": " + e.message();
            case CREATED:
                return prefix + "created " + resource(f);
            case ADOPTED: // a container instance is not made by ecslab: its instance's agent registers it
                return Kind.CONTAINER_INSTANCE.id().equals(f.get("kind"))
                        ? prefix + resource(f) + " registered with the cluster"
                        : prefix + "found existing " + resource(f);
            case DELETED:
                return prefix + "deleted " + resource(f);
            case WAITING:
                // "(5s of 10m0s, usually ~40s)": its clock, its budget, and what it usually takes on AWS
                return prefix + "waiting for " + e.message() + " (" + Durations.format((Duration) f.get("elapsed"))
                        + " of " + Durations.format((Duration) f.get("budget")) + (f.get("typical") == null ? ""
                        : ", usually ~" + Durations.format((Duration) f.get("typical"))) + ")"
                        + (f.get("status") == null ? "" : ": " + f.get("status"));
            case INFO:
                return prefix + e.message();
            case DETAIL:
                return verbose ? prefix + e.message() : null;
            case WARNING:
                return prefix + "warning: " + e.message();
            case EXPLAIN: // --explain: what a step builds, then its calls as AWS CLI commands, indented to paste
                if (f.get("commands") instanceof List<?> commands) {
                    return prefix + e.message() + commands.stream().map(c -> "\n" + String.valueOf(c).indent(2)
                            .stripTrailing()).collect(Collectors.joining());
                }
                if (f.get("pages") instanceof List<?> pages) { // a page a line, whole, to be opened
                    return prefix + e.message() + pages.stream().map(p -> (Map<?, ?>) p).map(p -> "\n  "
                            + Kind.ofId(String.valueOf(p.get("kind"))).label() + " " + p.get("name") + ": "
                            + p.get("url")).collect(Collectors.joining());
                }
                return prefix + e.message();
            case CHECK: // the verify report on stdout has them, NG ones too (ErrorHandler prints it)
            case NEXT: // likewise the report's next: lines
            case PLANNED: // and a dry-run's plan
                return null;
            default:
                return verbose ? prefix + e.type() + " " + e.message() : null;
        }
    }

    /**
     * "security group ecslab-demo-alb-sg (sg-0abc)", "task definition ecslab-demo-web:3"; an ARN only with --verbose:
     * it is long, and JSON has it.
     */
    private String resource(Map<String, Object> f) {
        Object id = f.get("id");
        String name = RevisionNames.shown(String.valueOf(f.get("kind")), (String) f.get("name"),
                id == null ? null : id.toString());
        boolean shown = id != null && !id.equals(name) && !hidden(id.toString());
        return label(f) + " " + name + (shown ? " (" + id + ")" : "");
    }

    /** An ARN is shown only with --verbose. */
    private boolean hidden(String id) {
        return !verbose && id.startsWith("arn:");
    }

    /** "alb-security-group" reads "alb security group". */
    private static String label(Map<String, Object> f) {
        return String.valueOf(f.get("kind")).replace('-', ' ');
    }
}
