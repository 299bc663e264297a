package dev.ecslab.aws;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Amazon ECS: cluster, container instances, task definitions, the service and its tasks. */
public interface EcsGateway {
    record ClusterInfo(String arn, String name, String status, int registeredContainerInstances,
                       int activeServices, int runningTasks, Map<String, String> tags) { }

    /**
     * agentConnected + ACTIVE is the real readiness signal of the container instance (docs/aws.md §2);
     * reservedPorts are the TCP host ports it registered as taken before any task (docs/aws.md §4).
     */
    record ContainerInstanceInfo(String arn, String ec2InstanceId, String status, String statusReason,
                                 boolean agentConnected, int registeredCpu, int registeredMemory,
                                 int remainingCpu, int remainingMemory, int runningTasks, int pendingTasks,
                                 Set<Integer> reservedPorts) { }

    record PortMapping(int containerPort, int hostPort, String protocol) { }

    record LogConfiguration(String driver, Map<String, String> options) { }

    record ContainerSpec(String name, String image, Integer cpu, Integer memory, Integer memoryReservation,
                         boolean essential, List<PortMapping> portMappings, Map<String, String> environment,
                         List<String> command, List<String> entryPoint, LogConfiguration logConfiguration) { }

    /** taskCpu/taskMemory are task-level sizes as strings ("256"), or null. */
    record TaskDefinitionSpec(String family, String networkMode, List<String> requiresCompatibilities,
                              String taskCpu, String taskMemory, String executionRoleArn, String taskRoleArn,
                              List<ContainerSpec> containers, Map<String, String> tags) { }

    /** A registered revision: what DescribeTaskDefinition says of the fields ecslab registers. */
    record TaskDefinitionInfo(String arn, String family, int revision, String status, String networkMode,
                              List<String> requiresCompatibilities, String taskCpu, String taskMemory,
                              String executionRoleArn, String taskRoleArn, List<ContainerSpec> containers) { }

    record DeploymentInfo(String id, String status, String rolloutState, String rolloutStateReason,
                          String taskDefinitionArn, int desired, int running, int pending, int failedTasks,
                          Instant createdAt) { }

    record ServiceEvent(String id, Instant createdAt, String message) { }

    record ServiceInfo(String arn, String name, String clusterArn, String status, int desired, int running,
                       int pending, String taskDefinitionArn, List<String> targetGroupArns,
                       List<DeploymentInfo> deployments, List<ServiceEvent> events, Instant createdAt,
                       Map<String, String> tags) {
        /**
         * The revisions it runs or is rolling to: its own, the PRIMARY deployment's and any deployment's with tasks
         * left. A FAILED deployment whose tasks are all gone uses nothing any more.
         */
        public Set<String> taskDefinitionsInUse() {
            Set<String> uses = new HashSet<>();
            if (taskDefinitionArn != null) {
                uses.add(taskDefinitionArn);
            }
            deployments.stream().filter(d -> "PRIMARY".equals(d.status()) || d.running() + d.pending() > 0)
                    .forEach(d -> uses.add(d.taskDefinitionArn()));
            return Set.copyOf(uses);
        }
    }

    /** Load-balanced EC2 service with circuit breaker + rollback; clientToken makes a retried create a no-op. */
    record ServiceSpec(String cluster, String name, String taskDefinitionArn, int desiredCount,
                       String targetGroupArn, String containerName, int containerPort,
                       int healthCheckGracePeriodSeconds, Map<String, String> tags, String clientToken) { }

    record HostBinding(String containerName, int containerPort, int hostPort) { }

    record TaskInfo(String arn, String lastStatus, String desiredStatus, String stopCode, String stoppedReason,
                    List<String> containerReasons, String containerInstanceArn, String taskDefinitionArn,
                    List<HostBinding> bindings, Instant startedAt, Instant stoppedAt) { }

    // clusters
    Optional<ClusterInfo> findCluster(String name);

