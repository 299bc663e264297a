package dev.ecslab.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabLockTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try") // the locks are held for their blocks and need nothing else
    void one_holder_at_a_time_and_the_refused_one_learns_who() {
        StateFile state = StateFile.open(dir, "123456789012-us-east-1", "demo");
        try (LabLock held = LabLock.tryAcquire(state, "ecslab up --lab demo").orElseThrow()) {
            assertEquals(Optional.empty(), LabLock.tryAcquire(state, "ecslab cleanup --lab demo"));
            LabLock.Holder holder = LabLock.holder(state).orElseThrow();
            assertEquals(ProcessHandle.current().pid(), holder.pid());
            assertEquals("ecslab up --lab demo", holder.command());
            assertTrue(Files.exists(dir.resolve("123456789012-us-east-1").resolve("demo.lock")));
        }
        try (LabLock again = LabLock.tryAcquire(state, "ecslab cleanup --lab demo").orElseThrow()) {
            assertEquals("ecslab cleanup --lab demo", LabLock.holder(state).orElseThrow().command());
        }
    }

    @Test
    @SuppressWarnings("try") // the lock is held for its block and needs nothing else
    void two_spellings_of_one_endpoint_contend_for_one_lock() {
        StateFile up = StateFile.open(dir, LabScope.of("123456789012", "us-east-1",
                URI.create("http://localhost:4566")), "demo");
        StateFile cleanup = StateFile.open(dir, LabScope.of("123456789012", "us-east-1",
                URI.create("http://127.0.0.1:4566/")), "demo");
        try (LabLock held = LabLock.tryAcquire(up, "ecslab up --lab demo").orElseThrow()) {
            assertEquals(Optional.empty(), LabLock.tryAcquire(cleanup, "ecslab cleanup --lab demo"));
            assertEquals("ecslab up --lab demo", LabLock.holder(cleanup).orElseThrow().command());
        }
    }

    @Test
    @SuppressWarnings("try") // the lock is held for its block and needs nothing else
    void the_lock_file_is_its_owners_alone_and_so_are_the_directories_it_makes() throws IOException {
        Path home = dir.resolve("home");
        StateFile state = StateFile.open(home.resolve("labs"), "scope", "demo");
        try (LabLock held = LabLock.tryAcquire(state, "ecslab up --lab demo").orElseThrow()) {
            assertEquals("rw-------", mode(LabLock.path(state)));
            for (Path made : List.of(home, home.resolve("labs"), home.resolve("labs/scope"))) {
                assertEquals("rwx------", mode(made), made::toString);
            }
        }
    }

    @Test
    @SuppressWarnings("try") // the lock is held for its block and needs nothing else
    void a_lock_file_an_older_ecslab_left_readable_becomes_the_owners_alone() throws IOException {
        StateFile state = StateFile.open(dir, "scope", "demo");
        Files.createDirectories(LabLock.path(state).getParent());
        Files.writeString(LabLock.path(state), "{}");
        Files.setPosixFilePermissions(LabLock.path(state), PosixFilePermissions.fromString("rw-r--r--"));
        try (LabLock held = LabLock.tryAcquire(state, "ecslab up --lab demo").orElseThrow()) {
            assertEquals("rw-------", mode(LabLock.path(state)));
        }
    }

    static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void labs_do_not_share_a_lock() {
        StateFile a = StateFile.open(dir, "scope", "a");
        StateFile b = StateFile.open(dir, "scope", "b");
        try (LabLock first = LabLock.tryAcquire(a, "ecslab up --lab a").orElseThrow();
             LabLock second = LabLock.tryAcquire(b, "ecslab up --lab b").orElseThrow()) {
            assertTrue(first != null && second != null);
        }
    }
}
