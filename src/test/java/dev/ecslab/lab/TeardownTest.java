package dev.ecslab.lab;

import dev.ecslab.aws.Budget;
import dev.ecslab.aws.Ec2Gateway.InstanceInfo;
import dev.ecslab.aws.EcsGateway.ContainerInstanceInfo;
import dev.ecslab.aws.Names;
import dev.ecslab.error.CleanupIncompleteException.Leftover;
import dev.ecslab.state.ResourceRef.Kind;
import dev.ecslab.state.StateFile;
import dev.ecslab.testing.FakeAws;
import dev.ecslab.testing.UnitLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Teardown on fake gateways: a dependency graph whatever order it is given, and patience with "still in use". */
class TeardownTest {
    private static final String[] DELETES = {"ecs.deleteService", "ecs.waitUntilServiceInactive",
        "elb.deleteLoadBalancer", "elb.waitUntilDeleted", "elb.deleteTargetGroup", "ec2.terminateInstance",
        "ec2.waitUntilTerminated", "ecs.deleteCluster", "ec2.deleteSecurityGroup", "ecs.deregisterTaskDefinition",
        "ecs.deleteTaskDefinitions", "logs.deleteLogGroup", "iam.deleteInstanceProfile", "iam.deleteRole"};

    @TempDir
    Path dir;

    private List<Inventory.Found> wholeLab() {
        List<Inventory.Found> all = new ArrayList<>();
        for (Kind kind : Teardown.ORDER) {
            String id = kind == Kind.ALB_SECURITY_GROUP ? "sg-alb" : kind == Kind.INSTANCE_SECURITY_GROUP ? "sg-inst"
                    : kind.id() + "-id";
            all.add(new Inventory.Found(kind, nameOf(kind), id, null, null));
        }
        Collections.shuffle(all, new Random(7));
        return all;
    }

    /** What ecslab calls each kind in lab x: the only names teardown deletes. */
    private static String nameOf(Kind kind) {
        Names n = new Names("x");
        return switch (kind) {
            case SERVICE -> n.service();
            case LOAD_BALANCER -> n.loadBalancer();
            case TARGET_GROUP -> n.targetGroup();
            case INSTANCE -> n.instance();
            case CLUSTER -> n.cluster();
            case INSTANCE_SECURITY_GROUP -> n.instanceSecurityGroup();
            case ALB_SECURITY_GROUP -> n.albSecurityGroup();
            case TASK_DEFINITION -> n.taskFamily();
            case LOG_GROUP -> n.logGroup();
            case INSTANCE_PROFILE -> n.instanceProfile();
            case INSTANCE_ROLE -> n.instanceRole();
            default -> throw new IllegalArgumentException(kind.toString());
        };
    }

    private Teardown teardown(UnitLab lab) {
        return new Teardown(lab.aws.gateways(), "x", lab.events::add, StateFile.open(dir, "scope", "x"), "cleanup",
                (name, limit, typical) -> new Budget(name, Duration.ofMillis(500), Duration.ofMillis(10)));
    }

    @Test
    void deletes_each_resource_once_what_holds_it_is_gone_and_retries_a_security_group_still_in_use() {
        UnitLab lab = new UnitLab(dir);
        lab.aws.allow(DELETES);
        AtomicInteger refusals = new AtomicInteger();
        lab.aws.on("ec2.deleteSecurityGroup", args -> {
            if (args[0].equals("sg-alb") && refusals.getAndIncrement() < 2) {
                throw FakeAws.refusal("delete security group sg-alb", "DependencyViolation", "has a dependent object");
            }
            return null;
        });

        List<Leftover> left = teardown(lab).delete(wholeLab());

        assertEquals(List.of(), left);
        List<String> calls = lab.aws.calls();
        assertEquals(sorted(List.of("ecs.deleteService ecslab-x ecslab-x-web", "ecs.waitUntilServiceInactive "
                        + "ecslab-x ecslab-x-web", "elb.deleteLoadBalancer load-balancer-id",
                "elb.waitUntilDeleted load-balancer-id", "elb.deleteTargetGroup target-group-id",
                "ec2.terminateInstance instance-id", "ec2.waitUntilTerminated instance-id",
                "ecs.deleteCluster ecslab-x", "ec2.deleteSecurityGroup sg-inst",
                "ec2.deleteSecurityGroup sg-alb", "ec2.deleteSecurityGroup sg-alb", "ec2.deleteSecurityGroup sg-alb",
                "ecs.deregisterTaskDefinition task-definition-id", "ecs.deleteTaskDefinitions",
                "logs.deleteLogGroup /ecs/ecslab-x", "iam.deleteInstanceProfile ecslab-x-instance-profile",
                "iam.deleteRole ecslab-x-instance-role")), sorted(calls));
        String serviceGone = "ecs.waitUntilServiceInactive";
        String albGone = "elb.waitUntilDeleted";
        String instanceGone = "ec2.waitUntilTerminated";
        before(calls, serviceGone, "elb.deleteTargetGroup");
        before(calls, albGone, "elb.deleteTargetGroup");
        before(calls, serviceGone, "ecs.deleteCluster");
        before(calls, instanceGone, "ecs.deleteCluster");
        before(calls, instanceGone, "ec2.deleteSecurityGroup sg-inst");
        before(calls, albGone, "ec2.deleteSecurityGroup sg-alb");
        before(calls, "ec2.deleteSecurityGroup sg-inst", "ec2.deleteSecurityGroup sg-alb");
        before(calls, serviceGone, "ecs.deregisterTaskDefinition");
        before(calls, serviceGone, "logs.deleteLogGroup");
        before(calls, instanceGone, "iam.deleteInstanceProfile");
        before(calls, "iam.deleteInstanceProfile", "iam.deleteRole");
    }

