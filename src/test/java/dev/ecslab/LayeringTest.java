package dev.ecslab;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each package imports only the ones below it (docs/development.md, "Layout"): no import runs up a floor, so no
 * circles.
 */
class LayeringTest {
    /** Top floor first. */
    private static final List<String> FLOORS = List.of("cli", "app", "run", "lab", "report", "state", "aws", "json",
            "error");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.ecslab\\.([a-z]+)\\.",
            Pattern.MULTILINE);

    @Test
    void no_import_runs_up_a_floor() throws IOException {
        Path root = Path.of("src/main/java/dev/ecslab");
        List<String> upward = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String from = root.relativize(file).getName(0).toString();
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    String to = m.group(1);
                    if (!to.equals(from) && FLOORS.indexOf(to) <= FLOORS.indexOf(from)) {
                        upward.add(root.relativize(file) + " imports " + to);
                    }
                }
            }
        }
        assertEquals(List.of(), upward);
    }

    @Test
    void every_package_has_its_floor() throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of("src/main/java/dev/ecslab"))) {
            assertEquals(FLOORS.stream().sorted().toList(), dirs.map(d -> d.getFileName().toString()).sorted()
                    .toList());
        }
    }
}
