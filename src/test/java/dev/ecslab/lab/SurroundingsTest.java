package dev.ecslab.lab;

import dev.ecslab.aws.Ec2Gateway.InstanceInfo;
import dev.ecslab.aws.Ec2Gateway.InstanceTypeInfo;
import dev.ecslab.aws.Ec2Gateway.Network;
import dev.ecslab.aws.ElbGateway.TargetGroupInfo;
import dev.ecslab.aws.SsmGateway;
import dev.ecslab.aws.Tags;
import dev.ecslab.error.PreflightException;
import dev.ecslab.state.ResourceRef.Kind;
import dev.ecslab.testing.UnitLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a run reads around the lab: kept once found where the run cannot change it, read again where it can. */
class SurroundingsTest {
    @TempDir
    Path dir;

    @Test
    void one_per_run() {
        UnitLab lab = new UnitLab(dir);
        LabContext ctx = lab.context();

        assertSame(Surroundings.of(ctx), Surroundings.of(ctx));
        assertTrue(Surroundings.of(ctx) != Surroundings.of(lab.context()));
    }

    @Test
    void a_missing_default_vpc_is_looked_for_again_and_a_found_one_is_kept() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = new FakeAccount(lab.aws);
        Network network = account.network;
        account.network = null;
        Surroundings around = Surroundings.of(lab.context());

        assertThrows(PreflightException.class, around::network);
        account.network = network;

        assertEquals(network, around.network());
        assertEquals(network, around.network());
        assertEquals(2, lab.aws.callNames("ec2.findDefaultNetwork").size());
    }

    @Test
    void placement_follows_the_labs_instance_launched_meanwhile() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = new FakeAccount(lab.aws);
        Surroundings around = Surroundings.of(lab.context());

        assertEquals("subnet-a", around.placement().instanceSubnet().id());
        account.instances.add(new InstanceInfo("i-1", "pending", "t3.micro", "subnet-c", "us-east-1c", null,
                Tags.of("x", "other-run", "ecslab-x-instance"), null));

        assertEquals(List.of("subnet-c", "subnet-a"), around.placement().loadBalancerSubnetIds());
        assertEquals(1, lab.aws.callNames("ec2.zonesOffering").size(), "what the region offers is kept");
    }

    @Test
    void a_group_this_run_made_is_known_without_a_lookup_and_a_missing_one_says_what_to_run() {
        UnitLab lab = new UnitLab(dir);
        new FakeAccount(lab.aws);
        LabContext ctx = lab.context();
        ctx.created("network", Kind.ALB_SECURITY_GROUP, "ecslab-x-alb-sg", "sg-new");
        Surroundings around = Surroundings.of(ctx);

        assertEquals("sg-new", around.groupId(Kind.ALB_SECURITY_GROUP));
        assertEquals(List.of(), lab.aws.callNames("ec2.findSecurityGroup"));
        PreflightException e = assertThrows(PreflightException.class,
                () -> around.groupId(Kind.INSTANCE_SECURITY_GROUP));
        assertEquals("find security group ecslab-x-instance-sg: it does not exist", e.getMessage());
    }

    @Test
    void an_arm_only_instance_type_runs_the_arm_ami() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = new FakeAccount(lab.aws);
        account.instanceType = new InstanceTypeInfo("t3.micro", 2, 1024, List.of("arm64"), false);

        assertEquals(SsmGateway.ECS_AMI_ARM, Surroundings.of(lab.context()).amiParameter());
    }

    @Test
    void the_service_prerequisites_are_read_again_until_the_earlier_steps_made_them_then_kept() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = new FakeAccount(lab.aws);
        Surroundings around = Surroundings.of(lab.context());

        assertThrows(PreflightException.class, around::servicePrerequisites);
        FakeAccount.builtUpToTheService(lab.context());
        int before = lab.aws.calls().size();

        Surroundings.Prerequisites found = around.servicePrerequisites();
        assertEquals(found, around.servicePrerequisites());
        assertEquals(account.targetGroup.arn(), found.targetGroup().arn());
        assertEquals(account.revisions.get(0).arn(), found.taskDefinitionArn());
        assertEquals(4, lab.aws.calls().size() - before, "cluster, its instances, the task definition, the target "
                + "group: read once");
    }

    @Test
    void a_target_group_whose_answer_lags_behind_this_runs_listener_is_taken_on_the_elb_steps_word() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = new FakeAccount(lab.aws);
        FakeAccount.builtUpToTheService(lab.context());
        TargetGroupInfo linked = account.targetGroup;
        // DescribeTargetGroups right after CreateListener: LoadBalancerArns does not show the listener's yet
        account.targetGroup = new TargetGroupInfo(linked.arn(), linked.name(), linked.vpcId(), linked.port(),
                linked.intervalSeconds(), linked.healthyThreshold(), List.of(), linked.tags());

        assertThrows(PreflightException.class, () -> Surroundings.of(lab.context()).servicePrerequisites(),
                "without a listener made this run, the answer is all there is");
        LabContext run = lab.context();
        run.reached(Need.LISTENER);
        assertEquals(linked.arn(), Surroundings.of(run).servicePrerequisites().targetGroup().arn());
    }
}
