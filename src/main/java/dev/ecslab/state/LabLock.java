package dev.ecslab.state;

import dev.ecslab.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One run per lab on this machine: an OS file lock on {@code <lab>.lock} beside the lab's state file. The OS drops
 * the lock when its process dies, so a killed run never leaves the lab locked; the file itself stays and only says
 * who held it last (pid, command, since when) for the message of the run that is refused. Only its owner may read
 * it (0600: the command line says where the lab lives).
 */
public final class LabLock implements AutoCloseable {
    /** Who holds (or last held) a lab. */
    public record Holder(long pid, String command, Instant since) { }

    private final FileChannel channel;
    private final FileLock lock;

    private LabLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lab's lock for {@code command}, or returns empty when another run holds it (see {@link #holder}).
     * Never waits.
     */
    public static Optional<LabLock> tryAcquire(StateFile state, String command) {
        Path path = path(state);
        FileChannel channel = null;
        try {
            OwnerOnly.createDirectories(path.getParent());
            channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), OwnerOnly.file(path));
            OwnerOnly.restrict(path);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very process (another command in the same JVM)
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("pid", ProcessHandle.current().pid());
            doc.put("command", command);
            doc.put("since", Instant.now().toString());
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Json.write(doc).getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return Optional.of(new LabLock(channel, lock));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("lock " + path, e);
        }
    }

    /** Who holds the lab's lock, as its holder wrote it; empty when that cannot be read (just being taken). */
    public static Optional<Holder> holder(StateFile state) {
        try {
            Map<?, ?> doc = (Map<?, ?>) Json.parse(Files.readString(path(state), StandardCharsets.UTF_8));
            return Optional.of(new Holder(((Number) doc.get("pid")).longValue(), (String) doc.get("command"),
                    Instant.parse((String) doc.get("since"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code <lab>.lock} beside {@code <lab>.json}. */
    public static Path path(StateFile state) {
        String file = state.path().getFileName().toString();
        return state.path().resolveSibling(file.substring(0, file.length() - ".json".length()) + ".lock");
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do: the OS releases the lock with the process
            }
        }
    }
}
