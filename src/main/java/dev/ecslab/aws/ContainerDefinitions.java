package dev.ecslab.aws;

import dev.ecslab.aws.EcsGateway.ContainerSpec;

import java.util.List;
import java.util.Map;

/**
 * Container definitions as RegisterTaskDefinition sends them, by the API's own member names ({@code portMappings},
 * {@code logConfiguration} ...): what {@code aws ecs register-task-definition --container-definitions} reads, built
 * by the same code that builds ecslab's own request, so a script that registers them registers the same revision.
 */
public final class ContainerDefinitions {
    private ContainerDefinitions() {
    }

    public static List<Map<String, Object>> document(List<ContainerSpec> containers) {
        return containers.stream().map(c -> CallRecorder.values(SdkEcsGateway.toSdk(c))).toList();
    }
}
