package dev.ecslab.lab;

import dev.ecslab.aws.EcsGateway;
import dev.ecslab.aws.EcsGateway.ServiceInfo;
import dev.ecslab.aws.Tags;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Revisions of the lab's task definition family: how to name them, and retiring those a deployment replaced. */
final class Revisions {
    private Revisions() {
    }

    /** "family:revision" from a task definition ARN. */
    static String shortName(String arn) {
        return arn == null ? "?" : arn.substring(arn.lastIndexOf('/') + 1);
    }

    static int number(String arn) {
        return Integer.parseInt(arn.substring(arn.lastIndexOf(':') + 1));
    }

    /**
     * Once {@code deployed} is COMPLETED: deregisters the lab's older ACTIVE revisions that no deployment of the
     * service still uses (read again now, not from before the rollout). Newer ones — another run may have
     * registered one meanwhile — stay.
     */
    static void retireOlder(LabContext ctx, String step, String deployed) {
        EcsGateway ecs = ctx.aws().ecs();
        Optional<ServiceInfo> service = ecs.findService(ctx.names().cluster(), ctx.names().service());
        Set<String> inUse = new HashSet<>(Set.of(deployed));
        service.ifPresent(s -> {
            inUse.add(s.taskDefinitionArn());
            s.deployments().forEach(d -> inUse.add(d.taskDefinitionArn()));
        });
        for (String arn : ecs.listTaskDefinitionArns(ctx.names().taskFamily(), "ACTIVE")) {
            if (number(arn) < number(deployed) && !inUse.contains(arn)
                    && Tags.ownedBy(ecs.tagsOf(arn), ctx.lab().name())) {
                ecs.deregisterTaskDefinition(arn);
                ctx.reporter().info(step, "deregistered task definition " + shortName(arn) + ": replaced by "
                        + shortName(deployed));
            }
        }
    }
}
