package dev.ecslab.lab;

import dev.ecslab.aws.Ec2Gateway.IngressRule;
import dev.ecslab.aws.Ec2Gateway.Network;
import dev.ecslab.aws.Ec2Gateway.SecurityGroupInfo;
import dev.ecslab.aws.Ec2Gateway.Subnet;
import dev.ecslab.error.PreflightException;
import dev.ecslab.error.StepFailedException;
import dev.ecslab.state.ResourceRef;
import dev.ecslab.state.ResourceRef.Kind;
import dev.ecslab.testing.UnitLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The network step on a fake account: the default VPC it requires, the two groups it makes or adopts. */
class NetworkStepTest {
    @TempDir
    Path dir;

    @Test
    void preflight_refuses_a_region_without_a_default_vpc_before_anything_is_made() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = new FakeAccount(lab.aws);
        account.network = null;

        PreflightException e = assertThrows(PreflightException.class,
                () -> new NetworkStep().preflight(lab.context()));

        assertEquals("find default VPC in us-east-1: there is none", e.getMessage());
        assertTrue(e.hint().contains("aws ec2 create-default-vpc --region us-east-1"), e.hint());
        assertEquals(List.of("ec2.findDefaultNetwork"), lab.aws.callNames("ec2."));
    }

    @Test
    void preflight_refuses_default_subnets_in_one_zone_which_a_load_balancer_cannot_use() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = new FakeAccount(lab.aws);
        account.network = new Network("vpc-1", List.of(new Subnet("subnet-a", "us-east-1a", true)));

        PreflightException e = assertThrows(PreflightException.class,
                () -> new NetworkStep().preflight(lab.context()));

        assertTrue(e.getMessage().contains("needs subnets in 2 availability zones (found 1)"), e.getMessage());
    }

    @Test
    void apply_makes_both_groups_opens_the_instance_only_to_the_load_balancer_and_records_both_for_rollback() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = new FakeAccount(lab.aws);
        LabContext ctx = lab.context();

        new NetworkStep().preflight(ctx);
        new NetworkStep().apply(ctx);

        SecurityGroupInfo alb = account.groups.get("ecslab-x-alb-sg");
        SecurityGroupInfo instance = account.groups.get("ecslab-x-instance-sg");
        assertEquals("vpc-1", alb.vpcId());
        assertEquals(Map.of(alb.id(), List.of(IngressRule.fromCidr(80, "0.0.0.0/0")),
                instance.id(), List.of(IngressRule.fromGroup(32768, 65535, alb.id()))), account.ingress);
        assertEquals(List.of(Kind.ALB_SECURITY_GROUP + " " + alb.id(),
                        Kind.INSTANCE_SECURITY_GROUP + " " + instance.id()),
                ctx.createdThisRun().stream().map(r -> r.kind() + " " + r.id()).toList());
        assertEquals(1, lab.aws.callNames("ec2.findDefaultNetwork").size(), "the default VPC is read once a run");
    }

    @Test
    void a_second_run_adopts_the_groups_and_has_nothing_to_roll_back() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = new FakeAccount(lab.aws);
        new NetworkStep().apply(lab.context());
        LabContext second = lab.context();

        new NetworkStep().apply(second);

        assertEquals(2, lab.aws.callNames("ec2.createSecurityGroup").size(), "only the first run creates");
        assertEquals(List.of(), second.createdThisRun());
        assertEquals(Optional.of(account.groups.get("ecslab-x-alb-sg").id()), second.idOf(Kind.ALB_SECURITY_GROUP));
        assertTrue(second.state().get(Kind.INSTANCE_SECURITY_GROUP).map(ResourceRef::owned).orElse(false));
    }

    @Test
    void a_group_with_the_lab_name_but_not_its_tag_is_refused_and_nothing_is_recorded() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = new FakeAccount(lab.aws);
        account.groups.put("ecslab-x-alb-sg", new SecurityGroupInfo("sg-other", "ecslab-x-alb-sg", "vpc-1",
                Map.of()));
        LabContext ctx = lab.context();

        StepFailedException e = assertThrows(StepFailedException.class, () -> new NetworkStep().apply(ctx));

        assertTrue(e.getMessage().contains("not tagged ecslab:lab=x"), e.getMessage());
        assertEquals(List.of(), ctx.createdThisRun());
        assertEquals(Optional.empty(), ctx.idOf(Kind.ALB_SECURITY_GROUP));
        assertEquals(List.of(), lab.aws.callNames("ec2.createSecurityGroup", "ec2.authorizeIngress"));
    }
}
