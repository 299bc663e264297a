package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

/**
 * A lab that does not exist is said so, naming the labs that do, by every command that works on an existing lab
 * (issue 31, item 3), instead of a chain of hints about its missing parts; nothing is created. status keeps
 * answering that nothing exists: that is its report.
 */
class MissingLabE2E {
    @RegisterExtension
    static final Emulator EMULATOR = Emulator.fast();

    @RegisterExtension
    final LabHome home = new LabHome(EMULATOR);

    private final Cli cli = home.cli();

    @Test
    void each_command_on_a_missing_lab_names_the_labs_there_and_creates_nothing() {
        for (String lab : List.of("b", "a")) { // labs in part: a log group and a task definition each
            cli.run("taskdef", "--lab", lab).ok();
        }
        for (List<String> args : List.of(List.of("scale", "--count", "4"), List.of("service"),
                List.of("service", "--dry-run"), List.of("verify"), List.of("logs"))) {
            String verb = args.get(0);
            List<String> run = new ArrayList<>(args);
            run.addAll(List.of("--lab", "nosuch"));
            cli.run(run.toArray(String[]::new)).exitedWith(3).stderrContains(verb + " lab nosuch: lab nosuch does "
                    + "not exist (labs in us-east-1: a, b)", "hint: run `ecslab up --lab nosuch");
        }
        cli.run("status", "--lab", "nosuch").ok().stdoutContains("lab nosuch in us-east-1: nothing exists",
                "next: ecslab up --lab nosuch");
        home.scenario().assertNothingLeft("nosuch");
    }
}
