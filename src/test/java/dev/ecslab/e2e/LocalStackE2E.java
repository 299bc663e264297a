package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.TestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The lab against LocalStack in a container, with the scenario {@link AgentlessE2E} runs on the emulator without its
 * agent: LocalStack boots no ECS-optimized AMI, so the test plays the ECS agent ({@link AgentlessScenario}). ECS and
 * ELBv2 need LocalStack's paid edition, so this runs only where Docker is available and LOCALSTACK_AUTH_TOKEN is set
 * (the GitHub workflow); elsewhere it is skipped, saying which of the two is missing.
 */
class LocalStackE2E {
    /**
     * Pinned: LocalStack's paid image, which serves ECS and ELBv2. 4.13.0 is the first whose moto (5.1.19 on, moto
     * PR #9520) carries SSM's /aws/service/ecs/optimized-ami/amazon-linux-2023/… public parameters that `up` reads
     * for its AMI (issue 32; 4.9.x answered ParameterNotFound, and names under /aws cannot be created by a client).
     * The scenario pins an AMI with --ami all the same, so that the run does not hang on that claim, which could not
     * be checked against LocalStack's own release notes here.
     */
    static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack-pro:4.13.0");

    @TempDir
    Path home;

    @Test
    void whole_lab_runs_against_localstack() {
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        assumeTrue(token != null && !token.isBlank(),
                "skipped: LOCALSTACK_AUTH_TOKEN is not set (ECS and ELBv2 need LocalStack's paid edition)");
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "skipped: no Docker daemon is reachable (LocalStack runs in a container)");

        try (LocalStackContainer localstack = new LocalStackContainer(IMAGE)
                .withEnv("LOCALSTACK_AUTH_TOKEN", token)
                // LocalStack's default Docker VM manager refuses an AMI that is no local Docker image tagged
                // localstack-ec2/<name>:<ami-id> (InvalidAMIID.NotFound; its EC2 docs, localstack#10764); the mock
                // one launches any AMI, as an instance that runs nothing — the test plays its ECS agent
                .withEnv("EC2_VM_MANAGER", "mock")
                .withServices("ecs", "ec2", "elbv2", "iam", "ssm", "logs", "sts", "resourcegroupstaggingapi")) {
            localstack.start();
            try (TestClients aws = new TestClients(localstack.getEndpoint())) {
                Cli cli = new Cli(localstack.getEndpoint(), home);
                new AgentlessScenario(cli, aws, localstack.getEndpoint()).runLab("ls");
            }
        }
    }
}
