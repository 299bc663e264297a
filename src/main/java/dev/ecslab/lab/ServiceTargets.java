package dev.ecslab.lab;

import dev.ecslab.aws.EcsGateway;
import dev.ecslab.aws.EcsGateway.TaskInfo;
import dev.ecslab.aws.ElbGateway.TargetHealth;
import dev.ecslab.aws.Names;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The running tasks of the lab's service, each matched with its own target ({@code instanceId:hostPort}, from the
 * task's network bindings) and that target's health — so "healthy" means every task, not just some target.
 */
final class ServiceTargets {
    record TaskTarget(String taskArn, String instanceId, int hostPort, String state, String reason) {
        boolean healthy() {
            return "healthy".equals(state);
        }

        String describe() {
            return instanceId + ":" + hostPort + " " + state + (reason == null ? "" : " (" + reason + ")");
        }
    }

    private ServiceTargets() {
    }

    static List<TaskTarget> of(LabContext ctx, String targetGroupArn) {
        EcsGateway ecs = ctx.aws().ecs();
        String cluster = ctx.names().cluster();
        List<String> arns = ecs.listTasks(cluster, ctx.names().service(), "RUNNING");
        if (arns.isEmpty()) {
            return List.of();
        }
        List<TaskInfo> tasks = ecs.describeTasks(cluster, arns).stream()
                .filter(t -> "RUNNING".equals(t.lastStatus())).collect(Collectors.toList());
        Map<String, String> instanceOf = ecs.listContainerInstances(cluster).stream()
                .collect(Collectors.toMap(EcsGateway.ContainerInstanceInfo::arn,
                        EcsGateway.ContainerInstanceInfo::ec2InstanceId, (a, b) -> a));
        List<TargetHealth> health = ctx.aws().elb().describeTargetHealth(targetGroupArn);
        return tasks.stream().map(t -> {
            String instance = instanceOf.get(t.containerInstanceArn());
            int port = t.bindings().stream().filter(b -> Names.CONTAINER_NAME.equals(b.containerName())
                    && b.containerPort() == Names.CONTAINER_PORT).mapToInt(EcsGateway.HostBinding::hostPort)
                    .findFirst().orElse(0);
            TargetHealth h = health.stream().filter(x -> x.id().equals(instance) && x.port() == port).findFirst()
                    .orElse(null);
            return new TaskTarget(t.arn(), instance, port, h == null ? "not registered" : h.state(),
                    h == null ? null : h.reason());
        }).collect(Collectors.toList());
    }
}
