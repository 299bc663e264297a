package dev.ecslab.lab;

import dev.ecslab.error.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskDefinitionFileTest {
    @TempDir
    Path dir;

    private static final String WEB = "{\"name\": \"web\", \"image\": \"nginx\", \"memory\": 128, \"cpu\": 64,"
            + " \"portMappings\": [{\"containerPort\": 80}]}";

    private Path file(String text) throws IOException {
        Path f = dir.resolve("td.json");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void reads_register_task_definition_input() throws IOException {
        TaskDefinitionFile.Parsed p = TaskDefinitionFile.read(file("{\"family\": \"x\", \"containerDefinitions\": ["
                + WEB + "]}"));
        assertEquals("bridge", p.networkMode());
        assertEquals("web", p.containers().get(0).name());
        assertEquals(0, p.containers().get(0).portMappings().get(0).hostPort(), "hostPort defaults to dynamic");
        assertEquals(128, p.containers().get(0).memory());
        assertTrue(p.notes().isEmpty());
    }

    @Test
    void reads_describe_task_definition_output_and_drops_read_only_fields() throws IOException {
        TaskDefinitionFile.Parsed p = TaskDefinitionFile.read(file("{\"taskDefinition\": {\"taskDefinitionArn\": "
                + "\"arn:x\", \"revision\": 3, \"status\": \"ACTIVE\", \"containerDefinitions\": [" + WEB + "]}}"));
        assertEquals("web", p.containers().get(0).name());
        assertTrue(p.notes().stream().anyMatch(n -> n.contains("revision") && n.contains("status")
                && n.contains("taskDefinitionArn")), p.notes().toString());
    }

    @Test
    void the_shipped_examples_are_accepted() {
        Path examples = Path.of(System.getProperty("user.dir"), "examples");
        assertEquals("web", TaskDefinitionFile.read(examples.resolve("taskdef-register.json")).containers().get(0).name());
        assertEquals("web", TaskDefinitionFile.read(examples.resolve("taskdef-describe.json")).containers().get(0).name());
    }

    @Test
    void bad_files_are_refused_with_the_cause() throws IOException {
        assertRefused(dir.resolve("missing.json"), "cannot read");
        assertRefused(file("  "), "empty");
        assertRefused(file("{nope"), "not JSON");
        assertRefused(file("[1, 2]"), "JSON object");
        assertRefused(file("{\"containerDefinitions\": []}"), "no containerDefinitions");
        assertRefused(file("{\"containerDefinitions\": [{\"name\": \"app\", \"image\": \"x\", \"memory\": 64, "
                + "\"portMappings\": [{\"containerPort\": 80}]}]}"), "named \"web\"");
        assertRefused(file("{\"containerDefinitions\": [{\"name\": \"web\", \"image\": \"x\", \"memory\": 64, "
                + "\"portMappings\": [{\"containerPort\": 8080}]}]}"), "containerPort 80");
        assertRefused(file("{\"containerDefinitions\": [{\"name\": \"web\", \"image\": \"x\", "
                + "\"portMappings\": [{\"containerPort\": 80}]}]}"), "needs memory");
        assertRefused(file("{\"containerDefinitions\": [{\"name\": \"web\", \"image\": \"x\", \"memory\": 4, "
                + "\"portMappings\": [{\"containerPort\": 80}]}]}"), "at least 6 MiB");
        assertRefused(file("{\"containerDefinitions\": [{\"name\": \"web\", \"image\": \"x\", \"memory\": \"lots\", "
                + "\"portMappings\": [{\"containerPort\": 80}]}]}"), "whole number");
    }

    private static void assertRefused(Path file, String words) {
        UsageException e = assertThrows(UsageException.class, () -> TaskDefinitionFile.read(file));
        assertTrue(e.getMessage().startsWith("read task definition "), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
        assertTrue(e.hint() != null && !e.hint().isBlank(), "a hint says what to do");
    }
}
