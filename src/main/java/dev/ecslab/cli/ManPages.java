package dev.ecslab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The man pages, ecslab(1) and ecslab-COMMAND(1), written in roff from the command line itself at build time
 * ({@code mvn package} puts them in target/man; {@code man -l target/man/ecslab-up.1} reads one). picocli's own
 * ManPageGenerator writes AsciiDoc, which needs Asciidoctor (a Ruby toolchain) to become a man page.
 */
public final class ManPages {
    private ManPages() {
    }

    /** Usage: ManPages DIRECTORY [VERSION]. */
    public static void main(String[] args) throws IOException {
        write(Path.of(args[0]), args.length > 1 ? args[1] : "");
    }

    /** Writes one page per command into {@code dir}; returns their files. */
    static List<Path> write(Path dir, String version) throws IOException {
        Files.createDirectories(dir);
        CommandLine root = CommandTree.full(new EcslabCommand(null, null));
        List<Path> pages = new ArrayList<>();
        pages.add(page(dir, "ecslab", root.getCommandSpec(), root, version));
        for (Map.Entry<String, CommandLine> c : root.getSubcommands().entrySet()) {
            pages.add(page(dir, "ecslab-" + c.getKey(), c.getValue().getCommandSpec(), root, version));
        }
        return pages;
    }

    private static Path page(Path dir, String name, CommandSpec spec, CommandLine root, String version)
            throws IOException {
        boolean isRoot = spec.parent() == null;
        StringBuilder roff = new StringBuilder();
        roff.append(".TH ").append(name.toUpperCase()).append(" 1 \"\" \"ecslab ").append(version)
                .append("\" \"ecslab manual\"\n");
        roff.append(".SH NAME\n").append(name.replace("-", "\\-")).append(" \\- ")
                .append(text(firstSentence(spec.usageMessage().description()))).append('\n');
        roff.append(".SH SYNOPSIS\n.B ").append(spec.qualifiedName()).append('\n')
                .append(isRoot ? "[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n"
                        : "[\\fIOPTIONS\\fR]" + positionals(spec) + "\n");
        roff.append(".SH DESCRIPTION\n").append(text(String.join(" ", spec.usageMessage().description())))
                .append('\n');
        if (isRoot) {
            roff.append(".SH COMMANDS\n");
            for (Map.Entry<String, CommandLine> c : root.getSubcommands().entrySet()) {
                roff.append(".TP\n.B ").append(c.getKey()).append('\n').append(text(firstSentence(
                        c.getValue().getCommandSpec().usageMessage().description()))).append(". See \\fBecslab\\-")
                        .append(c.getKey()).append("\\fR(1).\n");
            }
        }
        List<OptionSpec> own = spec.options().stream().filter(o -> isRoot || !o.inherited()).toList();
        roff.append(isRoot ? ".SH GLOBAL OPTIONS\n" : ".SH OPTIONS\n");
        own.stream().filter(o -> !o.hidden()).forEach(o -> roff.append(".TP\n").append(option(o)).append('\n')
                .append(text(String.join(" ", o.description()))).append('\n'));
        if (!isRoot) {
            roff.append(".PP\nThe global options (\\-\\-lab, \\-\\-region, \\-\\-profile, \\-\\-endpoint\\-url, "
                    + "\\-o, \\-\\-progress, \\-\\-yes, \\-\\-verbose, \\-\\-quiet, \\-\\-no\\-color) are in "
                    + "\\fBecslab\\fR(1).\n");
        }
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            // the footers are "Examples:" (and the root's exit codes first): kept as they are laid out
            String heading = spec.usageMessage().footerHeading().replace("%n", "").replace(":", "").trim();
            roff.append(".SH ").append(heading.toUpperCase()).append("\n.nf\n");
            for (String line : footer) {
                String plain = line.strip();
                if (plain.endsWith(":") && !plain.contains(" ")) { // a heading inside the footer (Examples:)
                    roff.append(".fi\n.SH ").append(plain.replace(":", "").toUpperCase()).append("\n.nf\n");
                } else if (!plain.isEmpty()) {
                    roff.append(escape(line)).append('\n');
                }
            }
            roff.append(".fi\n");
        }
        roff.append(".SH SEE ALSO\n").append(isRoot ? "\\fBecslab\\-up\\fR(1), \\fBecslab\\-doctor\\fR(1), "
                + "README.md and docs/ in ecslab's repository\n" : "\\fBecslab\\fR(1)\n");
        Path file = dir.resolve(name + ".1");
        Files.writeString(file, roff.toString(), StandardCharsets.UTF_8);
        return file;
    }

    private static String positionals(CommandSpec spec) {
        StringBuilder s = new StringBuilder();
        for (PositionalParamSpec p : spec.positionalParameters()) {
            s.append(" \\fI").append(escape(p.paramLabel())).append("\\fR");
        }
        return s.toString();
    }

    /** ".BR \-\-count " " \fIN\fR" style: the option's names in bold, its parameter in italics. */
    private static String option(OptionSpec o) {
        StringBuilder s = new StringBuilder();
        for (String n : o.names()) {
            s.append(s.length() == 0 ? "" : ", ").append("\\fB").append(escape(n)).append("\\fR");
        }
        if (o.arity().max() > 0) {
            s.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
        }
        return s.toString();
    }

    private static String firstSentence(String[] description) {
        String all = String.join(" ", description);
        int end = all.indexOf(". ");
        return end < 0 ? all.replaceAll("\\.$", "") : all.substring(0, end);
    }

    /** Running text: escaped, and never a line that roff would take for a request. */
    private static String text(String s) {
        return escape(s.replace("%n", " ").replace("%%", "%"));
    }

    private static String escape(String s) {
        String e = s.replace("\\", "\\e").replace("-", "\\-");
        return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
    }
}
