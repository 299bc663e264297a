package dev.ecslab.cli;

import dev.ecslab.lab.Lab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** ecslab script: the lab as AWS CLI commands, for people who learn by reading and typing them. */
@Command(name = "script", mixinStandardHelpOptions = true,
        // the first element is the summary `ecslab --help` lists: one whole sentence
        description = {"Prints a bash script that makes the lab with the AWS CLI alone, step by step.",
                "The seven steps as sections, each with what it builds: the same names, tags and settings as `up`, "
                        + "the waits, the user data; then the check, the scaling and the cleanup. It makes no AWS "
                        + "call. Run it whole, or one part: bash FILE [all | up | verify | cleanup]."},
        footerHeading = "%nExamples:%n", footer = {"  ecslab script --lab demo > lab.sh && less lab.sh",
                "  bash lab.sh up && bash lab.sh cleanup",
                "  ecslab script --lab demo --count 2 --instance-type t4g.micro"})
final class ScriptCommand implements Callable<Integer> {
    @ParentCommand
    EcslabCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    CountOption count;

    @Mixin
    InstanceTypeOption instanceType;

    @Mixin
    AmiOption ami;

    @Override
    public Integer call() {
        Lab lab = root.lab(spec);
        if (root.json()) {
            throw new ParameterException(spec.commandLine(), "-o json does not apply: the script is bash, not a "
                    + "JSON document; drop it (e.g. `ecslab script --lab " + lab.name() + " > lab.sh`)");
        }
        spec.commandLine().getOut().print(root.app().script(lab));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
