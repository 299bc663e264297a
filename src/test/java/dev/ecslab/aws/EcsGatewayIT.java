package dev.ecslab.aws;

import dev.ecslab.aws.EcsGateway.ContainerInstanceInfo;
import dev.ecslab.aws.EcsGateway.ContainerSpec;
import dev.ecslab.aws.EcsGateway.HostBinding;
import dev.ecslab.aws.EcsGateway.LogConfiguration;
import dev.ecslab.aws.EcsGateway.PortMapping;
import dev.ecslab.aws.EcsGateway.ServiceInfo;
import dev.ecslab.aws.EcsGateway.ServiceSpec;
import dev.ecslab.aws.EcsGateway.TaskDefinitionSpec;
import dev.ecslab.aws.EcsGateway.TaskInfo;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ECS against the emulator's control plane (the companion plays the agent, the scheduler and the load balancer's
 * health checks, as docs/aws.md describes AWS doing).
 */
class EcsGatewayIT {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    private static final Budget WAIT = new Budget("it wait", Duration.ofSeconds(60), Duration.ofMillis(250));

    private final EcsGateway ecs = EmulatorGateways.of(EMULATOR).ecs();
    private final EcsClient check = EMULATOR.clients().ecs();
    private final Names names = new Names(EmulatorGateways.uniqueLab());
    private final Map<String, String> tags = Tags.of(names.lab(), "run-1", null);

    @Test
    void the_cluster_is_tagged_at_creation_without_container_insights() {
        EcsGateway.ClusterInfo created = ecs.createCluster(names.cluster(), tags, WAIT, WaitListener.NONE);

        Cluster seen = check.describeClusters(r -> r.clusters(names.cluster()).include(ClusterField.TAGS,
                ClusterField.SETTINGS)).clusters().get(0);
        assertEquals(created.arn(), seen.clusterArn());
        assertEquals("ACTIVE", seen.status());
        assertEquals(tags, tagMap(seen.tags()));
        assertEquals("disabled", seen.settings().stream().filter(s -> s.nameAsString().equals("containerInsights"))
                .findFirst().orElseThrow().value());
        assertEquals(tags, ecs.findCluster(names.cluster()).orElseThrow().tags());
        assertEquals(List.of(created.arn()), ecs.listClustersByLab(names.lab()).stream()
                .map(EcsGateway.ClusterInfo::arn).collect(Collectors.toList()));
    }

    @Test
    void a_cluster_not_named_by_ecslab_is_not_read_even_when_tagged_for_the_lab() {
        // The example policy lets DescribeClusters read only ecslab-* clusters: others must not be asked for.
        EcsGateway.ClusterInfo created = ecs.createCluster(names.cluster(), tags, WAIT, WaitListener.NONE);
        check.createCluster(r -> r.clusterName("not-" + names.cluster())
                .tags(Tag.builder().key(Tags.LAB).value(names.lab()).build()));

        assertEquals(List.of(created.arn()), ecs.listClustersByLab(names.lab()).stream()
                .map(EcsGateway.ClusterInfo::arn).collect(Collectors.toList()));
        check.deleteCluster(r -> r.cluster("not-" + names.cluster()));
    }

    @Test
    void a_cluster_created_right_after_the_service_linked_role_waits_until_ecs_can_assume_it() {
        EMULATOR.clients().iam().createServiceLinkedRole(r -> r.awsServiceName("ecs.amazonaws.com"));
        // What AWS (and the strict emulator) answers for a moment after the role's creation.
        EcsException refused = assertThrows(EcsException.class, () -> check.createCluster(r -> r.clusterName(
                names.cluster() + "-raw")));
        assertEquals("InvalidParameterException", refused.awsErrorDetails().errorCode());
        assertTrue(refused.awsErrorDetails().errorMessage().contains("Unable to assume the service linked role"),
                refused.awsErrorDetails().errorMessage());
        List<String> heard = new ArrayList<>();

        EcsGateway.ClusterInfo created = ecs.createCluster(names.cluster(), tags, WAIT,
                (budget, elapsed, status) -> heard.add(status));

        assertEquals("ACTIVE", check.describeClusters(r -> r.clusters(names.cluster())).clusters().get(0).status());
        assertEquals(created.arn(), check.describeClusters(r -> r.clusters(names.cluster())).clusters().get(0)
                .clusterArn());
        assertTrue(heard.stream().anyMatch(h -> h.contains("service-linked role")), heard.toString());
    }

