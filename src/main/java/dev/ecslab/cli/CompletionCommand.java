package dev.ecslab.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * ecslab completion bash|zsh|fish: the shell's completion script for every command and option, made from the
 * command line itself so it never falls behind. bash and zsh share picocli's script (zsh runs it through its
 * bashcompinit); fish gets {@code complete} lines.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Prints the shell completion script for bash, zsh or fish.",
        footerHeading = "%nExamples:%n", footer = {
            "  source <(ecslab completion bash)                 # bash, this shell; add it to ~/.bashrc to keep it",
            "  source <(ecslab completion zsh)                  # zsh; add it to ~/.zshrc to keep it",
            "  ecslab completion fish > ~/.config/fish/completions/ecslab.fish"})
final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash, zsh, fish }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish.")
    Shell shell;

    @Override
    public Integer call() {
        CommandLine root = spec.parent().commandLine();
        PrintWriter out = spec.commandLine().getOut();
        out.print(shell == Shell.fish ? fish(root.getCommandSpec()) : AutoComplete.bash("ecslab", root));
        out.flush();
        return 0;
    }

    /** One {@code complete} line per command and per option, each option offered only after its command. */
    static String fish(CommandSpec root) {
        StringBuilder script = new StringBuilder("# fish completion for ecslab (ecslab completion fish)\n")
                .append("complete -c ecslab -f\n");
        for (OptionSpec option : root.options()) {
            script.append(fishOption("__fish_use_subcommand", option));
        }
        for (Map.Entry<String, CommandLine> command : root.subcommands().entrySet()) {
            CommandSpec spec = command.getValue().getCommandSpec();
            script.append("complete -c ecslab -n __fish_use_subcommand -a ").append(command.getKey())
                    .append(" -d ").append(quoted(firstLine(spec.usageMessage().description()))).append('\n');
            for (OptionSpec option : spec.options()) {
                script.append(fishOption("'__fish_seen_subcommand_from " + command.getKey() + "'", option));
            }
        }
        return script.toString();
    }

    private static String fishOption(String condition, OptionSpec option) {
        if (option.hidden()) {
            return "";
        }
        StringBuilder line = new StringBuilder("complete -c ecslab -n " + condition);
        for (String name : option.names()) {
            line.append(name.startsWith("--") ? " -l " + name.substring(2) : " -s " + name.substring(1));
        }
        if (option.arity().max() > 0) {
            line.append(option.type() == Path.class || option.type() == File.class
                    ? " -r -F" : " -r");
        }
        return line.append(" -d ").append(quoted(firstLine(option.description()))).append('\n').toString();
    }

    private static String firstLine(String[] description) {
        return description.length == 0 ? "" : description[0].replaceAll("\\.$", "");
    }

    private static String quoted(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
