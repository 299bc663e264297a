package dev.ecslab.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Task ids as people read them: their first 8 characters, as the ECS console and `ecslab logs --task` take them.
 * Text output shortens every task id it shows — in ECS's events too, which quote full UUIDs; JSON keeps them whole.
 */
public final class ShortIds {
    static final int LENGTH = 8;
    /** A task id (a UUID, or the 32 hex digits of newer ECS tasks) standing alone, not part of an ARN or a name. */
    private static final Pattern TASK_ID = Pattern.compile(
            "(?<![\\w/:.-])([0-9a-f]{8})(?:-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{24})(?![\\w-])");

    private ShortIds() {
    }

    /** The text with each task id in it cut to its first 8 characters. */
    public static String in(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = TASK_ID.matcher(text);
        return m.find() ? m.replaceAll("$1") : text;
    }
}
