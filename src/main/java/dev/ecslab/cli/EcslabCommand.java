package dev.ecslab.cli;

import dev.ecslab.app.Ecslab;
import dev.ecslab.app.LabResolver;
import dev.ecslab.aws.UrlSecrets;
import dev.ecslab.lab.Lab;
import dev.ecslab.lab.AwsTimes;
import dev.ecslab.report.ExplainingReporter;
import dev.ecslab.report.HumanReporter;
import dev.ecslab.report.LiveReporter;
import dev.ecslab.report.NdjsonReporter;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.RunRecord;
import dev.ecslab.report.ShellWords;
import dev.ecslab.report.Verb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The root command: the global options every command inherits (its subcommands: CommandTree). */
@Command(name = "ecslab", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Builds, checks, scales and tears down the classic Amazon ECS lab.",
        footerHeading = "%nExit codes:%n",
        // lines shorter than the 80 columns of the help, so that none wraps back to column 0
        footer = {"  0    done, or cleanup declined at its prompt (nothing deleted)",
                "  1    a step failed; what this run created was rolled back",
                "       (unless --keep-on-failure)",
                "  2    bad usage or input; nothing was created",
                "  3    preflight failed: network, credentials, permissions, region, VPC;",
                "       nothing was created",
                "  4    cleanup could not remove everything; what is left is listed",
                "  5    verify found a problem",
                "  130  interrupted; what this run created was rolled back",
                "", "Examples:", "  ecslab up --lab demo", "  ecslab verify --lab demo", "  ecslab cleanup --lab demo --yes"})
public final class EcslabCommand implements LabResolver.Flags, Runnable {
    static final Pattern LAB_NAME = Pattern.compile("[a-z][a-z0-9-]{0,19}");
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\\d+");

    private final Ecslab app;
    private final LabResolver resolver;

    @Spec
    CommandSpec spec;

    private String lab;
    private String region;
    private String profile;
    private String endpoint;
    private String output;
    private String progress;
    private boolean yes;
    private boolean verbose;
    private boolean quiet;

    private final Terminal terminal;

    public EcslabCommand(Ecslab app, LabResolver resolver) {
        this(app, resolver, Terminal.NONE);
    }

    public EcslabCommand(Ecslab app, LabResolver resolver, Terminal terminal) {
        this.app = app;
        this.resolver = resolver;
        this.terminal = terminal;
    }

    /** `ecslab` alone: what it can do, as `docker` and `kubectl` answer their bare name (exit 0). */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    // Global options are bound to setters (as jbang does) so `ecslab --lab a scale` and `ecslab scale --lab a`
    // set the same field; they have no picocli defaults, which would overwrite a value given before the command.

    @Option(names = "--lab", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Name of the lab (default: default): 1-20 lowercase letters, digits, hyphens.")
    void setLab(String value) {
        if (value != null) {
            lab = value;
        }
    }

    @Option(names = "--region", scope = ScopeType.INHERIT, description = "AWS region (default: the SDK's chain).")
    void setRegion(String value) {
        if (value != null) {
            region = value;
        }
    }

    @Option(names = "--profile", scope = ScopeType.INHERIT, description = "AWS profile from ~/.aws/config.")
    void setProfile(String value) {
        if (value != null) {
            profile = value;
        }
    }

    @Option(names = "--endpoint-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Send every AWS call to this endpoint (an emulator).")
    void setEndpoint(String value) {
        if (value != null) {
            endpoint = value;
        }
    }

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "text|json",
            description = "Result format on stdout: text, or one JSON document (docs/json.md).")
    void setOutput(String value) {
        if (value != null) {
            output = value;
        }
    }

    @Option(names = "--progress", scope = ScopeType.INHERIT, paramLabel = "text|json",
            description = "Progress on stderr: text lines, or one JSON object per line, errors included.")
    void setProgress(String value) {
        if (value != null) {
            progress = value;
        }
    }

