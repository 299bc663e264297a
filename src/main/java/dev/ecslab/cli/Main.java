package dev.ecslab.cli;

import dev.ecslab.app.DefaultEcslab;
import dev.ecslab.app.LabResolver;
import dev.ecslab.error.CancelledException;
import dev.ecslab.error.ExitCode;
import dev.ecslab.report.NdjsonReporter;
import dev.ecslab.report.Verb;
import dev.ecslab.run.RunControl;
import picocli.CommandLine;

import java.io.Console;
import java.util.Map;

/** Entry point: builds the command line, handles Ctrl-C, and is the one place that exits. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (progressJson(args)) {
            // every stderr line must then be one JSON object: slf4j-simple's SDK log lines would not be
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "off");
        }
        RunControl control = new RunControl();
        DefaultEcslab app = DefaultEcslab.withSdk(control, Main::confirm);
        EcslabCommand root = new EcslabCommand(app, new LabResolver(System.getenv()),
                Terminal.detect(System.getenv()));
        CommandLine commandLine = CommandTree.forArgs(root, args);
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
        sun.misc.SignalHandler handler = signal -> {
            if (!control.running()) {
                say(root, "interrupted");
                Runtime.getRuntime().halt(ExitCode.INTERRUPTED.code());
            }
            int n = control.interrupt();
            say(root, n == 1 ? "interrupted — rolling back what this run created (Ctrl-C again to stop the rollback)"
                    : "rollback stopped — run `" + root.commandLine(Verb.CLEANUP) + "` to finish it");
        };
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), handler);
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), handler);
    }

    private static void say(EcslabCommand root, String message) {
        System.err.println(root.progressJson()
                ? NdjsonReporter.line("warning", root.labName(), null, message, Map.of()) : "ecslab: " + message);
    }

    /** Whether --progress json is among the arguments, before picocli has read them. */
    static boolean progressJson(String[] args) {
        return optionIs(args, "json", "--progress");
    }

    /** Whether one of the option's names is given {@code value} ("--x v", "--x=v", or "-ov" for a short one). */
    static boolean optionIs(String[] args, String value, String... names) {
        for (int i = 0; i < args.length; i++) {
            for (String name : names) {
                boolean glued = name.length() == 2 ? args[i].equals(name + value) : args[i].equals(name + "=" + value);
                if (glued || args[i].equals(name) && i + 1 < args.length && args[i + 1].equals(value)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean confirm(String question) {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        String answer = console.readLine("%s [y/N] ", question);
        if (answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"))) {
            return true;
        }
        throw new CancelledException("cancelled at the prompt"); // answered: "false" means nobody could answer
    }
}