    @Test
    void the_service_the_load_balancer_and_the_instance_go_at_once() {
        UnitLab lab = new UnitLab(dir);
        lab.aws.allow(DELETES);
        // Each of the three waits ends only once all three have started: in sequence the first would never end.
        CountDownLatch waiting = new CountDownLatch(3);
        for (String wait : List.of("ecs.waitUntilServiceInactive", "elb.waitUntilDeleted", "ec2.waitUntilTerminated")) {
            lab.aws.on(wait, args -> {
                waiting.countDown();
                try {
                    if (!waiting.await(10, TimeUnit.SECONDS)) {
                        throw new AssertionError(wait + " waited alone: the three deletes did not run at once");
                    }
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                return null;
            });
        }

        assertEquals(List.of(), teardown(lab).delete(wholeLab()));
    }

    @Test
    void the_report_order_lists_every_kind_after_what_it_waits_for() {
        assertEquals(Set.copyOf(Teardown.ORDER), Teardown.AFTER.keySet());
        for (Kind kind : Teardown.ORDER) {
            for (Kind holder : Teardown.AFTER.get(kind)) {
                assertTrue(Teardown.ORDER.indexOf(holder) < Teardown.ORDER.indexOf(kind), holder + " before " + kind);
            }
        }
    }

    /** Every call starting with {@code first} was made before any call starting with {@code then}. */
    private static void before(List<String> calls, String first, String then) {
        int lastFirst = -1;
        int firstThen = Integer.MAX_VALUE;
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).startsWith(first)) {
                lastFirst = i;
            }
            if (calls.get(i).startsWith(then)) {
                firstThen = Math.min(firstThen, i);
            }
        }
        assertTrue(lastFirst >= 0 && firstThen != Integer.MAX_VALUE, first + " / " + then + " not both in " + calls);
        assertTrue(lastFirst < firstThen, first + " must end before " + then + " starts: " + calls);
    }

    private static List<String> sorted(List<String> calls) {
        return calls.stream().sorted().collect(Collectors.toList());
    }

    @Test
    void what_stays_in_use_past_its_budget_is_left_with_the_reason_and_the_rest_still_goes() {
        UnitLab lab = new UnitLab(dir);
        lab.aws.allow(DELETES);
        lab.aws.on("elb.deleteTargetGroup", args -> {
            throw FakeAws.refusal("delete target group", "ResourceInUse", "in use by a listener");
        });

        List<Leftover> left = teardown(lab).delete(wholeLab());

        assertEquals(1, left.size(), left::toString);
        assertEquals("target group", left.get(0).kind());
        assertTrue(left.get(0).reason().contains("still in use"), left.get(0).reason());
        assertTrue(lab.aws.callNames("elb.deleteTargetGroup").size() > 1, "retried while in use");
        assertEquals(List.of("iam.deleteRole"), lab.aws.callNames("iam.deleteRole"), "the rest still went");
    }
    @Test
    void any_failure_of_one_delete_leaves_that_resource_with_its_reason_and_the_rest_still_goes() {
        UnitLab lab = new UnitLab(dir);
        lab.aws.allow(DELETES);
        // Not an AWS refusal: a bug, or something the SDK throws that ecslab did not foresee. The instance holds
        // the cluster, its security group and the instance profile: each is still attempted after it.
        lab.aws.on("ec2.terminateInstance", args -> {
            throw new IllegalStateException("unforeseen");
        });
        lab.aws.on("logs.deleteLogGroup", args -> {
            throw new NullPointerException("no group name");
        });

        List<Leftover> left = teardown(lab).delete(wholeLab());

        assertEquals(List.of(new Leftover("instance", "ecslab-x-instance", "instance-id",
                        "internal error: java.lang.IllegalStateException: unforeseen"),
                new Leftover("log group", "/ecs/ecslab-x", "log-group-id",
                        "internal error: java.lang.NullPointerException: no group name")), left);
        assertEquals(List.of("ecs.deleteCluster"), lab.aws.callNames("ecs.deleteCluster"));
        assertEquals(2, lab.aws.callNames("ec2.deleteSecurityGroup").size(), lab.aws.calls()::toString);
        assertEquals(List.of("iam.deleteInstanceProfile", "iam.deleteRole"), lab.aws.callNames("iam.delete"));
        assertTrue(lab.events.stream().anyMatch(e -> e.toString().contains("could not delete instance "
                + "ecslab-x-instance: internal error: java.lang.IllegalStateException: unforeseen")), lab.events::toString);
    }

    @Test
    void what_is_not_named_like_the_lab_is_never_deleted_whatever_handed_it_over() {
        UnitLab lab = new UnitLab(dir);
        lab.aws.allow(DELETES);
        List<Inventory.Found> targets = new ArrayList<>(wholeLab());
        targets.add(new Inventory.Found(Kind.INSTANCE, "prod-db", "i-prod", "running t3.micro", null));
        targets.add(new Inventory.Found(Kind.INSTANCE_SECURITY_GROUP, "prod-sg", "sg-prod", null, null));
        targets.add(new Inventory.Found(Kind.CLUSTER, "ecslab-prod", "arn:cluster/ecslab-prod", null, null));

        List<Leftover> left = teardown(lab).delete(targets);

        String reason = "not deleted: tagged for the lab but not named like it";
        assertEquals(Set.of(new Leftover("instance", "prod-db", "i-prod", reason),
                new Leftover("instance security group", "prod-sg", "sg-prod", reason),
                new Leftover("cluster", "ecslab-prod", "arn:cluster/ecslab-prod", reason)), Set.copyOf(left));
        assertTrue(lab.aws.calls().stream().noneMatch(c -> c.contains("prod")), lab.aws.calls()::toString);
        assertEquals(List.of("ecs.deleteCluster ecslab-x"), lab.aws.calls().stream()
                .filter(c -> c.startsWith("ecs.deleteCluster")).toList(), "the lab's own still went");
    }

    /**
     * A container instance ECS left ACTIVE after its instance terminated (the agent was stopped first) holds the
     * cluster: cleanup deregisters it (force: nothing runs on a terminated instance) and the cluster goes. One of a
     * running instance is not the lab's to remove: it is left, and the cluster with it, with the reason.
     */
    @Test
    void a_container_instance_left_by_a_terminated_instance_is_deregistered_one_of_a_running_instance_is_not() {
        List<ContainerInstanceInfo> registered = new ArrayList<>(List.of(containerInstance("i-left")));
        UnitLab lab = clusterHeldBy(registered, Map.of("i-left", "terminated"));
        assertEquals(List.of(), teardown(lab).delete(wholeLab()));
        assertEquals(List.of("ecs.deregisterContainerInstance ecslab-x arn:ci/i-left"), deregistered(lab));
        assertEquals(List.of(), registered);
        assertTrue(lab.events.stream().anyMatch(e -> e.toString().contains("arn:ci/i-left")), lab.events::toString);

        registered.addAll(List.of(containerInstance("i-gone"), containerInstance("i-theirs")));
        UnitLab theirs = clusterHeldBy(registered, Map.of("i-theirs", "running"));
        List<Leftover> left = teardown(theirs).delete(wholeLab());
        assertEquals(List.of("ecs.deregisterContainerInstance ecslab-x arn:ci/i-gone"), deregistered(theirs),
                "the gone instance's only");
        assertEquals(List.of("cluster"), left.stream().map(Leftover::kind).toList());
        assertTrue(left.get(0).reason().contains("still registered"), left::toString);
    }

    private static List<String> deregistered(UnitLab lab) {
        return lab.aws.calls().stream().filter(c -> c.startsWith("ecs.deregisterContainerInstance")).toList();
    }

    /** A lab whose cluster ECS refuses to delete while {@code registered} is not empty. */
    private UnitLab clusterHeldBy(List<ContainerInstanceInfo> registered, Map<String, String> instanceStates) {
        UnitLab lab = new UnitLab(dir);
        lab.aws.allow(DELETES);
        lab.aws.on("ecs.listContainerInstances", args -> List.copyOf(registered));
        lab.aws.on("ec2.findInstance", args -> Optional.ofNullable(instanceStates.get((String) args[0]))
                .map(state -> new InstanceInfo((String) args[0], state, "t3.micro", "subnet-1", "us-east-1a", null,
                        Map.of(), null)));
        lab.aws.on("ecs.deregisterContainerInstance", args -> {
            assertEquals(true, args[2], "force");
            registered.removeIf(ci -> ci.arn().equals(args[1]));
            return null;
        });
        lab.aws.on("ecs.deleteCluster", args -> {
            if (!registered.isEmpty()) {
                throw FakeAws.refusal("delete cluster", "ClusterContainsContainerInstancesException",
                        "The Cluster cannot be deleted while Container Instances are active or draining.");
            }
            return null;
        });
        return lab;
    }

    private static ContainerInstanceInfo containerInstance(String ec2InstanceId) {
        return new ContainerInstanceInfo("arn:ci/" + ec2InstanceId, ec2InstanceId, "ACTIVE", null, false, 2048, 904,
                2048, 904, 0, 0, Set.of());
    }
}
