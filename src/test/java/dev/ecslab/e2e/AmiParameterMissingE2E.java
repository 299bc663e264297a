package dev.ecslab.e2e;

import dev.ecslab.aws.SsmGateway;
import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A region where SSM publishes no ECS-optimized AMI parameter (AWS publishes public parameters only in the regions it
 * chooses; the emulator withholds them in us-east-1 here): `up` is refused in preflight with exit 3 and creates
 * nothing, as the README's exit codes promise, and `doctor` says NG for the AMI.
 */
class AmiParameterMissingE2E {
    private static final String REGION = "us-east-1";

    @RegisterExtension
    static final Emulator EMULATOR = new Emulator(Map.of("ECSLAB_EMULATOR_NO_ECS_AMI_PARAMETERS_IN", REGION));

    @RegisterExtension
    final LabHome home = new LabHome(EMULATOR);

    private final Cli cli = home.cli();

    @Test
    void up_is_refused_in_preflight_and_creates_nothing() {
        assertThrows(ParameterNotFoundException.class, () -> EMULATOR.clients().ssm()
                .getParameter(r -> r.name(SsmGateway.ECS_AMI_X86)), "the emulator publishes no AMI parameter here");
        String refusal = "find the ECS-optimized AMI in " + REGION + ": SSM has no parameter " + SsmGateway.ECS_AMI_X86;

        CliResult up = cli.run("up", "--lab", "noami").exitedWith(3).stderrContains(refusal, "hint: pick a region "
                + "where SSM has it (--region): `aws ssm get-parameter --name " + SsmGateway.ECS_AMI_X86);
        assertFalse(up.stdout().contains("created ") || up.stderr().contains("rolled back"), up::toString);
        home.scenario().assertNothingLeft("noami");
        // Nor what a rollback leaves: the service-linked roles ECS and ELB make on a first cluster or load balancer.
        assertEquals(List.of(), EMULATOR.clients().iam().listRoles().roles().stream().map(Role::roleName)
                .filter(name -> name.startsWith("AWSServiceRoleFor")).toList());

        cli.run("up", "--lab", "noami", "--dry-run").exitedWith(3).stderrContains(refusal);
        cli.run("doctor", "--lab", "noami").exitedWith(3).stdoutContains("[NG] ECS-optimized AMI — " + refusal);
        home.scenario().assertNothingLeft("noami");
    }
}
