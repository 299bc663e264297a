package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lab run by an IAM user holding only examples/ecslab-iam-policy.json, on the emulator that authorizes every call
 * as IAM does (its own action on each resource, the tags of a create, iam:PassRole, ELB's reads on the caller): the
 * policy is enough (PolicyStatementsE2E: and each statement is needed). Outcomes are checked with the emulator's
 * root clients.
 */
class AuthorizedLabE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    private static final Path POLICY = Emulator.projectDir().resolve("examples/ecslab-iam-policy.json");

    @TempDir
    Path home;

    @Test
    void a_user_with_only_the_example_policy_runs_doctor_up_verify_scale_deploy_status_ls_logs_and_cleanup()
            throws IOException {
        Cli cli = asUserWith(Files.readString(POLICY));
        cli.run("doctor", "--lab", "iam").ok().stdoutContains("[OK] permissions — all ");
        LabScenario scenario = new LabScenario(cli, EMULATOR.clients());
        scenario.runWholeLab("iam"); // up, verify, scale, status, logs, cleanup; nothing left

        cli.run("up", "--lab", "iamdep", "--count", "1").ok();
        Path changed = home.resolve("changed.json");
        Files.writeString(changed, """
                {"family": "whatever", "networkMode": "bridge", "requiresCompatibilities": ["EC2"],
                 "containerDefinitions": [{"name": "web", "image": "public.ecr.aws/nginx/nginx:alpine",
                   "essential": true, "cpu": 128, "memory": 512, "memoryReservation": 64,
                   "portMappings": [{"containerPort": 80, "hostPort": 0, "protocol": "tcp"}]}]}
                """);
        cli.run("taskdef", "--lab", "iamdep", "--file", changed.toString()).ok();
        cli.run("service", "--lab", "iamdep").ok();
        String deployed = EMULATOR.clients().ecs().describeServices(r -> r.cluster("ecslab-iamdep")
                .services("ecslab-iamdep-web")).services().get(0).taskDefinition();
        assertTrue(deployed.endsWith("/ecslab-iamdep-web:2"), deployed);
        cli.run("ls").ok().stdoutContains("iamdep");
        cli.run("cleanup", "--lab", "iamdep", "--yes").ok();
        scenario.assertNothingLeft("iamdep");
    }

    private Cli asUserWith(String policy) {
        return PolicyStatementsE2E.asUserWith(EMULATOR, home, policy);
    }
}
