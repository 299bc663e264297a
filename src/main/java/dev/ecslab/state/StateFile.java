package dev.ecslab.state;

import dev.ecslab.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What ecslab created or adopted for one lab, cached on disk ({@code <dir>/<scope>/<lab>.json}) for speed and for
 * exact ids. A cache only: tags in AWS are the truth, and a missing or corrupt file just means "look it up".
 * Every change is written at once, atomically (temp file + rename), so a kill never leaves half a file; the file
 * is its owner's alone (0600).
 */
public final class StateFile {
    private final Path path;
    private final Map<ResourceRef.Kind, ResourceRef> refs = new EnumMap<>(ResourceRef.Kind.class);
    private String warning;

    private StateFile(Path path) {
        this.path = path;
    }

    /** Opens the state of a lab; scope separates accounts, regions and endpoints ({@link LabScope}). */
    public static StateFile open(Path dir, String scope, String lab) {
        StateFile state = new StateFile(dir.resolve(scope.replaceAll("[^A-Za-z0-9._-]", "_")).resolve(lab + ".json"));
        state.read();
        return state;
    }

    public Path path() {
        return path;
    }

    /** Why the file on disk was ignored, or null. */
    public String warning() {
        return warning;
    }

    public synchronized Optional<ResourceRef> get(ResourceRef.Kind kind) {
        return Optional.ofNullable(refs.get(kind));
    }

    public synchronized List<ResourceRef> all() {
        return new ArrayList<>(refs.values());
    }

    public synchronized void put(ResourceRef ref) {
        refs.put(ref.kind(), ref);
        write();
    }

    public synchronized void remove(ResourceRef.Kind kind) {
        if (refs.remove(kind) != null) {
            write();
        }
    }

    private void read() {
        if (!Files.exists(path)) {
            return;
        }
        try {
            Map<?, ?> doc = (Map<?, ?>) Json.parse(Files.readString(path, StandardCharsets.UTF_8));
            for (Object o : (List<?>) doc.get("resources")) {
                Map<?, ?> r = (Map<?, ?>) o;
                ResourceRef ref = new ResourceRef(ResourceRef.Kind.valueOf((String) r.get("kind")),
                        (String) r.get("name"), (String) r.get("id"), Boolean.TRUE.equals(r.get("owned")),
                        (String) r.get("runId"),
                        r.get("createdAt") == null ? null : Instant.parse((String) r.get("createdAt")));
                refs.put(ref.kind(), ref);
            }
        } catch (IOException | RuntimeException e) {
            refs.clear();
            warning = "ignored unreadable state file " + path + " (" + e.getMessage() + "); looking resources up by tag";
        }
    }

    private void write() {
        List<Map<String, Object>> resources = new ArrayList<>();
        for (ResourceRef r : refs.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", r.kind());
            m.put("name", r.name());
            m.put("id", r.id());
            m.put("owned", r.owned());
            m.put("runId", r.runId());
            m.put("createdAt", r.createdAt());
            resources.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", 1);
        doc.put("resources", resources);
        try {
            OwnerOnly.createDirectories(path.getParent());
            Path tmp = Files.createTempFile(path.getParent(), path.getFileName().toString(), ".tmp",
                    OwnerOnly.file(path));
            Files.writeString(tmp, Json.writePretty(doc), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("write state file " + path, e);
        }
    }
}
