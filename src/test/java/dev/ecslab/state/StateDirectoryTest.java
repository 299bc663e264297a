package dev.ecslab.state;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whether a state directory can be used, asked without leaving anything behind. */
class StateDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void a_directory_or_one_that_can_be_made_is_fine_and_nothing_is_left_by_asking() throws IOException {
        assertEquals(Optional.empty(), StateDirectory.problem(dir));
        assertEquals(Optional.empty(), StateDirectory.problem(dir.resolve("a/b/labs")));
        assertFalse(Files.exists(dir.resolve("a")), "not made by asking");
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "the probe is gone");
        }
    }

    @Test
    void a_file_on_the_way_is_named() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertEquals(Optional.of(file + " is not a directory"), StateDirectory.problem(file));
        assertEquals(Optional.of(file + " is not a directory"), StateDirectory.problem(file.resolve("labs")));
    }

    @Test
    void a_directory_that_refuses_a_new_file_is_named() {
        // /proc refuses a new file even to root, whom permission bits do not stop
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "a Linux /proc");
        Optional<String> problem = StateDirectory.problem(Path.of("/proc/self/ecslab/labs"));
        assertTrue(problem.isPresent() && problem.get().startsWith("cannot write in /proc/self ("),
                problem.toString());
    }
}
