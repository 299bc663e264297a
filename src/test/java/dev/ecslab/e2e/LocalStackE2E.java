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
 * The same lab run as {@link LabE2E}, against LocalStack in a container. ECS and ELBv2 need LocalStack's paid
 * edition, so this runs only where Docker is available and LOCALSTACK_AUTH_TOKEN is set (the GitHub workflow);
 * elsewhere it is skipped, saying which of the two is missing.
 */
class LocalStackE2E {
    /** Pinned: LocalStack's paid image, which serves ECS and ELBv2. */
    static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack-pro:4.9.2");

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
                .withServices("ecs", "ec2", "elbv2", "iam", "ssm", "logs", "sts", "resourcegroupstaggingapi")) {
            localstack.start();
            try (TestClients aws = new TestClients(localstack.getEndpoint())) {
                Cli cli = new Cli(localstack.getEndpoint(), home);
                new LabScenario(cli, aws).runWholeLab("ls");
            }
        }
    }
}
