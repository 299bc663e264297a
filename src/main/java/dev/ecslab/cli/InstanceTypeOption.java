package dev.ecslab.cli;

import dev.ecslab.app.LabResolver;
import dev.ecslab.lab.Lab;
import picocli.CommandLine.Option;

/** --instance-type, for the commands that may launch the container instance (up, cluster) and doctor. */
final class InstanceTypeOption implements LabResolver.Flags {
    @Option(names = "--instance-type", paramLabel = "TYPE",
            description = "EC2 instance type of the container instance (default: t3.micro).")
    String instanceType;

    @Override
    public Lab.What what(Lab.What resolved) {
        return instanceType == null ? resolved : resolved.withInstanceType(instanceType);
    }
}
