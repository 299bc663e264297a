package dev.ecslab.testing;

import dev.ecslab.json.Json;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Resource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ECS agent, played by a test where no instance runs one (LocalStack boots no ECS-optimized AMI; the emulator with
 * ECSLAB_EMULATOR_NO_AGENT=1): once a lab's instance (tag ecslab:lab) is running, it registers it once with
 * RegisterContainerInstance, as the agent does at start, with what the agent sends — the instance identity document
 * and its signature, the cluster ECS_CLUSTER names in the user data, the resources the instance has. A daemon thread
 * polling every second until closed; what it did and what failed is in {@link #log()}.
 */
public final class StandInAgent implements AutoCloseable {
    /** ECS_CLUSTER as the user data writes it to /etc/ecs/ecs.config (the agent reads that file at start). */
    private static final Pattern ECS_CLUSTER = Pattern.compile("(?m)^ECS_CLUSTER=([\\w-]+)$");
    /**
     * The agent registers vCPUs × 1024 CPU units and the memory the kernel reports: AWS's m4.large example has
     * 7985 of its 8192 MiB for tasks
     * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/memory-management.html); the same share of every
     * type (t3.micro: 998 MiB), as the emulator's own agent registers (agent.py).
     */
    private static final double KERNEL_MEMORY_SHARE = 7985.0 / 8192;
    /** The host ports the agent reserves: SSH, Docker's, its own (API_PortMapping, hostPort). */
    private static final List<String> RESERVED_PORTS = List.of("22", "2375", "2376", "51678", "51679", "51680");

    private final Ec2Client ec2;
    private final EcsClient ecs;
    private final String lab;
    private final Map<String, String> registered = new ConcurrentHashMap<>(); // instance id: container instance ARN
    private final Map<String, String> registeredByOthers = new ConcurrentHashMap<>();
    private final List<String> log = new ArrayList<>();
    private final Thread thread;
    private volatile boolean closed;

    private StandInAgent(TestClients aws, String lab) {
        this.ec2 = aws.ec2();
        this.ecs = aws.ecs();
        this.lab = lab;
        this.thread = new Thread(this::run, "stand-in-ecs-agent-" + lab);
        thread.setDaemon(true);
    }

    /** Starts playing the agent of the lab's instances. */
    public static StandInAgent start(TestClients aws, String lab) {
        StandInAgent agent = new StandInAgent(aws, lab);
        agent.thread.start();
        return agent;
    }

    /** The instances registered so far: EC2 instance id → container instance ARN. */
    public Map<String, String> registered() {
        return Map.copyOf(registered);
    }

    /** The lab's instances some other agent had registered before this one looked: none where no agent runs. */
    public Map<String, String> registeredByOthers() {
        return Map.copyOf(registeredByOthers);
    }

    public String log() {
        synchronized (log) {
            return String.join("\n", log);
        }
    }

    private void run() {
        while (!closed) {
            try {
                runningInstances().stream().filter(i -> !registered.containsKey(i.instanceId())
                                && !registeredByOthers.containsKey(i.instanceId()))
                        .forEach(this::register);
            } catch (RuntimeException e) { // the next look tries again, as the agent retries its registration
                note("look failed: " + e);
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private List<Instance> runningInstances() {
        return ec2.describeInstances(r -> r.filters(Filter.builder().name("tag:ecslab:lab").values(lab).build(),
                        Filter.builder().name("instance-state-name").values("running").build()))
                .reservations().stream().flatMap(res -> res.instances().stream()).toList();
    }

    private void register(Instance instance) {
        String userData = ec2.describeInstanceAttribute(r -> r.instanceId(instance.instanceId())
                .attribute(InstanceAttributeName.USER_DATA)).userData().value();
        Matcher cluster = ECS_CLUSTER.matcher(new String(Base64.getDecoder().decode(userData), StandardCharsets.UTF_8));
        if (!cluster.find()) { // the agent would join `default`; the lab always names its cluster
            note(instance.instanceId() + ": no ECS_CLUSTER in its user data; not registered");
            return;
        }
        String found = containerInstanceOf(cluster.group(1), instance.instanceId());
        if (found != null) { // an agent the test did not expect runs there
            registeredByOthers.put(instance.instanceId(), found);
            note(instance.instanceId() + " was registered already, not by this stand-in: " + found);
            return;
        }
        String arn = ecs.registerContainerInstance(r -> r.cluster(cluster.group(1))
                .instanceIdentityDocument(identityDocument(instance))
                // the agent sends the document's signature from the instance metadata; no one here can sign one,
                // and neither moto nor LocalStack checks it
                .instanceIdentityDocumentSignature(Base64.getEncoder().encodeToString(
                        "stand-in agent: unsigned".getBytes(StandardCharsets.UTF_8)))
                .totalResources(resources(instance.instanceTypeAsString())))
                .containerInstance().containerInstanceArn();
        registered.put(instance.instanceId(), arn);
        note(instance.instanceId() + " registered with " + cluster.group(1) + ": " + arn);
    }

    /** The container instance of this EC2 instance in the cluster, if any (read without the filter moto ignores). */
    private String containerInstanceOf(String cluster, String instanceId) {
        List<String> arns = ecs.listContainerInstances(r -> r.cluster(cluster)).containerInstanceArns();
        if (arns.isEmpty()) {
            return null;
        }
        return ecs.describeContainerInstances(r -> r.cluster(cluster).containerInstances(arns)).containerInstances()
                .stream().filter(ci -> instanceId.equals(ci.ec2InstanceId())).map(ci -> ci.containerInstanceArn())
                .findFirst().orElse(null);
    }

    /**
     * The instance identity document (instance metadata /latest/dynamic/instance-identity/document), its fields as
     * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-identity-documents.html lists them; ECS reads the
     * instance and region from it (moto: instanceId).
     */
    private String identityDocument(Instance instance) {
        String zone = instance.placement().availabilityZone();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("accountId", accountOf(instance));
        document.put("architecture", instance.architectureAsString());
        document.put("availabilityZone", zone);
        document.put("imageId", instance.imageId());
        document.put("instanceId", instance.instanceId());
        document.put("instanceType", instance.instanceTypeAsString());
        document.put("pendingTime", String.valueOf(instance.launchTime()));
        document.put("privateIp", instance.privateIpAddress());
        document.put("region", zone.substring(0, zone.length() - 1));
        document.put("version", "2017-09-30");
        return Json.write(document);
    }

    private String accountOf(Instance instance) {
        return ec2.describeInstances(r -> r.instanceIds(instance.instanceId())).reservations().get(0).ownerId();
    }

    /** totalResources as the agent reports them: CPU, MEMORY, PORTS, PORTS_UDP. */
    private List<Resource> resources(String instanceType) {
        InstanceTypeInfo type = ec2.describeInstanceTypes(r -> r.instanceTypesWithStrings(instanceType))
                .instanceTypes().get(0);
        int cpu = type.vCpuInfo().defaultVCpus() * 1024;
        int memory = (int) (type.memoryInfo().sizeInMiB() * KERNEL_MEMORY_SHARE);
        return List.of(Resource.builder().name("CPU").type("INTEGER").integerValue(cpu).build(),
                Resource.builder().name("MEMORY").type("INTEGER").integerValue(memory).build(),
                Resource.builder().name("PORTS").type("STRINGSET").stringSetValue(RESERVED_PORTS).build(),
                Resource.builder().name("PORTS_UDP").type("STRINGSET").stringSetValue(List.of()).build());
    }

    private void note(String line) {
        synchronized (log) {
            log.add(line);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
