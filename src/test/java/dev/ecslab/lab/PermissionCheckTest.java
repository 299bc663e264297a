package dev.ecslab.lab;

import dev.ecslab.aws.IamGateway;
import dev.ecslab.aws.StsGateway;
import dev.ecslab.report.Results.CheckOutcome;
import dev.ecslab.report.Results.Diagnosis;
import dev.ecslab.testing.FakeAws;
import dev.ecslab.testing.UnitLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** doctor's permissions line, over fake gateways: whom it asks about, and what it says for each answer. */
class PermissionCheckTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/ci/ecslab-ci";

    @TempDir
    Path dir;

    @Test
    void an_assumed_role_session_is_simulated_as_its_role_read_with_get_role() {
        UnitLab unit = new UnitLab(dir);
        unit.aws.on("iam.findRole", args -> Optional.of(new IamGateway.RoleInfo("ecslab-ci", ROLE, "/ci/", 0,
                        Map.of(), List.of())))
                .on("iam.simulate", args -> allowAll(args));
        Diagnosis d = new PermissionCheck(unit.context(caller("arn:aws:sts::123456789012:assumed-role/ecslab-ci/gh")))
                .run("permissions");
        assertEquals(CheckOutcome.OK, d.result(), d.toString());
        assertTrue(d.evidence().endsWith("calls of up, scale and cleanup allowed for " + ROLE
                + " (IAM policy simulation)"), d.evidence());
        List<String> asked = unit.aws.calls().stream().filter(c -> c.startsWith("iam.simulate")).toList();
        assertEquals(19, asked.size()); // one simulation per context (PermissionRequests.byContext)
        assertTrue(asked.stream().allMatch(c -> c.equals("iam.simulate " + ROLE)), asked.toString());
        assertEquals("iam.findRole ecslab-ci", unit.aws.calls().get(0));
    }

    @Test
    void a_caller_that_may_not_simulate_is_skip_with_the_policy_hint() {
        UnitLab unit = new UnitLab(dir);
        unit.aws.on("iam.simulate", args -> {
            throw FakeAws.refusal("simulate the policies of arn:aws:iam::123456789012:user/t", "AccessDenied",
                    "User: arn:aws:iam::123456789012:user/t is not authorized to perform: "
                            + "iam:SimulatePrincipalPolicy");
        });
        Diagnosis d = new PermissionCheck(unit.context()).run("permissions");
        assertEquals(CheckOutcome.SKIP, d.result(), d.toString());
        assertTrue(d.evidence().startsWith("could not check: simulate the policies of "
                + "arn:aws:iam::123456789012:user/t: AccessDenied"), d.evidence());
        assertEquals(PermissionCheck.SIMULATE_HINT, d.hint());
    }

    @Test
    void a_role_get_role_may_not_read_is_skip_too() {
        UnitLab unit = new UnitLab(dir);
        unit.aws.on("iam.findRole", args -> {
            throw FakeAws.refusal("get role Admin", "AccessDenied", "not authorized to perform: iam:GetRole");
        });
        Diagnosis d = new PermissionCheck(unit.context(caller("arn:aws:sts::123456789012:assumed-role/Admin/me")))
                .run("permissions");
        assertEquals(CheckOutcome.SKIP, d.result(), d.toString());
        assertTrue(d.evidence().startsWith("could not check: get role Admin: AccessDenied"), d.evidence());
    }

    @Test
    void the_root_user_is_not_simulated_and_nothing_is_asked() {
        UnitLab unit = new UnitLab(dir);
        Diagnosis d = new PermissionCheck(unit.context(caller("arn:aws:iam::123456789012:root"))).run("permissions");
        assertEquals(new Diagnosis("permissions", CheckOutcome.SKIP, "not checked: IAM simulates the policies of "
                + "users and roles, not of arn:aws:iam::123456789012:root", null), d);
        assertEquals(List.of(), unit.aws.calls());
    }

    @Test
    void denied_calls_are_ng_naming_the_first_three_and_counting_all() {
        UnitLab unit = new UnitLab(dir);
        // Everything allowed but what needs the lab's tag on an existing resource: changes, deletions, and the
        // security group an instance is launched into.
        unit.aws.on("iam.simulate", args -> {
            @SuppressWarnings("unchecked")
            List<IamGateway.ContextKey> context = (List<IamGateway.ContextKey>) args[3];
            boolean deletes = context.stream().anyMatch(k -> k.name().startsWith("aws:ResourceTag/"));
            return deletes ? decide(args, "implicitDeny") : allowAll(args);
        });
        Diagnosis d = new PermissionCheck(unit.context()).run("permissions");
        assertEquals(CheckOutcome.NG, d.result(), d.toString());
        assertTrue(d.evidence().matches("21 of \\d+ calls denied for arn:aws:iam::123456789012:user/t: "
                + "ec2:RunInstances on arn:aws:ec2:us-east-1:123456789012:security-group/\\*; "
                + "ec2:AuthorizeSecurityGroupIngress on .*; ec2:DeleteSecurityGroup on .*; …"), d.evidence());
        assertTrue(d.hint().startsWith("attach examples/ecslab-iam-policy.json"), d.hint());
    }

    private static StsGateway.CallerIdentity caller(String arn) {
        return new StsGateway.CallerIdentity("123456789012", arn, "AID", "us-east-1");
    }

    private static List<IamGateway.Decision> allowAll(Object[] args) {
        return decide(args, "allowed");
    }

    /** IAM's answer: every action crossed with every resource, each with {@code decision}. */
    @SuppressWarnings("unchecked")
    private static List<IamGateway.Decision> decide(Object[] args, String decision) {
        List<String> actions = (List<String>) args[1];
        List<String> resources = (List<String>) args[2];
        return actions.stream().flatMap(a -> resources.stream().map(r -> new IamGateway.Decision(a, r, decision,
                List.of()))).toList();
    }
}
