package dev.ecslab.lab;

import dev.ecslab.aws.ContainerDefinitions;
import dev.ecslab.aws.Names;
import dev.ecslab.json.Json;
import dev.ecslab.testing.UnitLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The script's text: every part filled in from what `up` builds from, valid bash whatever the settings. */
class LabScriptTest {
    @TempDir
    Path dir;

    @Test
    void the_container_definitions_are_the_ones_ecslab_registers() {
        String script = LabScript.of(UnitLab.lab(dir), "eu-west-1");
        String opening = "cat > container-definitions.json <<'EOF'\n";
        String heredoc = script.substring(script.indexOf(opening) + opening.length());
        Object written = Json.parse(heredoc.substring(0, heredoc.indexOf("\nEOF\n")));
        Names n = new Names(UnitLab.lab(dir).name());
        assertEquals(Json.parse(Json.write(ContainerDefinitions.document(List.of(Surroundings.builtinContainer(n,
                "eu-west-1"))))), written);
        assertTrue(script.contains("\"awslogs-region\" : \"eu-west-1\""), script);
        assertTrue(script.contains("export AWS_REGION=eu-west-1 AWS_DEFAULT_REGION=eu-west-1"), script);
    }

    @Test
    void settings_shape_the_script_and_each_variant_is_valid_bash() throws Exception {
        Lab standard = UnitLab.lab(dir);
        Lab other = UnitLab.lab(dir, Lab.What.DEFAULT.withCount(2, true).withInstanceType("m7g.medium")
                .withAmi("ami-0123456789abcdef0"));
        String first = LabScript.of(standard, "us-east-1");
        String second = LabScript.of(other, "us-east-1");
        assertTrue(first.contains("--credit-specification CpuCredits=standard"), "t3.micro is burstable");
        assertTrue(first.contains("aws ssm get-parameter --name \"$parameter\""), first);
        assertFalse(second.contains("--credit-specification"), "RunInstances refuses it for m7g");
        assertTrue(second.contains("AMI_ID=ami-0123456789abcdef0 # --ami"), second);
        assertTrue(second.contains("--desired-count 2") && second.contains("--instance-type m7g.medium"), second);
        assertTrue(second.contains("Written by `ecslab script --lab x --region us-east-1 --instance-type m7g.medium "
                + "--ami ami-0123456789abcdef0 --count 2`"), second);
        for (String script : List.of(first, second)) {
            assertFalse(script.contains("{{"), script);
            Path file = dir.resolve("lab.sh");
            Files.writeString(file, script);
            Process bash = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
            assertTrue(bash.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, bash.exitValue(), new String(bash.getInputStream().readAllBytes()));
        }
    }

    @Test
    void a_placeholder_without_a_value_is_a_mistake_not_a_blank() {
        assertEquals("a b", LabScript.fill("a {{x}}", Map.of("x", "b")));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LabScript.fill("a {{y}}", Map.of("x", "b")));
        assertTrue(e.getMessage().contains("{{y}}"), e.getMessage());
    }
}
