package dev.ecslab.cli;

import dev.ecslab.aws.AwsCallException;
import dev.ecslab.aws.UrlSecrets;
import dev.ecslab.error.CancelledException;
import dev.ecslab.error.DoctorFailedException;
import dev.ecslab.error.CleanupIncompleteException.Leftover;
import dev.ecslab.error.EcslabException;
import dev.ecslab.error.ExitCode;
import dev.ecslab.error.InterruptedRunException;
import dev.ecslab.error.VerifyFailedException;
import dev.ecslab.report.JsonReport;
import dev.ecslab.report.TextReport;
import dev.ecslab.report.NdjsonReporter;
import dev.ecslab.report.Printable;
import dev.ecslab.report.ShortIds;
import dev.ecslab.report.Results;
import dev.ecslab.report.Verb;
import dev.ecslab.run.RunControl;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that turns an exception into text and an exit code: {@code ecslab: <message>} and
 * {@code hint: <what to do>} on stderr (one JSON line instead with --progress json), plus the failure's result
 * document on stdout with -o json. Usage errors print one line and point at --help instead of dumping the usage.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final EcslabCommand root;
    private final RunControl control;

    ErrorHandler(EcslabCommand root, RunControl control) {
        this.root = root;
        this.control = control;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        if (control.interrupted() && !(e instanceof InterruptedRunException)) {
            // After Ctrl-C, calls cut short fail in their own ways (the SDK's "Unable to unmarshall response"):
            // the run was interrupted, whatever broke on the way out.
            e = new InterruptedRunException(cmd.getCommandName() + " lab " + root.labName() + ": interrupted ("
                    + e.getMessage() + ")", control.rollbackAbandoned()
                    ? "run `" + root.commandLine(Verb.CLEANUP) + "` to remove what this run created"
                    : e instanceof EcslabException ee ? ee.hint() : null, e,
                    e instanceof EcslabException ee ? ee.leftovers() : List.of());
        }
        if (e instanceof CancelledException) { // the user's choice, not a failure: plain, no red, no hint
            cmd.getErr().println(root.progressJson() ? NdjsonReporter.line("info", root.labName(), null,
                    e.getMessage(), Map.of()) : Printable.text(e.getMessage()));
            cmd.getErr().flush();
            if (root.json()) { // a cleanup that deleted nothing
                new JsonReport(cmd.getOut(), root.record()).print(new Results.CleanupResult(root.labName(), false,
                        List.of(), List.of(), false, Duration.ZERO));
            }
            return ExitCode.OK.code();
        }
        if (e instanceof EcslabException ee) {
            Results.VerifyReport verify = ee instanceof VerifyFailedException v
                    && v.report() instanceof Results.VerifyReport r ? r : null;
            Results.DoctorReport doctor = ee instanceof DoctorFailedException d
                    && d.report() instanceof Results.DoctorReport r ? r : null;
            return report(cmd, new JsonReport.Failure(ee.getMessage(), ee.hint(), ee.exitCode().code(), verify,
                    doctor, ee.leftovers()), ee.getCause(), isDryRun(cmd));
        }
        if (e instanceof AwsCallException ace) {
            // AWS refused a call no step wrapped (a read of logs, verify's checks): its own words, not an
            // internal error
            return report(cmd, new JsonReport.Failure(cmd.getCommandName() + " lab " + root.labName() + ": "
                    + ace.getMessage(), ace.preflightHint(), ExitCode.STEP_FAILED.code(), null, List.of()), e,
                    isDryRun(cmd));
        }
        return report(cmd, new JsonReport.Failure("internal error: " + e, "run with --verbose for the stack trace",
                ExitCode.STEP_FAILED.code(), null, List.of()), e, isDryRun(cmd));
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        StringWriter suggestions = new StringWriter();
        UnmatchedArgumentException.printSuggestions(e, new PrintWriter(suggestions));
        String hint = (suggestions.toString().isBlank() ? "" : suggestions.toString().trim().replace('\n', ' ')
                + "; ") + "see `" + cmd.getCommandSpec().qualifiedName() + " --help`";
        // picocli may have stopped before it read -o or --progress: look at the arguments themselves
        return report(cmd, new JsonReport.Failure(cmd.getCommandSpec().qualifiedName() + ": " + inUsersWords(e), hint,
                ExitCode.USAGE.code(), null, List.of()), null, List.of(args).contains("--dry-run"),
                root.json() || Main.optionIs(args, "json", "-o", "--output"),
                root.progressJson() || Main.progressJson(args));
    }

    /** picocli's words, but a mistyped command as such: "Unmatched argument at index 0: 'upp'" names no command. */
    private static String inUsersWords(ParameterException e) {
        if (e instanceof UnmatchedArgumentException u && !u.getCommandLine().getSubcommands().isEmpty()
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            return "run command '" + u.getUnmatched().get(0) + "': there is no such command";
        }
        return e.getMessage();
    }

    private int report(CommandLine cmd, JsonReport.Failure f, Throwable cause, boolean dryRun) {
        return report(cmd, f, cause, dryRun, root.json(), root.progressJson());
    }

    private int report(CommandLine cmd, JsonReport.Failure given, Throwable cause, boolean dryRun, boolean json,
                       boolean progressJson) {
        // whatever the failure quotes (an endpoint's error, picocli echoing an argument) shows no URL's credentials
        JsonReport.Failure f = new JsonReport.Failure(UrlSecrets.removedFrom(given.message()),
                UrlSecrets.removedFrom(given.hint()), given.exitCode(), given.verify(), given.doctor(),
                given.leftovers());
        if (!json && f.verify() != null) { // the checks, NG ones with their evidence, printed once: here
            new TextReport(cmd.getOut(), root.colourOut(), root.verbose()).print(f.verify());
        }
        PrintWriter err = cmd.getErr();
        if (progressJson) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("hint", f.hint());
            fields.put("exitCode", f.exitCode());
            if (!f.leftovers().isEmpty()) {
                fields.put("leftovers", f.leftovers().stream().map(Leftover::line).toList());
            }
            err.println(NdjsonReporter.line("error", root.labName(), null, f.message(), fields));
        } else {
            String message = f.message().startsWith(cmd.getCommandSpec().qualifiedName() + ": ") ? f.message()
                    : "ecslab: " + f.message();
            // AWS's words, or an endpoint's; ECS's events in them quote whole task ids
            String shown = ShortIds.in(Printable.text(message)); // not wrapped: paths and commands in it are pasted
            err.println(root.colourErr() ? "\u001b[31m" + shown + "\u001b[0m" : shown); // red on a terminal
            f.leftovers().forEach(l -> err.println("  left: " + Printable.text(l.line())));
            if (f.hint() != null) {
                err.println("hint: " + ShortIds.in(Printable.text(f.hint())));
            }
            if (root.verbose() && cause != null) {
                StringWriter trace = new StringWriter();
                cause.printStackTrace(new PrintWriter(trace));
                err.print(UrlSecrets.removedFrom(trace.toString()));
            }
        }
        err.flush();
        if (json) {
            String command = cmd.getParent() == null ? null : cmd.getCommandName();
            new JsonReport(cmd.getOut(), root.record()).printError(command, root.labName(), dryRun, f);
        }
        return f.exitCode();
    }

    private static boolean isDryRun(CommandLine cmd) {
        ParseResult parsed = cmd.getParseResult();
        return parsed != null && parsed.hasMatchedOption("--dry-run");
    }
}