    /**
     * CreateCluster; retries "Unable to assume the service linked role" while a new AWSServiceRoleForECS propagates,
     * within {@code slrPropagation}.
     */
    ClusterInfo createCluster(String name, Map<String, String> tags, Budget slrPropagation, WaitListener listener);

    /** The names of the region's clusters that start with {@code prefix} (ListClusters; no describe). */
    List<String> clusterNames(String prefix);

    /**
     * The task definition families whose names start with {@code prefix}, with or without an ACTIVE revision
     * (ListTaskDefinitionFamilies, status ALL).
     */
    List<String> taskDefinitionFamilies(String prefix);

    /** ACTIVE clusters named ecslab-… and tagged for the lab. */
    List<ClusterInfo> listClustersByLab(String lab);

    /** Idempotent; ClusterContains*Exception while services, instances or tasks remain. */
    void deleteCluster(String name);

    // container instances
    Optional<ContainerInstanceInfo> findContainerInstance(String cluster, String ec2InstanceId);

    /** Those not INACTIVE (ListContainerInstances' default), described. */
    List<ContainerInstanceInfo> listContainerInstances(String cluster);

    /**
     * DeregisterContainerInstance. {@code force} deregisters it even with tasks ECS still counts on it, which are
     * then orphaned (docs/aws.md §9): right only when its EC2 instance is terminated or gone.
     */
    void deregisterContainerInstance(String cluster, String containerInstanceArn, boolean force);

    /** Polls until the instance is an ACTIVE container instance with its agent connected. */
    default ContainerInstanceInfo waitUntilRegistered(String cluster, String ec2InstanceId, Budget budget,
                                                      WaitListener listener) {
        return waitUntilRegistered(cluster, ec2InstanceId, budget, listener, () -> null);
    }

    /**
     * As above; {@code whyNever} is asked while the instance has not registered, and a reason it returns (the
     * instance was terminated) ends the wait at once instead of at the end of its budget.
     */
    ContainerInstanceInfo waitUntilRegistered(String cluster, String ec2InstanceId, Budget budget,
                                              WaitListener listener, java.util.function.Supplier<String> whyNever);

    // task definitions
    TaskDefinitionInfo registerTaskDefinition(TaskDefinitionSpec spec);

    /** The newest ACTIVE revision of the family. */
    Optional<TaskDefinitionInfo> findLatestTaskDefinition(String family);

    Optional<TaskDefinitionInfo> describeTaskDefinition(String arnOrFamilyRevision);

    /** ARNs of every revision of exactly this family, with status ACTIVE or INACTIVE as asked. */
    List<String> listTaskDefinitionArns(String family, String status);

    /** Idempotent. */
    void deregisterTaskDefinition(String arn);

    /** DeleteTaskDefinitions for INACTIVE revisions; idempotent. */
    void deleteTaskDefinitions(List<String> arns);

    Map<String, String> tagsOf(String arn);

    // services
    /** Absent when missing or INACTIVE. */
    Optional<ServiceInfo> findService(String cluster, String name);

    ServiceInfo createService(ServiceSpec spec);

    ServiceInfo updateDesiredCount(String cluster, String name, int desiredCount);

    /** UpdateService to another task definition: a rolling deployment, watched by its rolloutState. */
    ServiceInfo deploy(String cluster, String name, String taskDefinitionArn);

    /** Force delete (no scale-to-zero first); idempotent. */
    void deleteService(String cluster, String name);

    void waitUntilServiceInactive(String cluster, String name, Budget budget, WaitListener listener);

    // tasks
    /**
     * Task ARNs of the service (serviceName filter), desiredStatus RUNNING or STOPPED; none for a service that does
     * not exist (yet, or any more).
     */
    List<String> listTasks(String cluster, String serviceName, String desiredStatus);

    List<TaskInfo> describeTasks(String cluster, List<String> taskArns);
}
