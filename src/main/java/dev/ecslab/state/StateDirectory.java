package dev.ecslab.state;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether ecslab can keep its state files and locks under a directory, asked before a command changes anything: a
 * state directory that cannot be written would otherwise fail the first write (the lab's lock, or the state file
 * after the first create), when AWS already holds something.
 */
public final class StateDirectory {
    private StateDirectory() {
    }

    /**
     * Why {@code dir} cannot hold ecslab's files, or empty when it can. A directory that does not exist yet is fine if
     * it can be made: its nearest existing ancestor must be a directory that a file can be created in. Tried rather
     * than read from permission bits: root ignores them, and a read-only mount or /proc refuses what they allow.
     */
    public static Optional<String> problem(Path dir) {
        Path existing = dir.toAbsolutePath().normalize();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Optional.of("no part of it exists");
        }
        if (!Files.isDirectory(existing)) {
            return Optional.of(existing + " is not a directory");
        }
        try {
            // a name of this process's own (not createTempFile, whose SecureRandom costs a CLI's start-up time)
            Path probe = existing.resolve(".ecslab-probe-" + ProcessHandle.current().pid());
            Files.deleteIfExists(probe);
            Files.delete(Files.createFile(probe));
            return Optional.empty();
        } catch (AccessDeniedException e) {
            return Optional.of("cannot write in " + existing + " (permission denied)");
        } catch (IOException | SecurityException e) {
            String why = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
                    : e.getClass().getSimpleName();
            return Optional.of("cannot write in " + existing + " (" + why + ")");
        }
    }
}
