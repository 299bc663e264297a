package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.LabInventory;
import dev.ecslab.testing.StandInAgent;
import dev.ecslab.testing.TestClients;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lab where no instance runs an ECS agent — LocalStack (it boots no ECS-optimized AMI, and its ECS coverage has no
 * DiscoverPollEndpoint) and the emulator with ECSLAB_EMULATOR_NO_AGENT=1 — through the packaged CLI: the test plays
 * the agent ({@link StandInAgent}) while `up` waits for it, and passes on what such an AWS really offers, each
 * condition below with its source. Shared by {@link AgentlessE2E} and {@link LocalStackE2E}: what runs here is what
 * runs on GitHub, only the endpoint differs.
 */
final class AgentlessScenario {
    private final Cli cli;
    private final TestClients aws;
    private final URI endpoint;

    AgentlessScenario(Cli cli, TestClients aws, URI endpoint) {
        this.cli = cli;
        this.aws = aws;
        this.endpoint = endpoint;
    }

    /** up → status → cleanup with the test as the agent of the lab's instance. */
    void runLab(String lab) {
        String cluster = "ecslab-" + lab;
        Map<String, String> registered;
        String ami = x86Image();
        try (StandInAgent agent = StandInAgent.start(aws, lab)) {
            var up = cli.run("up", "--lab", lab, "--ami", ami);
            assertEquals(0, up.exitCode(), () -> "up failed; the stand-in agent's log:\n" + agent.log() + "\n" + up);
            up.stderrContains("[cluster]", "[elb]", "[service]")
                    .stdoutContains("[OK] HTTP GET through the load balancer returns nginx's page");
            registered = agent.registered();
            assertEquals(Map.of(), agent.registeredByOthers(), "registered before the stand-in looked: no agent runs "
                    + "on this AWS, or the test proves nothing; its log:\n" + agent.log());
        }

        assertEquals(ami, aws.ec2().describeInstances(r -> r.instanceIds(registered.keySet())).reservations().get(0)
                .instances().get(0).imageId(), "the instance runs the AMI --ami named");

        // 1. The container instance `up` waited for is the lab's one instance, registered by the stand-in agent in
        //    the cluster its user data names: RegisterContainerInstance is how an instance joins a cluster
        //    (API_RegisterContainerInstance), the one way on LocalStack (its ECS coverage: no agent endpoints).
        assertEquals(1, registered.size(), "the stand-in registered one instance: " + registered);
        List<String> active = aws.ecs().listContainerInstances(r -> r.cluster(cluster)
                .status(ContainerInstanceStatus.ACTIVE)).containerInstanceArns();
        assertEquals(List.copyOf(registered.values()), active, "one ACTIVE container instance, the stand-in's");
        ContainerInstance ci = aws.ecs().describeContainerInstances(r -> r.cluster(cluster).containerInstances(active))
                .containerInstances().get(0);
        assertEquals(registered.keySet().iterator().next(), ci.ec2InstanceId());

        // 2. The service runs what it wants: running == desired, that many RUNNING tasks (API_Service runningCount;
        //    LocalStack runs each task as a Docker container, its ECS docs: docs.localstack.cloud/aws/services/ecs).
        //    Not its deployment's COMPLETED rollout, which LocalStack does not document for a target group's health.
        Service service = aws.ecs().describeServices(r -> r.cluster(cluster).services(cluster + "-web"))
                .services().get(0);
        assertEquals(4, service.desiredCount(), "desired");
        assertEquals(service.desiredCount(), service.runningCount(), "running == desired");
        assertEquals(4, aws.ecs().listTasks(r -> r.cluster(cluster).serviceName(service.serviceName())
                .desiredStatus(DesiredStatus.RUNNING)).taskArns().size(), "RUNNING tasks");

        // 3. nginx's page through the load balancer, asked by the test itself: the endpoint with the load balancer's
        //    DNS name as Host, how LocalStack (its ELBv2 docs: the listener behind
        //    <name>.elb.localhost.localstack.cloud on the gateway's port) and the emulator route to a listener.
        String dns = aws.elb().describeLoadBalancers(r -> r.names(cluster + "-alb")).loadBalancers().get(0).dnsName();
        String page = get(dns);
        assertTrue(page.startsWith("HTTP/1.1 200") && page.contains("Welcome to nginx!"), page);

        cli.run("status", "--lab", lab).ok().stdoutContains(cluster + "-alb", cluster + "-web");
        cli.run("cleanup", "--lab", lab, "--yes").ok();
        assertEquals(List.of(), new LabInventory(aws).leftovers(lab));
    }

    /**
     * The AMI the run pins with --ami: an ECS-optimized Amazon Linux 2023 one where the region lists it, else any
     * x86_64 image Amazon owns (nothing boots it: the test is the agent). With --ami the run does not depend on SSM's
     * public parameters, which LocalStack's moto may lack (issue 32: before moto 5.1.19, moto#9520).
     */
    private String x86Image() {
        for (var filters : List.of(List.of(filter("name", "al2023-ami-ecs-hvm-*"), filter("architecture", "x86_64")),
                List.of(filter("owner-alias", "amazon"), filter("architecture", "x86_64")))) {
            var found = aws.ec2().describeImages(r -> r.filters(filters)).images().stream().map(Image::imageId)
                    .sorted().findFirst();
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new AssertionError("no x86_64 image in this region to pin with --ami");
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }

    private String get(String host) {
        return get(endpoint, host);
    }

    /** One HTTP/1.0 GET of "/" from the endpoint with this Host (Java's HttpClient refuses to set Host). */
    static String get(URI endpoint, String host) {
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), port), 10_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
