package dev.ecslab.testing;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The documented JSON contract (docs/json.md): checks a run's -o json document and --progress json lines. */
public final class JsonContract {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    public static final Schema RESULT = load("result.schema.json");
    public static final Schema PROGRESS = load("progress.schema.json");

    private JsonContract() {
    }

    static Schema load(String name) {
        try {
            return REGISTRY.getSchema(Files.readString(schemaFile(name)), InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path schemaFile(String name) {
        return Emulator.projectDir().resolve("docs/json").resolve(name);
    }

    /** stdout is exactly one document valid against the result schema; every stderr line a progress event. */
    public static CliResult assertValid(CliResult r) {
        assertEquals(List.of(), errors(RESULT, r.stdout().trim()), () -> "stdout breaks the result schema\n" + r);
        List<String> lines = r.stderr().lines().filter(l -> !l.isBlank()).toList();
        assertFalse(lines.isEmpty(), () -> "no progress on stderr\n" + r);
        for (String line : lines) {
            assertEquals(List.of(), errors(PROGRESS, line), () -> "a stderr line breaks the progress schema: "
                    + line + "\n" + r);
        }
        return r;
    }

    public static List<String> errors(Schema schema, String json) {
        return schema.validate(json, InputFormat.JSON).stream().map(Error::toString).collect(Collectors.toList());
    }
}
