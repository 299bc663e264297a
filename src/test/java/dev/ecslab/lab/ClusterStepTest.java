package dev.ecslab.lab;

import dev.ecslab.aws.Ec2Gateway.InstanceSpec;
import dev.ecslab.aws.SsmGateway;
import dev.ecslab.error.UsageException;
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
}
