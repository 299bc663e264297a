package dev.ecslab.testing;

import dev.ecslab.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The named JSON examples of a document ({@code ```json up} … {@code ```}), and how an example's shape is held to
 * real output: the same keys, the same JSON types; values that vary (ids, times, messages) are not compared, those
 * that name what the document is (schema, ok, command, dryRun, the exit code) are.
 */
public final class DocExamples {
    private static final Pattern BLOCK = Pattern.compile("(?m)^```json (\\S+)\\n(.*?)^```$", Pattern.DOTALL);
    private static final Set<String> EXACT = Set.of("schema", "ok", "command", "dryRun", "error.exitCode");

    private DocExamples() {
    }

    /** Each named example's text, by name, in the order the document has them. */
    public static Map<String, String> read(Path markdown) {
        String text;
        try {
            text = Files.readString(markdown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> examples = new LinkedHashMap<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (examples.put(m.group(1), m.group(2)) != null) {
                throw new IllegalStateException(markdown + " names two examples " + m.group(1));
            }
        }
        return examples;
    }

    /** Where {@code real} differs in shape from {@code example}; empty when it has the example's shape. */
    public static List<String> differences(Object example, Object real) {
        List<String> found = new ArrayList<>();
        compare("", example, real, found);
        return found;
    }

    private static void compare(String path, Object example, Object real, List<String> found) {
        String at = path.isEmpty() ? "the document" : path;
        if (!type(example).equals(type(real))) {
            found.add(at + ": the example has " + type(example) + ", the output " + type(real));
        } else if (EXACT.contains(path) && !Objects.equals(example, real)) {
            found.add(at + ": the example says " + example + ", the output " + real);
        } else if (example instanceof Map<?, ?> e && real instanceof Map<?, ?> r) {
            if (!e.keySet().equals(r.keySet())) {
                found.add(at + ": the example's keys " + e.keySet() + ", the output's " + r.keySet());
                return;
            }
            e.keySet().forEach(k -> compare(path.isEmpty() ? (String) k : path + "." + k, e.get(k), r.get(k), found));
        } else if (example instanceof List<?> e && real instanceof List<?> r) {
            if (e.isEmpty() != r.isEmpty()) {
                found.add(at + ": the example's list is " + (e.isEmpty() ? "empty" : "not empty")
                        + ", the output's " + (r.isEmpty() ? "empty" : r));
            }
            // each item printed has the shape of one of the example's (an example shows each variant once)
            for (Object item : r) {
                if (!e.isEmpty() && e.stream().noneMatch(x -> differences(x, item).isEmpty())) {
                    found.add(at + ": no item of the example has the shape of " + item + "; first difference: "
                            + differences(e.get(0), item).get(0));
                }
            }
        }
    }

    private static String type(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof Number) {
            return "a number";
        }
        return v instanceof Boolean ? "a boolean" : "a string";
    }

    /** An example's values: one document, or one per line (a stream such as {@code logs}' or progress events). */
    public static List<Object> values(String example) {
        try {
            return List.of(Json.parse(example));
        } catch (RuntimeException notOne) {
            return example.lines().filter(l -> !l.isBlank()).map(Json::parse).toList();
        }
    }
}
