package dev.ecslab.lab;

import dev.ecslab.aws.Ec2Gateway.ImageInfo;
import dev.ecslab.aws.Ec2Gateway.InstanceSpec;
import dev.ecslab.aws.SsmGateway;
import dev.ecslab.error.StepFailedException;
import dev.ecslab.error.UsageException;
import dev.ecslab.report.Event;
import dev.ecslab.state.ResourceRef.Kind;
import dev.ecslab.testing.UnitLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cluster step on a fake account: the instance type it requires, what it launches where, what it records. */
class ClusterStepTest {
    @TempDir
    Path dir;

    @Test
    void preflight_refuses_an_instance_type_the_region_does_not_offer() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = new FakeAccount(lab.aws);
        account.instanceType = null;

        UsageException e = assertThrows(UsageException.class, () -> new ClusterStep().preflight(lab.context()));

        assertEquals("check instance type t3.micro: us-east-1 does not offer it", e.getMessage());
        assertEquals(List.of(), lab.aws.callNames("iam.", "ecs.", "ec2.runInstance"));
    }

    @Test
    void preflight_refuses_a_type_no_zone_of_the_default_vpc_offers() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = new FakeAccount(lab.aws);
        account.zonesOffering = Set.of("us-east-1e");

        UsageException e = assertThrows(UsageException.class, () -> new ClusterStep().preflight(lab.context()));

        assertTrue(e.getMessage().contains("no default subnet of vpc-1 is in a zone that offers it (zones offering "
                + "it: us-east-1e)"), e.getMessage());
    }

    @Test
    void apply_launches_the_instance_in_a_zone_offering_its_type_and_records_what_it_made_for_rollback() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = new FakeAccount(lab.aws);
        account.zonesOffering = Set.of("us-east-1b", "us-east-1c");
        LabContext ctx = lab.context();
        new NetworkStep().apply(ctx);

        new ClusterStep().preflight(ctx);
        new ClusterStep().apply(ctx);

        InstanceSpec launched = account.launched.get(0);
        assertEquals(FakeAccount.AMI, launched.imageId());
        assertEquals("t3.micro", launched.instanceType());
        assertEquals("subnet-b", launched.subnetId(), "the first zone that offers the type");
        assertEquals(List.of(account.groups.get("ecslab-x-instance-sg").id()), launched.securityGroupIds());
        assertEquals("ecslab-x-instance-profile", launched.instanceProfileName());
        assertTrue(launched.userData().contains("ECS_CLUSTER=ecslab-x\n"), launched.userData());
        assertEquals(List.of("ssm.getParameter " + SsmGateway.ECS_AMI_X86), lab.aws.calls().stream()
                .filter(c -> c.startsWith("ssm.")).toList());
        assertEquals(List.of("ecslab-x-instance-role"), account.profile.roleNames());
        assertEquals(List.of(Kind.INSTANCE_ROLE, Kind.INSTANCE_PROFILE, Kind.CLUSTER, Kind.INSTANCE),
                ctx.createdThisRun().stream().map(r -> r.kind()).filter(k -> k != Kind.ALB_SECURITY_GROUP
                        && k != Kind.INSTANCE_SECURITY_GROUP).toList());
        assertEquals(Optional.of("i-1"), ctx.idOf(Kind.INSTANCE));
        assertEquals(Optional.of("arn:container-instance/i-1"), ctx.idOf(Kind.CONTAINER_INSTANCE),
                "the container instance is adopted: it goes with its instance");
        assertEquals(1, lab.aws.callNames("ec2.findInstanceType").size(), "the type is read once a run");
    }

    @Test
    void a_second_run_adopts_the_running_instance_and_launches_none() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = new FakeAccount(lab.aws);
        new NetworkStep().apply(lab.context());
        new ClusterStep().apply(lab.context());
        LabContext second = lab.context();

        new ClusterStep().apply(second);

        assertEquals(1, account.launched.size());
        assertEquals(List.of(), second.createdThisRun());
        assertEquals(Optional.of("i-1"), second.idOf(Kind.INSTANCE));
        assertEquals(Optional.of(account.cluster.arn()), second.idOf(Kind.CLUSTER));
    }

    @Test
    void with_ami_the_instance_runs_that_image_and_ssm_is_not_asked() {
        UnitLab lab = new UnitLab(dir).withAmi("ami-pinned");
        FakeAccount account = new FakeAccount(lab.aws);
        account.images.put("ami-pinned", new ImageInfo("ami-pinned", "x86_64", "my-ecs-build"));
        LabContext ctx = lab.context();
        new NetworkStep().apply(ctx);

        new ClusterStep().preflight(ctx);
        new ClusterStep().apply(ctx);

        assertEquals("ami-pinned", account.launched.get(0).imageId());
        assertEquals(List.of(), lab.aws.callNames("ssm."));
    }

    @Test
    void preflight_refuses_an_ami_the_region_does_not_have_before_anything_is_made() {
        UnitLab lab = new UnitLab(dir).withAmi("ami-00000000000000000");
        new FakeAccount(lab.aws);

        UsageException e = assertThrows(UsageException.class, () -> new ClusterStep().preflight(lab.context()));

        assertEquals("check AMI ami-00000000000000000: it does not exist in us-east-1", e.getMessage());
        assertEquals(List.of(), lab.aws.callNames("iam.", "ecs.", "ec2.runInstance", "ec2.create", "ssm."));
    }

    @Test
    void preflight_refuses_an_ami_for_another_architecture_than_the_instance_types() {
        UnitLab lab = new UnitLab(dir).withAmi("ami-arm");
        FakeAccount account = new FakeAccount(lab.aws);
        account.images.put("ami-arm", new ImageInfo("ami-arm", "arm64", "arm build"));

        UsageException e = assertThrows(UsageException.class, () -> new ClusterStep().preflight(lab.context()));

        assertEquals("check AMI ami-arm: it is built for arm64, and t3.micro runs x86_64", e.getMessage());
        assertEquals(List.of(), lab.aws.callNames("iam.", "ecs.", "ec2.runInstance", "ec2.create"));
    }

    @Test
    void with_ami_an_existing_instance_is_kept_and_the_run_says_so() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = new FakeAccount(lab.aws);
        new NetworkStep().apply(lab.context());
        new ClusterStep().apply(lab.context());
        account.images.put("ami-other", new ImageInfo("ami-other", "x86_64", "other"));
        LabContext second = lab.withAmi("ami-other").context();

        new ClusterStep().preflight(second);
        new ClusterStep().plan(second);
        new ClusterStep().apply(second);

        assertEquals(1, account.launched.size());
        assertTrue(lab.events.stream().anyMatch(ev -> ev.type() == Event.Type.INFO && ev.message().startsWith(
                "instance i-1 exists and is kept as it runs; --ami applies to a new instance")), lab.events::toString);
        assertTrue(lab.events.stream().anyMatch(ev -> ev.type() == Event.Type.PLANNED && ev.message()
                .endsWith("kept as it runs: --ami applies to a new instance")), lab.events::toString);
    }

    @Test
    void a_zone_without_capacity_for_the_type_sends_the_instance_to_the_load_balancers_other_zone() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = new FakeAccount(lab.aws);
        account.zonesWithoutCapacity = Set.of("us-east-1a");
        LabContext ctx = lab.context();
        new NetworkStep().apply(ctx);

        new ClusterStep().apply(ctx);

        assertEquals(List.of("subnet-b"), account.launched.stream().map(InstanceSpec::subnetId).toList());
        assertEquals(List.of("subnet-b", "subnet-a"), Surroundings.of(ctx).placement().loadBalancerSubnetIds(),
                "the load balancer follows the instance into its zone");
        assertTrue(lab.events.stream().anyMatch(e -> e.type() == Event.Type.INFO && e.message().equals(
                "EC2 has no t3.micro capacity in us-east-1a now; trying the next zone that offers it")),
                lab.events.toString());
    }

    @Test
    void no_capacity_in_either_zone_of_the_load_balancer_fails_the_step_saying_to_wait_or_pick_another_type() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = new FakeAccount(lab.aws);
        account.zonesWithoutCapacity = Set.of("us-east-1a", "us-east-1b");
        LabContext ctx = lab.context();
        new NetworkStep().apply(ctx);

        StepFailedException e = assertThrows(StepFailedException.class, () -> new ClusterStep().apply(ctx));

        assertEquals("launch instance ecslab-x-instance: EC2 has no t3.micro capacity now in us-east-1a, us-east-1b "
                + "(InsufficientInstanceCapacity)", e.getMessage());
        assertTrue(e.hint().contains("again in a few minutes"), e.hint());
        assertEquals(List.of(), account.launched);
    }
}
