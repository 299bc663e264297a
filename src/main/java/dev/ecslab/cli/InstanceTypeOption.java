package dev.ecslab.cli;

import picocli.CommandLine.Option;

/** --instance-type, for the commands that may launch the container instance (up, cluster) and doctor. */
final class InstanceTypeOption {
    @Option(names = "--instance-type", paramLabel = "TYPE",
            description = "EC2 instance type of the container instance (default: t3.micro).")
    String instanceType;
}