    @Test
    void a_service_that_does_not_exist_yet_or_any_more_has_no_tasks() {
        ecs.createCluster(names.cluster(), tags, WAIT, WaitListener.NONE);
        // AWS's answer to ListTasks for an unknown service; the gateway makes it "no tasks".
        EcsException unknown = assertThrows(EcsException.class, () -> check.listTasks(r -> r.cluster(names.cluster())
                .serviceName(names.service())));
        assertEquals("ServiceNotFoundException", unknown.awsErrorDetails().errorCode());
        assertEquals(List.of(), ecs.listTasks(names.cluster(), names.service(), "RUNNING"));
        assertEquals(List.of(), ecs.listTasks(names.cluster(), names.service(), "STOPPED"));
    }

    @Test
    void a_missing_or_deleted_cluster_is_absent_and_deleting_twice_is_fine() {
        assertTrue(ecs.findCluster(names.cluster()).isEmpty());
        ecs.createCluster(names.cluster(), tags, WAIT, WaitListener.NONE);
        ecs.deleteCluster(names.cluster());
        ecs.deleteCluster(names.cluster());
        assertEquals("INACTIVE", check.describeClusters(r -> r.clusters(names.cluster())).clusters().get(0).status());
        assertTrue(ecs.findCluster(names.cluster()).isEmpty());
        assertTrue(ecs.listClustersByLab(names.lab()).isEmpty());
    }

    @Test
    void the_container_instance_of_an_ec2_instance_is_waited_for_until_active_with_its_agent() {
        ecs.createCluster(names.cluster(), tags, WAIT, WaitListener.NONE);
        String someoneElse = runInstance(names.cluster());
        String mine = runInstance(names.cluster());
        assertTrue(ecs.findContainerInstance(names.cluster(), mine).isEmpty());
        List<String> heard = new ArrayList<>();

        ContainerInstanceInfo registered = ecs.waitUntilRegistered(names.cluster(), mine, WAIT,
                (budget, elapsed, status) -> heard.add(status));

        assertEquals(mine, registered.ec2InstanceId());
        assertEquals("ACTIVE", registered.status());
        assertTrue(registered.agentConnected());
        assertEquals(2048, registered.registeredCpu());
        assertEquals(998, registered.registeredMemory()); // t3.micro's 1024 MiB less the kernel's share
        assertEquals(Set.of(22, 2375, 2376, 51678, 51679, 51680), registered.reservedPorts());
        assertFalse(heard.isEmpty());
        assertTrue(heard.get(0).contains("has not registered"), heard.get(0));
        var seen = check.describeContainerInstances(r -> r.cluster(names.cluster())
                .containerInstances(registered.arn())).containerInstances().get(0);
        assertEquals(mine, seen.ec2InstanceId());
        ecs.waitUntilRegistered(names.cluster(), someoneElse, WAIT, WaitListener.NONE);
        assertEquals(2, ecs.listContainerInstances(names.cluster()).size());
        assertEquals(someoneElse, ecs.findContainerInstance(names.cluster(), someoneElse).orElseThrow()
                .ec2InstanceId());
    }

