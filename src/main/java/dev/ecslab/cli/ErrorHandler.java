package dev.ecslab.cli;

import dev.ecslab.error.CleanupIncompleteException;
import dev.ecslab.error.EcslabException;
import dev.ecslab.error.ExitCode;
import dev.ecslab.error.InterruptedRunException;
import dev.ecslab.error.VerifyFailedException;
import dev.ecslab.out.JsonReport;
import dev.ecslab.run.RunControl;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.stream.Collectors;

/**
 * The one place that turns an exception into text and an exit code: {@code ecslab: <message>} and
 * {@code hint: <what to do>} on stderr (plus one error document on stdout with -o json). Usage errors print one
 * line and point at --help instead of dumping the whole usage.
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
        PrintWriter err = cmd.getErr();
        if (control.interrupted() && !(e instanceof InterruptedRunException)) {
            // After Ctrl-C, calls cut short fail in their own ways (the SDK's "Unable to unmarshall response"):
            // the run was interrupted, whatever broke on the way out.
            e = new InterruptedRunException(cmd.getCommandName() + " lab " + root.labName() + ": interrupted ("
                    + e.getMessage() + ")", control.rollbackAbandoned()
                    ? "run `" + root.commandLine("cleanup") + "` to remove what this run created"
                    : e instanceof EcslabException ee ? ee.hint() : null, e);
        }
        if (e instanceof EcslabException ee) {
            if (ee instanceof VerifyFailedException v && !root.json()) {
                // the checks were already shown as they ran
                err.println("ecslab: " + v.getMessage());
            } else {
                err.println("ecslab: " + ee.getMessage());
            }
            if (ee instanceof CleanupIncompleteException c) {
                c.leftovers().forEach(l -> err.println("  left: " + l.kind() + " " + l.name() + " " + l.id()
                        + " — " + l.reason()));
            }
            if (ee.hint() != null) {
                err.println("hint: " + ee.hint());
            }
            if (root.verbose() && ee.getCause() != null) {
                ee.getCause().printStackTrace(err);
            }
            err.flush();
            if (root.json()) {
                Object detail = ee instanceof VerifyFailedException v ? v.report()
                        : ee instanceof CleanupIncompleteException c ? c.leftovers().stream().map(l -> l.kind() + " "
                        + l.name() + " " + l.id() + ": " + l.reason()).collect(Collectors.toList()) : null;
                new JsonReport(cmd.getOut()).printError(ee.getMessage(), ee.hint(), ee.exitCode().code(), detail);
            }
            return ee.exitCode().code();
        }
        err.println("ecslab: internal error: " + e);
        err.println(root.verbose() ? "" : "hint: run with --verbose for the stack trace");
        if (root.verbose()) {
            e.printStackTrace(err);
        }
        err.flush();
        if (root.json()) {
            new JsonReport(cmd.getOut()).printError("internal error: " + e, "run with --verbose for the stack trace",
                    ExitCode.STEP_FAILED.code(), null);
        }
        return ExitCode.STEP_FAILED.code();
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("see `" + cmd.getCommandSpec().qualifiedName() + " --help`");
        err.flush();
        return ExitCode.USAGE.code();
    }
}
