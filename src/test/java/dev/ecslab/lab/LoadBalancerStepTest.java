package dev.ecslab.lab;

import dev.ecslab.aws.Ec2Gateway.InstanceInfo;
import dev.ecslab.aws.Ec2Gateway.Network;
import dev.ecslab.aws.Ec2Gateway.Subnet;
import dev.ecslab.aws.ElbGateway.ListenerInfo;
import dev.ecslab.aws.ElbGateway.LoadBalancerInfo;
import dev.ecslab.aws.ElbGateway.TargetGroupSpec;
import dev.ecslab.aws.Tags;
import dev.ecslab.error.StepFailedException;
import dev.ecslab.state.ResourceRef.Kind;
import dev.ecslab.testing.UnitLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The elb step on a fake account: load balancer, target group and listener as the lab's design has them. */
class LoadBalancerStepTest {
    @TempDir
    Path dir;

    @Test
    void preflight_leaves_the_refusals_to_the_network_step_and_reads_nothing() {
        UnitLab lab = new UnitLab(dir);
        new FakeAccount(lab.aws).network = null;

        new LoadBalancerStep().preflight(lab.context());

        assertEquals(List.of(), lab.aws.calls());
    }

    @Test
    void apply_makes_the_load_balancer_in_two_zones_its_target_group_and_listener_and_records_them_for_rollback() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = new FakeAccount(lab.aws);
        LabContext ctx = lab.context();
        new NetworkStep().apply(ctx);

        new LoadBalancerStep().apply(ctx);

        LoadBalancerInfo lb = account.loadBalancer;
        assertEquals(List.of("us-east-1a", "us-east-1b"), lb.availabilityZones());
        assertEquals(List.of(account.groups.get("ecslab-x-alb-sg").id()), lb.securityGroupIds());
        assertEquals("active", lb.state(), "waited for");
        TargetGroupSpec tg = account.targetGroupAsked;
        assertEquals(List.of("vpc-1", "/", "80", "5", "4", "2", "2", "5"), List.of(tg.vpcId(), tg.healthCheckPath(),
                "" + tg.port(), "" + tg.intervalSeconds(), "" + tg.timeoutSeconds(), "" + tg.healthyThreshold(),
                "" + tg.unhealthyThreshold(), "" + tg.deregistrationDelaySeconds()));
        ListenerInfo listener = account.listeners.get(0);
        assertEquals(80, listener.port());
        assertEquals(List.of(account.targetGroup.arn()), listener.targetGroupArns());
        assertTrue(ctx.point(Need.LISTENER).isDone(), "the service may start");
        assertEquals(List.of(Kind.LOAD_BALANCER, Kind.TARGET_GROUP, Kind.LISTENER), ctx.createdThisRun().stream()
                .map(r -> r.kind()).filter(k -> k != Kind.ALB_SECURITY_GROUP && k != Kind.INSTANCE_SECURITY_GROUP)
                .toList());
    }

    @Test
    void the_load_balancer_goes_where_the_labs_instance_is() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = new FakeAccount(lab.aws);
        account.network = new Network("vpc-1", List.of(
                new Subnet("subnet-a", "us-east-1a", true),
                new Subnet("subnet-c", "us-east-1c", true)));
        account.instances.add(new InstanceInfo("i-9", "running", "t3.micro", "subnet-c",
                "us-east-1c", null, Tags.of("x", "earlier", "ecslab-x-instance"), null));
        LabContext ctx = lab.context();
        new NetworkStep().apply(ctx);

        new LoadBalancerStep().apply(ctx);

        assertEquals(List.of("us-east-1c", "us-east-1a"), account.loadBalancer.availabilityZones());
    }

    @Test
    void a_listener_that_forwards_elsewhere_is_refused_and_nothing_is_created() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = new FakeAccount(lab.aws);
        new NetworkStep().apply(lab.context());
        new LoadBalancerStep().apply(lab.context());
        account.listeners.set(0, new ListenerInfo("arn:listener/1", account.loadBalancer.arn(), 80, "HTTP",
                List.of("arn:targetgroup/someone-elses")));
        LabContext second = lab.context();

        StepFailedException e = assertThrows(StepFailedException.class, () -> new LoadBalancerStep().apply(second));

        assertTrue(e.getMessage().contains("it forwards elsewhere, not to ecslab-x-tg"), e.getMessage());
        assertEquals(List.of(), second.createdThisRun());
        assertEquals(Optional.empty(), second.idOf(Kind.LISTENER));
        assertFalse(second.point(Need.LISTENER).isDone());
        assertEquals(1, lab.aws.callNames("elb.createLoadBalancer").size());
    }

    @Test
    void a_load_balancer_not_tagged_for_the_lab_is_refused() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = new FakeAccount(lab.aws);
        account.loadBalancer = new LoadBalancerInfo("arn:lb", "ecslab-x-alb", "dns", "active", "vpc-1", List.of(),
                List.of(), 0, Map.of());
        LabContext ctx = lab.context();
        new NetworkStep().apply(ctx);

        assertThrows(StepFailedException.class, () -> new LoadBalancerStep().apply(ctx));

        assertEquals(List.of(), lab.aws.callNames("elb.create"));
        assertEquals(Optional.empty(), ctx.idOf(Kind.LOAD_BALANCER));
    }
}
