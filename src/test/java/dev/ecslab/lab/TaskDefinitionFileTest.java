package dev.ecslab.lab;

import dev.ecslab.error.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskDefinitionFileTest {
    @TempDir
    Path dir;

    private static final String LOG_GROUP = "/ecs/ecslab-x";
    private static final String WEB = "{\"name\": \"web\", \"image\": \"nginx\", \"memory\": 128, \"cpu\": 64,"
            + " \"portMappings\": [{\"containerPort\": 80}]}";

    private TaskDefinitionFile.Parsed read(String text) throws IOException {
        return TaskDefinitionFile.read(file(text), LOG_GROUP);
    }

    private Path file(String text) throws IOException {
        Path f = dir.resolve("td.json");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void reads_register_task_definition_input() throws IOException {
        TaskDefinitionFile.Parsed p = read("{\"family\": \"x\", \"containerDefinitions\": [" + WEB + "]}");
        assertEquals("bridge", p.networkMode());
        assertEquals("web", p.containers().get(0).name());
        assertEquals(0, p.containers().get(0).portMappings().get(0).hostPort(), "hostPort defaults to dynamic");
        assertEquals(128, p.containers().get(0).memory());
        assertTrue(p.notes().isEmpty());
        assertEquals(List.of(), p.warnings());
    }

    @Test
    void reads_describe_task_definition_output_and_drops_read_only_fields() throws IOException {
        TaskDefinitionFile.Parsed p = read("{\"taskDefinition\": {\"taskDefinitionArn\": "
                + "\"arn:x\", \"revision\": 3, \"status\": \"ACTIVE\", \"containerDefinitions\": [" + WEB + "]}}");
        assertEquals("web", p.containers().get(0).name());
        assertTrue(p.notes().stream().anyMatch(n -> n.contains("revision") && n.contains("status")
                && n.contains("taskDefinitionArn")), p.notes().toString());
    }

    @Test
    void the_shipped_examples_are_accepted_without_a_warning() {
        Path examples = Path.of(System.getProperty("user.dir"), "examples");
        for (String example : List.of("taskdef-register.json", "taskdef-describe.json")) {
            TaskDefinitionFile.Parsed p = TaskDefinitionFile.read(examples.resolve(example), LOG_GROUP);
            assertEquals("web", p.containers().get(0).name());
            // describe output's empty mountPoints, volumes, placementConstraints, tags change nothing when dropped
            assertEquals(List.of(), p.warnings(), example);
        }
    }

    @Test
    void every_field_it_does_not_register_is_named_in_one_warning() throws IOException {
        TaskDefinitionFile.Parsed p = read("""
                {"family": "f", "volumes": [{"name": "data", "host": {"sourcePath": "/"}}], "pidMode": "host",
                 "placementConstraints": [], "tags": [{"key": "team", "value": "a"}],
                 "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 128,
                   "privileged": true, "user": "root", "readonlyRootFilesystem": false,
                   "mountPoints": [{"sourceVolume": "data", "containerPath": "/data"}], "volumesFrom": [],
                   "secrets": [{"name": "TOKEN", "valueFrom": "arn:aws:ssm:us-east-1:1:parameter/t"}],
                   "linuxParameters": {"capabilities": {"add": ["SYS_ADMIN"]}},
                   "portMappings": [{"containerPort": 80, "appProtocol": "http"}],
                   "logConfiguration": {"logDriver": "awslogs", "options": {},
                     "secretOptions": [{"name": "x", "valueFrom": "y"}]}}]}
                """);
        assertEquals(1, p.warnings().size(), p.warnings().toString());
        String warning = p.warnings().get(0);
        for (String dropped : List.of("volumes", "pidMode", "tags", "containerDefinitions[web].privileged",
                "containerDefinitions[web].user", "containerDefinitions[web].mountPoints",
                "containerDefinitions[web].secrets", "containerDefinitions[web].linuxParameters",
                "containerDefinitions[web].portMappings[80].appProtocol",
                "containerDefinitions[web].logConfiguration.secretOptions")) {
            assertTrue(warning.contains(dropped), dropped + " is named: " + warning);
        }
        for (String empty : List.of("placementConstraints", "readonlyRootFilesystem", "volumesFrom")) {
            assertFalse(warning.contains(empty), "an empty " + empty + " changes nothing: " + warning);
        }
        assertFalse(warning.contains("family"), "family has its own note: " + warning);
    }

    @Test
    void task_and_execution_roles_are_kept_with_a_warning_naming_them() throws IOException {
        TaskDefinitionFile.Parsed p = read("{\"taskRoleArn\": \"arn:aws:iam::1:role/app\", \"executionRoleArn\": "
                + "\"arn:aws:iam::1:role/exec\", \"containerDefinitions\": [" + WEB + "]}");
        assertEquals("arn:aws:iam::1:role/app", p.taskRoleArn());
        assertEquals("arn:aws:iam::1:role/exec", p.executionRoleArn());
        assertEquals(1, p.warnings().size(), p.warnings().toString());
        assertTrue(p.warnings().get(0).contains("taskRoleArn and executionRoleArn"), p.warnings().toString());
        assertTrue(p.warnings().get(0).contains("iam:PassRole"), p.warnings().toString());
    }

    @Test
    void host_network_mode_is_refused_with_a_hint() throws IOException {
        UsageException e = assertRefused(file("{\"networkMode\": \"host\", \"containerDefinitions\": [" + WEB
                + "]}"), "networkMode host is refused");
        assertTrue(e.getMessage().contains("metadata service"), e.getMessage());
        assertTrue(e.hint().contains("remove networkMode") && e.hint().contains("no option to allow"), e.hint());
        assertEquals("awsvpc", read("{\"networkMode\": \"awsvpc\", \"containerDefinitions\": [" + WEB + "]}")
                .networkMode(), "other modes are registered as asked");
    }

    @Test
    void the_load_balanced_port_goes_to_a_host_port_the_instance_security_group_admits() throws IOException {
        String web = "{\"containerDefinitions\": [{\"name\": \"web\", \"image\": \"nginx\", \"memory\": 128, "
                + "\"portMappings\": [{\"containerPort\": 80, \"hostPort\": %d}]}]}";
        UsageException e = assertRefused(file(web.formatted(8080)), "container \"web\" maps port 80 to host port "
                + "8080, which the load balancer cannot reach: the lab's instance security group admits it only on "
                + "32768-65535");
        assertTrue(e.hint().contains("\"hostPort\": 0"), e.hint());
        for (int admitted : new int[] {0, 32768, 40080, 65535}) {
            assertEquals(admitted, read(web.formatted(admitted)).containers().get(0).portMappings().get(0).hostPort());
        }
    }

    @Test
    void awslogs_may_name_only_the_labs_own_log_group() throws IOException {
        String web = "{\"name\": \"web\", \"image\": \"nginx\", \"memory\": 128, \"portMappings\": "
                + "[{\"containerPort\": 80}], \"logConfiguration\": {\"logDriver\": \"awslogs\", \"options\": %s}}";
        UsageException other = assertRefused(file("{\"containerDefinitions\": [" + web.formatted(
                "{\"awslogs-group\": \"/prod/app\", \"awslogs-region\": \"us-east-1\"}") + "]}"),
                "not the lab's log group " + LOG_GROUP);
        assertTrue(other.hint().contains(LOG_GROUP), other.hint());
        assertRefused(file("{\"containerDefinitions\": [" + web.formatted("{\"awslogs-group\": \"" + LOG_GROUP
                + "\", \"awslogs-create-group\": \"true\"}") + "]}"), "sets awslogs-create-group");
        TaskDefinitionFile.Parsed own = read("{\"containerDefinitions\": [" + web.formatted("{\"awslogs-group\": \""
                + LOG_GROUP + "\", \"awslogs-region\": \"us-east-1\", \"awslogs-stream-prefix\": \"web\"}") + "]}");
        assertEquals(LOG_GROUP, own.containers().get(0).logConfiguration().options().get("awslogs-group"));
    }

    @Test
    void a_parse_error_gives_line_and_column_but_never_the_files_text() throws IOException {
        String key = "AKIAIOSFODNN7EXAMPLE";
        for (String text : List.of(key, key + "\n{}", "{\n  \"family\": " + key + "\n}",
                "{\"a\": 1,\n \"a\": \"" + key + "\"}", "{\"" + key + "\": 1, \"" + key + "\": 2}",
                "{\"a\": \"" + key + "\n\"}", "{\"a\": 0" + key.length() + "}", "\"" + key)) {
            UsageException e = assertRefused(file(text), "not JSON");
            assertTrue(e.getMessage().matches("(?s).* at line \\d+, column \\d+"), e.getMessage());
            assertFalse(e.getMessage().contains("AKIA"), e.getMessage());
            assertFalse(e.getMessage().contains("IOSF"), e.getMessage());
        }
        assertRefused(file("{\n  \"family\": " + key + "\n}"), "not JSON: Unrecognized token at line 2, column");
    }

    @Test
    void entries_of_the_wrong_shape_are_refused_in_one_line() throws IOException {
        String web = "{\"containerDefinitions\": [{\"name\": \"web\", \"image\": \"x\", \"memory\": %s, "
                + "\"portMappings\": %s, \"environment\": %s}]}";
        String port80 = "[{\"containerPort\": 80}]";
        assertOneLine(web.formatted("64", "[80]", "[]"), "each port mapping of \"web\" must be an object");
        assertOneLine(web.formatted("64", "[\"80:80\"]", "[]"), "each port mapping of \"web\" must be an object");
        assertOneLine(web.formatted("64", "{\"containerPort\": 80}", "[]"), "expected a list, found an object");
        assertOneLine(web.formatted("64", port80, "[\"A=1\"]"), "each environment entry of \"web\" must be an object");
        assertOneLine(web.formatted("64", port80, "[{\"name\": \"A\"}]"), "must be an object with a name and a value");
        assertOneLine(web.formatted("64", port80, "{\"A\": \"1\"}"), "expected a list, found an object");
    }

    @Test
    void numbers_out_of_range_are_refused_in_one_line() throws IOException {
        String web = "{\"containerDefinitions\": [{\"name\": \"web\", \"image\": \"x\", \"memory\": %s, "
                + "\"portMappings\": %s}]}";
        String port80 = "[{\"containerPort\": 80}]";
        assertOneLine(web.formatted("64", "[{\"containerPort\": 80, \"hostPort\": 2147483648}]"),
                "hostPort is not a port (0–65535)");
        assertOneLine(web.formatted("64", "[{\"containerPort\": 80}, {\"containerPort\": 70000}]"),
                "containerPort is not a port (1–65535)");
        assertOneLine(web.formatted("64", "[{\"containerPort\": 80, \"hostPort\": 99999999999999999999}]"),
                "hostPort is not a port (0–65535)");
        assertOneLine(web.formatted("64", "[{\"containerPort\": 0}]"), "containerPort is not a port (1–65535)");
        assertOneLine(web.formatted("64", "[{\"containerPort\": 80.5}]"), "found a decimal number");
        assertOneLine(web.formatted("2147483648", port80), "memory is out of range");
        assertOneLine(web.formatted("-1", port80), "memory is out of range");
        assertOneLine(web.formatted("\"AKIAIOSFODNN7EXAMPLE\"", port80), "expected a whole number, found a string");
    }

    private void assertOneLine(String text, String words) throws IOException {
        UsageException e = assertRefused(file(text), words);
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.getMessage().contains("AKIA"), "values are not quoted: " + e.getMessage());
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

    private static UsageException assertRefused(Path file, String words) {
        UsageException e = assertThrows(UsageException.class, () -> TaskDefinitionFile.read(file, LOG_GROUP));
        assertTrue(e.getMessage().startsWith("read task definition "), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
        assertTrue(e.hint() != null && !e.hint().isBlank(), "a hint says what to do");
        return e;
    }
}
