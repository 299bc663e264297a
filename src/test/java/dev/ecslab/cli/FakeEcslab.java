package dev.ecslab.cli;

import dev.ecslab.app.Ecslab;
import dev.ecslab.lab.Lab;
import dev.ecslab.lab.LogTail;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Records each call and the Lab it was given; answers with a canned result, or throws what a test asks for. */
final class FakeEcslab implements Ecslab {
    final List<String> calls = new ArrayList<>();
    Lab lastLab;
    Supplier<RuntimeException> failure;

    private Results.StepResult step(String command, Lab lab, Reporter reporter) {
        record(command, lab);
        reporter.info(command, "working");
        return new Results.StepResult(lab.name(), command, lab.how().dryRun(), List.of(), null, List.of("ecslab next"),
                Duration.ofSeconds(3), null, null);
    }

    private void record(String command, Lab lab) {
        calls.add(command);
        lastLab = lab;
        if (failure != null) {
            throw failure.get();
        }
    }

    @Override
    public Results.StepResult up(Lab lab, Reporter reporter) {
        return step("up", lab, reporter);
    }

    @Override
    public Results.StepResult cluster(Lab lab, Reporter reporter) {
        return step("cluster", lab, reporter);
    }

    @Override
    public Results.StepResult taskdef(Lab lab, Reporter reporter) {
        return step("taskdef", lab, reporter);
    }

    @Override
    public Results.StepResult elb(Lab lab, Reporter reporter) {
        return step("elb", lab, reporter);
    }

    @Override
    public Results.StepResult service(Lab lab, Reporter reporter) {
        return step("service", lab, reporter);
    }

    @Override
    public Results.VerifyReport verify(Lab lab, Reporter reporter) {
        record("verify", lab);
        return new Results.VerifyReport(lab.name(), List.of(new Results.CheckResult("targets healthy",
                Results.CheckOutcome.OK, "2/2")));
    }

    @Override
    public Results.StepResult scale(Lab lab, Reporter reporter) {
        return step("scale", lab, reporter);
    }

    @Override
    public Results.CleanupResult cleanup(Lab lab, Reporter reporter) {
        record("cleanup", lab);
        return new Results.CleanupResult(lab.name(), lab.how().dryRun(), List.of(), List.of(), true, Duration.ZERO);
    }

    @Override
    public Results.StatusReport status(Lab lab, Reporter reporter) {
        record("status", lab);
        return new Results.StatusReport(lab.name(), "us-east-1", List.of(),
                new dev.ecslab.report.CostEstimate(0, null, "none"), null,
                List.of("ecslab up"));
    }

    @Override
    public Results.DoctorReport doctor(Lab lab, Reporter reporter) {
        record("doctor", lab);
        return new Results.DoctorReport(lab.name(), "us-east-1", List.of(new Results.Diagnosis("region",
                Results.CheckOutcome.OK, "us-east-1", null)));
    }

    @Override
    public Results.LabsReport ls(Lab lab, Reporter reporter) {
        record("ls", lab);
        return new Results.LabsReport("us-east-1", List.of());
    }

    @Override
    public String script(Lab lab) {
        record("script", lab);
        return "#!/usr/bin/env bash\n";
    }

    LogTail.Query lastLogs;

    @Override
    public long logs(Lab lab, Reporter reporter, LogTail.Query query, Consumer<Results.LogLine> sink) {
        record("logs", lab);
        lastLogs = query;
        sink.accept(new Results.LogLine(Instant.parse("2026-11-28T10:00:00Z"), "0123456789abcdef0123456789abcdef",
                "GET / 200"));
        return 1;
    }
}
