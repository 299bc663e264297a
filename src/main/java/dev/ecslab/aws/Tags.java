package dev.ecslab.aws;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ownership tags, in one place. Cleanup deletes only what carries the {@link #LAB} tag and the lab's name
 * (lab/LabNames): names alone are never enough, and neither are tags, which anyone who may tag can copy.
 */
public final class Tags {
    public static final String LAB = "ecslab:lab";
    public static final String RUN = "ecslab:run";
    public static final String NAME = "Name";
    /** On a task definition revision registered from a --file: the file's name (up keeps such a revision). */
    public static final String FILE = "ecslab:file";
    /** What a tag value may hold on every service ecslab tags; anything else in a file's name becomes '_'. */
    private static final String TAG_VALUE_UNSAFE = "[^A-Za-z0-9 _.:/=+@-]";
    private static final int TAG_VALUE_MAX = 256;

    private Tags() {
    }

    /** Tags for a new resource of {@code lab}, created by run {@code runId}, called {@code name}. */
    public static Map<String, String> of(String lab, String runId, String name) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(LAB, lab);
        tags.put(RUN, runId);
        if (name != null) {
            tags.put(NAME, name);
        }
        return tags;
    }

    /** The {@link #FILE} tag's value for a file called {@code fileName}: the characters every service accepts. */
    public static String fileValue(String fileName) {
        String safe = fileName.replaceAll(TAG_VALUE_UNSAFE, "_");
        return safe.isEmpty() ? "_" : safe.substring(0, Math.min(safe.length(), TAG_VALUE_MAX));
    }

    /** The run that created a resource, from its tags; null when they do not say. */
    public static String run(Map<String, String> tags) {
        return tags == null ? null : tags.get(RUN);
    }

    /** True when the tags say the resource belongs to {@code lab}. */
    public static boolean ownedBy(Map<String, String> tags, String lab) {
        return tags != null && lab.equals(tags.get(LAB));
    }
}