    @Option(names = "--yes", scope = ScopeType.INHERIT, description = "Do not ask for confirmation.")
    void setYes(boolean value) {
        yes |= value;
    }

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "More detail, stack traces on errors.")
    void setVerbose(boolean value) {
        verbose |= value;
    }

    @Option(names = "--quiet", scope = ScopeType.INHERIT, description = "Only warnings, errors and the result.")
    void setQuiet(boolean value) {
        quiet |= value;
    }

    /** As NO_COLOR: no colour, and progress as plain lines (no block redrawn in place). */
    @Option(names = "--no-color", scope = ScopeType.INHERIT,
            description = "No colour and no live progress, as NO_COLOR; a pipe has neither anyway.")
    void setNoColor(boolean value) {
        noColor |= value;
    }

    private boolean noColor;

    Ecslab app() {
        return app;
    }

    boolean json() {
        return "json".equals(output);
    }

    boolean progressJson() {
        return "json".equals(progress);
    }

    private volatile RunRecord record;

    /** What the running command has reported so far, or null before it started. */
    RunRecord record() {
        return record;
    }

    boolean verbose() {
        return verbose;
    }

    private volatile Lab resolved;

    String labName() {
        return lab == null ? "default" : lab;
    }

    /**
     * The resolved settings for a command: the global options, checked here, and those of the command's option
     * mixins (which check themselves as picocli sets them); each fills in the part of the settings it carries.
     */
    Lab lab(CommandSpec command) {
        if (lab != null && !LAB_NAME.matcher(lab).matches()) {
            throw bad(command, "--lab '" + lab + "' is not a lab name: use 1-20 lowercase letters, digits and "
                    + "hyphens, starting with a letter (e.g. --lab demo)");
        }
        if (output != null && !output.equals("text") && !output.equals("json")) {
            throw bad(command, "--output must be text or json (got '" + output + "')");
        }
        if (progress != null && !progress.equals("text") && !progress.equals("json")) {
            throw bad(command, "--progress must be text or json (got '" + progress + "')");
        }
        if (region != null && !REGION.matcher(region).matches()) {
            throw bad(command, "--region '" + region + "' is not an AWS region name (e.g. us-east-1)");
        }
        Lab.Where where = new Lab.Where(region, profile, endpointUri(command));
        List<LabResolver.Flags> flags = new ArrayList<>(List.of(this));
        command.mixins().values().stream().map(CommandSpec::userObject).filter(LabResolver.Flags.class::isInstance)
                .map(LabResolver.Flags.class::cast).forEach(flags::add);
        resolved = resolver.resolve(lab, where, LabResolver.Flags.all(flags));
        return resolved;
    }

    /** --yes, the one global option of how the run goes (the others say where the lab is). */
    @Override
    public Lab.How how(Lab.How resolved) {
        return resolved.withYes(yes);
    }

    /** The command line that runs {@code verb} on the lab this run works on, with the flags it was given. */
    String commandLine(Verb verb) {
        return resolved != null ? resolved.command(verb) : ShellWords.line("ecslab", verb.word(), "--lab", labName());
    }

    private URI endpointUri(CommandSpec command) {
        if (endpoint == null) {
            return null;
        }
        try {
            URI uri = new URI(endpoint);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT); // RFC 3986 3.1
            if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null) {
                throw new URISyntaxException(endpoint, "needs http:// or https:// and a host");
            }
            // AWS needs no user, password or query (UrlSecrets): not kept, so nothing shows or writes them
            return UrlSecrets.removed(uri);
        } catch (URISyntaxException e) {
            throw bad(command, "--endpoint-url '" + UrlSecrets.removedFrom(endpoint) + "' is not a valid http(s) URL "
                    + "(e.g. http://127.0.0.1:5000)");
        }
    }

    private volatile LiveReporter live;

    Reporter reporter(CommandSpec command, Lab lab) {
        PrintWriter err = command.commandLine().getErr();
        Reporter shown;
        if (progressJson()) {
            shown = new NdjsonReporter(err, lab.name());
        } else if (terminal.stderr() && colour() && !quiet) {
            shown = live = new LiveReporter(err, verbose, AwsTimes::typicalOf, terminal.columns());
        } else {
            shown = new HumanReporter(err, quiet, verbose);
        }
        record = new RunRecord(shown);
        if (ExplainOption.given(command)) {
            return explaining = new ExplainingReporter(record, Verb.of(command.name()).orElseThrow());
        }
        return record;
    }

    private volatile ExplainingReporter explaining;

    /** Ends live progress, if it runs: its block is cleared and the timeline printed (before any error). */
    void endProgress() {
        ExplainingReporter explained = explaining;
        explaining = null;
        if (explained != null) {
            explained.close(); // the changes made outside a step (a cleanup's), before the timeline
        }
        LiveReporter running = live;
        live = null;
        if (running != null) {
            running.close();
        }
    }

    /** Colour may be used on a terminal: neither --no-color nor NO_COLOR (https://no-color.org) says otherwise. */
    private boolean colour() {
        return !noColor && terminal.colourAllowed();
    }

    /** Whether stderr shows colour: a terminal, and neither --no-color nor NO_COLOR. */
    boolean colourErr() {
        return terminal.stderr() && colour();
    }

    /** Whether stdout shows colour: a terminal, and neither --no-color nor NO_COLOR. */
    boolean colourOut() {
        return terminal.stdout() && colour();
    }

    Output output(CommandSpec command) {
        return new Output(command.commandLine().getOut(), json(), colourOut(), verbose,
                this::record);
    }

    private static ParameterException bad(CommandSpec command, String message) {
        return new ParameterException(command.commandLine(), message);
    }
}
