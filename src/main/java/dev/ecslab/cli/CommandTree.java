package dev.ecslab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.List;
import java.util.Optional;

/**
 * The root command and its subcommands. Picocli reads each command class it is given by reflection (for all
 * fourteen, ~40 ms of a `status` of 0.6 s on Java 17), so a run gets only the command it names; help, completion, man
 * pages and a name picocli must answer with suggestions get them all.
 */
final class CommandTree {
    /** In the order `ecslab --help` lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(UpCommand.class, ClusterCommand.class,
            TaskdefCommand.class, ElbCommand.class, ServiceCommand.class, VerifyCommand.class, ScaleCommand.class,
            CleanupCommand.class, StatusCommand.class, LogsCommand.class, LsCommand.class, DoctorCommand.class,
            ScriptCommand.class, CompletionCommand.class, HelpCommand.class);
    /** Commands that read the others: help and completion describe them all. */
    private static final List<Class<?>> NEED_ALL = List.of(CompletionCommand.class, HelpCommand.class);

    private CommandTree() {
    }

    /** The whole tree, with the help layout. */
    static CommandLine full(EcslabCommand root) {
        CommandLine commandLine = new CommandLine(root);
        SUBCOMMANDS.forEach(commandLine::addSubcommand);
        return HelpLayout.apply(commandLine);
    }

    /** The root with the one subcommand {@code args} name, or the whole tree when they name none or another. */
    static CommandLine forArgs(EcslabCommand root, String[] args) {
        CommandLine commandLine = new CommandLine(root);
        Optional<Class<?>> named = commandName(commandLine.getCommandSpec(), args).flatMap(name -> SUBCOMMANDS
                .stream().filter(c -> !NEED_ALL.contains(c) && name.equals(c.getAnnotation(Command.class).name()))
                .findFirst());
        (named.isPresent() ? List.of(named.get()) : SUBCOMMANDS).forEach(commandLine::addSubcommand);
        return HelpLayout.apply(commandLine);
    }

    /**
     * The first argument that is not one of the root's options or an option's value: the command's name. Empty
     * when an argument is an option the root does not know (picocli's error then needs the whole tree).
     */
    static Optional<String> commandName(CommandSpec root, String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-") || arg.equals("-")) {
                return Optional.of(arg);
            }
            if (arg.equals("--")) {
                return Optional.empty();
            }
            boolean glued = arg.contains("=") || !arg.startsWith("--") && arg.length() > 2;
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('='))
                    : glued ? arg.substring(0, 2) : arg;
            OptionSpec option = root.findOption(name);
            if (option == null || glued && option.arity().max() == 0) {
                return Optional.empty();
            }
            if (!glued && option.arity().max() > 0) {
                i++;
            }
        }
        return Optional.empty();
    }
}
