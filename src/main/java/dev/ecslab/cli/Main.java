package dev.ecslab.cli;

import dev.ecslab.app.DefaultEcslab;
import dev.ecslab.app.LabResolver;
import dev.ecslab.error.ExitCode;
import dev.ecslab.run.RunControl;
import picocli.CommandLine;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.Console;

/** Entry point: builds the command line, handles Ctrl-C, and is the one place that exits. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        RunControl control = new RunControl();
        DefaultEcslab app = DefaultEcslab.withSdk(control, Main::confirm);
        EcslabCommand root = new EcslabCommand(app, new LabResolver(System.getenv(), System.console() != null));
        CommandLine commandLine = new CommandLine(root);
        ErrorHandler errors = new ErrorHandler(root, control);
        commandLine.setExecutionExceptionHandler(errors).setParameterExceptionHandler(errors);
        onInterrupt(control, root);
        System.exit(commandLine.execute(args));
    }

    /**
     * First Ctrl-C (or SIGTERM): stop the steps and roll back what this run created, then exit 130. Second: stop the
     * rollback too. Before anything started, there is nothing to roll back: exit at once. sun.misc.Signal (module
     * jdk.unsupported) because a shutdown hook would run the rollback during JVM shutdown, where a second Ctrl-C
     * can neither be heard nor stop it.
     */
    private static void onInterrupt(RunControl control, EcslabCommand root) {
        SignalHandler handler = signal -> {
            if (!control.running()) {
                System.err.println("ecslab: interrupted");
                Runtime.getRuntime().halt(ExitCode.INTERRUPTED.code());
            }
            int n = control.interrupt();
            System.err.println(n == 1
                    ? "ecslab: interrupted — rolling back what this run created (Ctrl-C again to stop the rollback)"
                    : "ecslab: rollback stopped — run `" + root.commandLine("cleanup") + "` to finish it");
        };
        Signal.handle(new Signal("INT"), handler);
        Signal.handle(new Signal("TERM"), handler);
    }

    private static boolean confirm(String question) {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        String answer = console.readLine("%s [y/N] ", question);
        return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
    }
}