    @Test
    void the_task_definition_is_registered_as_specified() {
        ContainerSpec web = new ContainerSpec("web", "public.ecr.aws/nginx/nginx:stable", 128, 128, 64, true,
                List.of(new PortMapping(80, 0, "tcp")), Map.of("GREETING", "hello"), List.of("nginx", "-g",
                "daemon off;"), List.of("/docker-entrypoint.sh"), new LogConfiguration("awslogs",
                Map.of("awslogs-group", names.logGroup(), "awslogs-region", "us-east-1",
                        "awslogs-stream-prefix", "web")));
        TaskDefinitionSpec spec = new TaskDefinitionSpec(names.taskFamily(), "bridge", List.of("EC2"), "256", "512",
                "arn:aws:iam::123456789012:role/exec", "arn:aws:iam::123456789012:role/task", List.of(web), tags);

        EcsGateway.TaskDefinitionInfo registered = ecs.registerTaskDefinition(spec);

        var answer = check.describeTaskDefinition(r -> r.taskDefinition(registered.arn())
                .include(TaskDefinitionField.TAGS));
        TaskDefinition td = answer.taskDefinition();
        assertEquals(names.taskFamily(), td.family());
        assertEquals(1, td.revision());
        assertEquals("bridge", td.networkModeAsString());
        assertEquals(List.of("EC2"), td.requiresCompatibilitiesAsStrings());
        assertEquals("256", td.cpu());
        assertEquals("512", td.memory());
        assertEquals("arn:aws:iam::123456789012:role/exec", td.executionRoleArn());
        assertEquals("arn:aws:iam::123456789012:role/task", td.taskRoleArn());
        assertEquals(tags, tagMap(answer.tags()));
        ContainerDefinition c = td.containerDefinitions().get(0);
        assertEquals("web", c.name());
        assertEquals("public.ecr.aws/nginx/nginx:stable", c.image());
        assertTrue(c.essential());
        assertEquals(128, c.cpu());
        assertEquals(128, c.memory());
        assertEquals(64, c.memoryReservation());
        assertEquals(80, c.portMappings().get(0).containerPort());
        assertEquals(0, c.portMappings().get(0).hostPort());
        assertEquals("tcp", c.portMappings().get(0).protocolAsString());
        assertEquals(Map.of("GREETING", "hello"), c.environment().stream()
                .collect(Collectors.toMap(KeyValuePair::name, KeyValuePair::value)));
        assertEquals(List.of("nginx", "-g", "daemon off;"), c.command());
        assertEquals(List.of("/docker-entrypoint.sh"), c.entryPoint());
        assertEquals("awslogs", c.logConfiguration().logDriverAsString());
        assertEquals(web.logConfiguration().options(), c.logConfiguration().options());
        assertEquals(List.of(web), ecs.describeTaskDefinition(registered.arn()).orElseThrow().containers());
    }

    @Test
    void revisions_are_listed_for_exactly_one_family_and_the_newest_active_one_is_found() {
        String first = ecs.registerTaskDefinition(minimal(names.taskFamily())).arn();
        String second = ecs.registerTaskDefinition(minimal(names.taskFamily())).arn();
        ecs.registerTaskDefinition(minimal(names.taskFamily() + "2"));

        assertEquals(List.of(first, second), ecs.listTaskDefinitionArns(names.taskFamily(), "ACTIVE"));
        assertEquals(second, ecs.findLatestTaskDefinition(names.taskFamily()).orElseThrow().arn());
        ecs.deregisterTaskDefinition(second);
        assertEquals(first, ecs.findLatestTaskDefinition(names.taskFamily()).orElseThrow().arn());
        assertEquals(List.of(second), ecs.listTaskDefinitionArns(names.taskFamily(), "INACTIVE"));
        assertTrue(ecs.findLatestTaskDefinition(names.taskFamily() + "x").isEmpty());
        assertTrue(ecs.describeTaskDefinition(names.taskFamily() + ":99").isEmpty());
    }

    @Test
    void deregistering_and_deleting_revisions_is_idempotent_in_batches() {
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            arns.add(ecs.registerTaskDefinition(minimal(names.taskFamily())).arn());
        }
        AwsCallException active = assertThrows(AwsCallException.class, () -> ecs.deleteTaskDefinitions(arns));
        assertTrue(active.getMessage().contains("ACTIVE"), active.getMessage());

        arns.forEach(ecs::deregisterTaskDefinition);
        arns.forEach(ecs::deregisterTaskDefinition);
        ecs.deregisterTaskDefinition(names.taskFamily() + ":99");
        ecs.deleteTaskDefinitions(arns);
        ecs.deleteTaskDefinitions(arns);

