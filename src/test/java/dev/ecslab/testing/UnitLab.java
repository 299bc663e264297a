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

    public UnitLab(Path dir) {
        this.dir = dir;
    }

    /** Runs with --file {@code file} from now on. */
    public UnitLab withFile(Path file) {
        taskDefinitionFile = file;
        return this;
    }

    /** Lab "x", looking every 10 ms, --timeout 1 minute. */
    public LabContext context() {
        return context(new StsGateway.CallerIdentity("123456789012", "arn:aws:iam::123456789012:user/t", "AID",
                "us-east-1"));
    }

    /** The same, for {@code caller}. */
    public LabContext context(StsGateway.CallerIdentity caller) {
        Lab lab = new Lab("x", "us-east-1", null, null, true, false, false, 1, Duration.ofMinutes(1), "t3.micro",
                taskDefinitionFile,
                dir, Duration.ofMillis(10), false);
        return new LabContext(lab, aws.gateways(), events::add, StateFile.open(dir, "123456789012-us-east-1", "x"),
                caller);
    }
}
