package dev.ecslab.testing;

import dev.ecslab.aws.StsGateway;
import dev.ecslab.lab.Lab;
import dev.ecslab.lab.LabContext;
import dev.ecslab.report.Event;
import dev.ecslab.state.StateFile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A lab context for unit tests: fake gateways, a state file in a temporary folder, events kept in a list. */
public final class UnitLab {
    public final FakeAws aws = new FakeAws();
    public final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    private final Path dir;
    private Path taskDefinitionFile;
    private String ami;

    public UnitLab(Path dir) {
        this.dir = dir;
    }

    /** Runs with --file {@code file} from now on. */
    public UnitLab withFile(Path file) {
        taskDefinitionFile = file;
        return this;
    }

    /** Runs with --ami {@code id} from now on. */
    public UnitLab withAmi(String id) {
        ami = id;
        return this;
    }

    /** Settings for unit tests: lab "x" in us-east-1, one task, --yes, --timeout 1 minute, looking every 10 ms. */
    public static Lab lab(Path stateDir) {
        return lab(stateDir, Lab.What.DEFAULT.withCount(1, false));
    }

    /** The same, with {@code what}. */
    public static Lab lab(Path stateDir, Lab.What what) {
        return new Lab("x", new Lab.Where("us-east-1", null, null), what, Lab.How.DEFAULT.withYes(true)
                .withTimeout(Duration.ofMinutes(1)).withPollInterval(Duration.ofMillis(10)), stateDir);
    }

    /** The same, with --profile {@code profile}. */
    public static Lab lab(Path stateDir, String profile) {
        Lab lab = lab(stateDir);
        return new Lab(lab.name(), new Lab.Where("us-east-1", profile, null), lab.what(), lab.how(), stateDir);
    }

    /** Lab "x" (see {@link #lab(Path)}), with --file and --ami when given. */
    public LabContext context() {
        return context(new StsGateway.CallerIdentity("123456789012", "arn:aws:iam::123456789012:user/t", "AID",
                "us-east-1"));
    }

    /** The same, for {@code caller}. */
    public LabContext context(StsGateway.CallerIdentity caller) {
        Lab lab = lab(dir, lab(dir).what().withTaskDefinitionFile(taskDefinitionFile).withAmi(ami));
        return new LabContext(lab, aws.gateways(), events::add, StateFile.open(dir, "123456789012-us-east-1", "x"),
                caller);
    }
}
