package dev.ecslab.cli;

import dev.ecslab.app.LabResolver;
import dev.ecslab.lab.Lab;
import picocli.CommandLine.Option;

/** --ami, for the commands that may launch the container instance (up, cluster). */
final class AmiOption implements LabResolver.Flags {
    @Option(names = "--ami", paramLabel = "ID", description = "AMI of a new container instance, an ECS-optimized "
            + "build for the instance type's architecture (default: the ECS-optimized Amazon Linux 2023 AMI that "
            + "SSM names).")
    String ami;

    @Override
    public Lab.What what(Lab.What resolved) {
        return ami == null ? resolved : resolved.withAmi(ami);
    }
}
