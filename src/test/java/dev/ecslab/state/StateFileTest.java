package dev.ecslab.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateFileTest {
    @TempDir
    Path dir;

    @Test
    void what_is_put_is_read_back_by_a_new_process() throws IOException {
        StateFile state = StateFile.open(dir, "123-us-east-1", "demo");
        ResourceRef ref = new ResourceRef(ResourceRef.Kind.CLUSTER, "ecslab-demo", "arn:c", true, "run1",
                Instant.parse("2026-11-24T10:00:00Z"));
        state.put(ref);
        assertEquals(ref, StateFile.open(dir, "123-us-east-1", "demo").get(ResourceRef.Kind.CLUSTER).orElseThrow());

        state.remove(ResourceRef.Kind.CLUSTER);
        assertTrue(StateFile.open(dir, "123-us-east-1", "demo").all().isEmpty());
        try (Stream<Path> files = Files.list(state.path().getParent())) {
            assertEquals(1, files.count(), "no temp files are left behind");
        }
    }

    @Test
    void the_state_file_is_its_owners_alone_and_so_are_the_directories_it_makes() throws IOException {
        Path home = dir.resolve("home");
        StateFile state = StateFile.open(home.resolve("labs"), "123-us-east-1", "demo");
        state.put(new ResourceRef(ResourceRef.Kind.CLUSTER, "ecslab-demo", "arn:c", true, "run1", null));
        assertEquals("rw-------", LabLockTest.mode(state.path()));
        for (Path made : List.of(home, home.resolve("labs"), state.path().getParent())) {
            assertEquals("rwx------", LabLockTest.mode(made), made::toString);
        }
    }

    @Test
    void a_corrupt_file_is_ignored_with_a_warning() throws IOException {
        StateFile state = StateFile.open(dir, "scope", "demo");
        Files.createDirectories(state.path().getParent());
        Files.writeString(state.path(), "{\"resources\": [{\"kind\": \"NOPE\"}");
        StateFile reread = StateFile.open(dir, "scope", "demo");
        assertTrue(reread.all().isEmpty());
        assertNotNull(reread.warning());
        assertTrue(reread.warning().contains("looking resources up by tag"), reread.warning());
    }
}
