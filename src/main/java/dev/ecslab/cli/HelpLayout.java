package dev.ecslab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The usage help of each command shows that command's own options; the global ones (--lab, --region ...) are
 * listed once, in `ecslab --help`, and named in one line, as gh and kubectl do — instead of ten options repeated in
 * every command's help.
 */
final class HelpLayout {
    private HelpLayout() {
    }

    static CommandLine apply(CommandLine root) {
        for (CommandLine command : root.getSubcommands().values()) {
            command.getCommandSpec().usageMessage().abbreviateSynopsis(true);
            command.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> {
                List<OptionSpec> own = help.commandSpec().options().stream().filter(o -> !o.inherited())
                        .collect(Collectors.toList());
                String global = help.commandSpec().options().stream().filter(OptionSpec::inherited)
                        .filter(o -> !o.hidden()).map(OptionSpec::longestName).collect(Collectors.joining(", "));
                return help.optionListExcludingGroups(own) + (global.isEmpty() ? "" : wrap("Global options, "
                        + "described in `ecslab --help`: " + global + "."));
            });
        }
        return root;
    }

    /** The text in lines of at most 78 columns, the later ones indented by two. */
    private static String wrap(String text) {
        StringBuilder out = new StringBuilder();
        int column = 0;
        for (String word : text.split(" ")) {
            if (column > 0 && column + 1 + word.length() > 78) {
                out.append(System.lineSeparator()).append("  ");
                column = 2;
            } else if (column > 0) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
        }
        return out.append(System.lineSeparator()).toString();
    }
}
