package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.IamClient;

import java.io.IOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An account that never had ECS or a load balancer: neither service-linked role exists (the emulator starts so).
 * Without iam:CreateServiceLinkedRole the lab cannot make ECS's role nor ELB its own; once an administrator made
 * both, the same caller runs the lab, since ecslab looks the role up before it would create it — and waits out
 * IAM's propagation, here at the longest users report.
 */
class FreshAccountE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator(Map.of(
            // IAM's windows at the longest users report (docs/emulator.md): a new account's first run meets them all
            "ECSLAB_WINDOW_INSTANCE_PROFILE", "120", "ECSLAB_WINDOW_INSTANCE_PROFILE_ROLE", "120",
            "ECSLAB_WINDOW_ECS_SERVICE_LINKED_ROLE", "120"));

    @RegisterExtension
    final LabHome home = new LabHome(EMULATOR);

    @Test
    void without_create_service_linked_role_up_needs_an_administrator_to_have_made_the_roles() throws IOException {
        IamClient root = EMULATOR.clients().iam();
        PolicyStatementsE2E.administratorMakesTheBoundary(EMULATOR);
        assertFalse(exists(root, "AWSServiceRoleForECS") || exists(root, "AWSServiceRoleForElasticLoadBalancing"),
                "a fresh account has neither service-linked role");
        Cli cli = PolicyStatementsE2E.asUserWith(EMULATOR, home.path(),
                PolicyStatementsE2E.policyWithout("EcsAndElbServiceLinkedRoles"));

        cli.run("doctor", "--lab", "fresh").exitedWith(3).stdoutContains("iam:CreateServiceLinkedRole on ");
        cli.run("up", "--lab", "fresh").exitedWith(1)
                .stderrContains("is not authorized to perform: iam:CreateServiceLinkedRole", "hint: grant the caller");
        LabScenario scenario = new LabScenario(cli, EMULATOR.clients());
        scenario.assertNothingLeft("fresh");
        assertFalse(exists(root, "AWSServiceRoleForECS"), "made without the caller's permission");

        // An administrator makes both roles; the caller still may not create one, and needs not.
        root.createServiceLinkedRole(r -> r.awsServiceName("ecs.amazonaws.com"));
        root.createServiceLinkedRole(r -> r.awsServiceName("elasticloadbalancing.amazonaws.com"));
        cli.run("up", "--lab", "fresh", "--count", "1").ok().stderrContains(
                "waiting for ECS's new service-linked role to be usable",
                "waiting for the new instance profile and security group to reach EC2");
        scenario.assertOneCompleteLab("fresh", 1);
        cli.run("cleanup", "--lab", "fresh", "--yes").ok();
        scenario.assertNothingLeft("fresh");
        assertTrue(exists(root, "AWSServiceRoleForECS"), "ecslab never deletes a service-linked role");
    }

    private static boolean exists(IamClient iam, String role) {
        return iam.listRoles().roles().stream().anyMatch(r -> r.roleName().equals(role));
    }
}