        for (String arn : arns) {
            assertTrue(ecs.describeTaskDefinition(arn).map(td -> td.status().equals("DELETE_IN_PROGRESS"))
                    .orElse(true), arn);
        }
        assertTrue(check.listTaskDefinitions(r -> r.familyPrefix(names.taskFamily())).taskDefinitionArns().isEmpty());
    }

    @Test
    void the_service_runs_behind_the_target_group_scales_and_drains_away() {
        ecs.createCluster(names.cluster(), tags, WAIT, WaitListener.NONE);
        String instance = runInstance(names.cluster());
        ecs.waitUntilRegistered(names.cluster(), instance, WAIT, WaitListener.NONE);
        String td = ecs.registerTaskDefinition(minimal(names.taskFamily())).arn();
        String targetGroup = targetGroupWithListener();
        ServiceSpec spec = new ServiceSpec(names.cluster(), names.service(), td, 1, targetGroup, Names.CONTAINER_NAME,
                Names.CONTAINER_PORT, 30, tags, "token-" + names.lab());

        ServiceInfo created = ecs.createService(spec);

        Service seen = check.describeServices(r -> r.cluster(names.cluster()).services(names.service())
                .include(ServiceField.TAGS)).services().get(0);
        assertEquals(created.arn(), seen.serviceArn());
        assertEquals("EC2", seen.launchTypeAsString());
        assertEquals(td, seen.taskDefinition());
        assertEquals(targetGroup, seen.loadBalancers().get(0).targetGroupArn());
        assertEquals(Names.CONTAINER_NAME, seen.loadBalancers().get(0).containerName());
        assertEquals(Names.CONTAINER_PORT, seen.loadBalancers().get(0).containerPort());
        assertEquals(30, seen.healthCheckGracePeriodSeconds());
        assertEquals(100, seen.deploymentConfiguration().minimumHealthyPercent());
        assertEquals(200, seen.deploymentConfiguration().maximumPercent());
        assertTrue(seen.deploymentConfiguration().deploymentCircuitBreaker().enable());
        assertTrue(seen.deploymentConfiguration().deploymentCircuitBreaker().rollback());
        assertEquals(List.of("spread:attribute:ecs.availability-zone", "binpack:memory"),
                seen.placementStrategy().stream().map(p -> p.typeAsString() + ":" + p.field())
                        .collect(Collectors.toList()));
        assertEquals("SERVICE", seen.propagateTagsAsString());
        assertTrue(seen.enableECSManagedTags());
        assertEquals(tags, tagMap(seen.tags()));
        // A retried create with the same client token is the same service, not an error or a second one.
        assertEquals(created.arn(), ecs.createService(spec).arn());

        List<TaskInfo> tasks = runningTasks(1);
        HostBinding binding = tasks.get(0).bindings().get(0);
        assertEquals(Names.CONTAINER_NAME, binding.containerName());
        assertEquals(Names.CONTAINER_PORT, binding.containerPort());
        assertTrue(binding.hostPort() >= 32768 && binding.hostPort() <= 65535, binding.toString());
        assertEquals(tags, ecs.findService(names.cluster(), names.service()).orElseThrow().tags());

        ecs.updateDesiredCount(names.cluster(), names.service(), 2);
        List<TaskInfo> two = runningTasks(2);
        assertNotEquals(two.get(0).bindings().get(0).hostPort(), two.get(1).bindings().get(0).hostPort());
        assertEquals(2, check.describeServices(r -> r.cluster(names.cluster()).services(names.service()))
                .services().get(0).desiredCount());

        ecs.deleteService(names.cluster(), names.service());
        ecs.deleteService(names.cluster(), names.service());
        ecs.waitUntilServiceInactive(names.cluster(), names.service(), WAIT, WaitListener.NONE);
        assertEquals("INACTIVE", check.describeServices(r -> r.cluster(names.cluster()).services(names.service()))
                .services().get(0).status());
        assertTrue(ecs.findService(names.cluster(), names.service()).isEmpty());
        // An INACTIVE service has no tasks to list (AWS: ServiceNotFoundException); its tasks stopped.
        assertTrue(ecs.listTasks(names.cluster(), names.service(), "RUNNING").isEmpty());
        assertTrue(ecs.listTasks(names.cluster(), names.service(), "STOPPED").isEmpty());
        List<TaskInfo> stopped = ecs.describeTasks(names.cluster(), check.listTasks(r -> r.cluster(names.cluster())
                .desiredStatus(DesiredStatus.STOPPED)).taskArns());
        assertFalse(stopped.isEmpty());
        assertTrue(stopped.stream().allMatch(t -> "STOPPED".equals(t.desiredStatus())), stopped.toString());
    }

    @Test
    void a_service_of_a_missing_cluster_is_absent() {
        assertTrue(ecs.findService(names.cluster(), names.service()).isEmpty());
        ecs.deleteService(names.cluster(), names.service());
        ecs.waitUntilServiceInactive(names.cluster(), names.service(), WAIT, WaitListener.NONE);
    }

    /** Polls (as a person would with the CLI) until the service runs {@code count} tasks. */
    private List<TaskInfo> runningTasks(int count) {
        return new Poller().poll(WAIT, WaitListener.NONE, () -> {
            List<TaskInfo> running = ecs.describeTasks(names.cluster(),
                    ecs.listTasks(names.cluster(), names.service(), "RUNNING")).stream()
                    .filter(t -> "RUNNING".equals(t.lastStatus())).collect(Collectors.toList());
            return running.size() == count ? Poll.done(running, "running") : Poll.pending(running.size() + " running");
        });
    }

    private TaskDefinitionSpec minimal(String family) {
        ContainerSpec web = new ContainerSpec(Names.CONTAINER_NAME, "public.ecr.aws/nginx/nginx:stable", 128, 128, 64,
                true, List.of(new PortMapping(Names.CONTAINER_PORT, 0, "tcp")), Map.of(), List.of(), List.of(), null);
        return new TaskDefinitionSpec(family, "bridge", List.of("EC2"), null, null, null, null, List.of(web), tags);
    }

    private String runInstance(String cluster) {
        Ec2Client ec2 = EMULATOR.clients().ec2();
        String image = EMULATOR.clients().ssm().getParameter(r -> r.name(SsmGateway.ECS_AMI_X86)).parameter().value();
        String userData = "#!/bin/bash\ncat <<'EOF' >> /etc/ecs/ecs.config\nECS_CLUSTER=" + cluster + "\nEOF\n";
        return ec2.runInstances(r -> r.imageId(image).instanceType("t3.micro").minCount(1).maxCount(1)
                .userData(Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8))))
                .instances().get(0).instanceId();
    }

    private String targetGroupWithListener() {
        Ec2Client ec2 = EMULATOR.clients().ec2();
        String vpc = ec2.describeVpcs(r -> r.filters(Filter.builder().name("isDefault").values("true").build()))
                .vpcs().get(0).vpcId();
        List<String> subnets = ec2.describeSubnets(r -> r.filters(Filter.builder().name("vpc-id").values(vpc)
                .build())).subnets().stream().map(s -> s.subnetId()).limit(2).collect(Collectors.toList());
        ElasticLoadBalancingV2Client elb = EMULATOR.clients().elb();
        String lb = elb.createLoadBalancer(r -> r.name(names.loadBalancer()).subnets(subnets)).loadBalancers().get(0)
                .loadBalancerArn();
        String tg = elb.createTargetGroup(r -> r.name(names.targetGroup()).protocol(ProtocolEnum.HTTP).port(80)
                .vpcId(vpc).healthCheckIntervalSeconds(5).healthCheckTimeoutSeconds(4).healthyThresholdCount(2))
                .targetGroups().get(0).targetGroupArn();
        elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg).attributes(TargetGroupAttribute.builder()
                .key("deregistration_delay.timeout_seconds").value("5").build()));
        elb.createListener(r -> r.loadBalancerArn(lb).protocol(ProtocolEnum.HTTP).port(80)
                .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tg).build()));
        return tg;
    }

    private static Map<String, String> tagMap(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b, LinkedHashMap::new));
    }
}
