package dev.ecslab.cli;

import dev.ecslab.app.LabResolver;
import dev.ecslab.report.Verb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A run builds the one command it names; whatever else needs the whole tree gets it. */
class CommandTreeTest {
    private static final Set<String> ALL = Set.of("up", "cluster", "taskdef", "elb", "service", "verify", "scale",
            "cleanup", "status", "logs", "ls", "doctor", "script", "completion", "help");

    private static Set<String> built(String args) {
        EcslabCommand root = new EcslabCommand(null, new LabResolver(Map.of()));
        CommandLine commandLine = CommandTree.forArgs(root, args.isEmpty() ? new String[0] : args.split(" "));
        return commandLine.getSubcommands().keySet();
    }

    @ParameterizedTest
    @CsvSource({
            "status, status",
            "'--lab a --region eu-west-1 scale --count 3', scale",
            "'--lab=a -o json status', status",
            "'-ojson --verbose up --lab x', up",
            "'--endpoint-url http://localhost:4566 cleanup --yes', cleanup",
            "'--lab status logs', logs"})
    void builds_only_the_named_command(String args, String command) {
        assertEquals(Set.of(command), built(args));
    }

    @ParameterizedTest
    @CsvSource({"''", "--help", "help", "'help status'", "'completion bash'", "stauts", "'--no-such status'",
            "'-- status'", "'--lab'"})
    void builds_them_all_for_help_completion_and_errors(String args) {
        assertEquals(ALL, built(args));
    }

    /** Picocli's names are annotation strings: each command on a lab must be the word of its {@link Verb}. */
    @Test
    void every_command_on_a_lab_is_named_by_its_verb() {
        Set<String> labCommands = built("").stream().filter(n -> !n.equals("completion") && !n.equals("help"))
                .collect(Collectors.toSet());
        assertEquals(Arrays.stream(Verb.values()).map(Verb::word).collect(Collectors.toSet()), labCommands);
    }
}
