package dev.ecslab.report;

import dev.ecslab.aws.CallRecorder.Call;
import dev.ecslab.aws.UrlSecrets;
import dev.ecslab.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A call ecslab made, written as the AWS CLI command that makes the same call (--explain): the operation as the CLI's
 * command (CreateCluster: {@code aws ecs create-cluster}), each parameter as its {@code --kebab-case} option, lists
 * as words, structures in the CLI's shorthand ({@code key=ecslab:lab,value=demo}) or, where shorthand cannot say it,
 * as JSON. A value too long to read in a line (a container definition, a policy document) is shown as the
 * {@code file://} the CLI would read it from, with a note. URLs lose any userinfo and query (UrlSecrets).
 */
public final class AwsCliLines {
    /** A document (JSON, text of many lines) longer than this goes to a file://. */
    static final int LONG = 100;
    /** Shorthand longer than this is a document too: it no longer reads as options. */
    static final int LONG_SHORTHAND = 200;
    /** The lines of a document shown in the notes; the rest is counted. */
    static final int DOCUMENT_LINES = 40;
    private static final String CONTINUED = " \\";
    private static final Map<String, String> SERVICES = Map.of("Ecs", "ecs", "Ec2", "ec2",
            "ElasticLoadBalancingV2", "elbv2", "Iam", "iam", "CloudWatchLogs", "logs", "Ssm", "ssm", "Sts", "sts",
            "ResourceGroupsTaggingApi", "resourcegroupstaggingapi", "ServiceQuotas", "service-quotas");
    /** Characters shorthand gives a meaning to: a value with one of them is written as JSON. */
    private static final Pattern NOT_SHORTHAND = Pattern.compile("[,=\\[\\]{}\"'\\\\\\s]");

    private AwsCliLines() {
    }

    /** The CLI's name of an SDK service: Ecs is ecs, ElasticLoadBalancingV2 is elbv2. */
    public static String service(String sdkName) {
        return SERVICES.getOrDefault(sdkName, sdkName.toLowerCase(java.util.Locale.ROOT));
    }

    /** A model name as the CLI writes it (botocore's xform_name): CreateCluster is create-cluster. */
    public static String kebab(String name) {
        String s = name.replaceAll("(.)([A-Z][a-z]+)", "$1-$2");
        s = s.replaceAll("([a-z])([0-9]+)", "$1-$2");
        return s.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The command's lines: one when it fits in {@link Wrapped#WIDTH}, else one option a line, continued with
     * {@code \}; then, as {@code #} comments, the notes for values shown as files.
     */
    public static List<String> lines(Call call) {
        if (call.waiter()) {
            return waitLines(call);
        }
        List<String> notes = new ArrayList<>();
        List<String> words = new ArrayList<>();
        String head = "aws " + service(call.service()) + " " + kebab(call.operation());
        Map<String, Object> parameters = call.parameters();
        boolean runInstances = "RunInstances".equals(call.operation());
        for (Map.Entry<String, Object> p : parameters.entrySet()) {
            if (runInstances && p.getKey().equals("MinCount") && p.getValue().equals(parameters.get("MaxCount"))) {
                words.add("--count " + p.getValue()); // the CLI's own option for both
                continue;
            }
            if (runInstances && p.getKey().equals("MaxCount") && p.getValue().equals(parameters.get("MinCount"))) {
                continue;
            }
            if (runInstances && p.getKey().equals("UserData")) { // the CLI base64-encodes it itself
                words.add("--user-data file://user-data.txt");
                notes.add("# user-data.txt:");
                new String(Base64.getDecoder().decode(p.getValue().toString()), StandardCharsets.UTF_8).lines()
                        .forEach(line -> notes.add("#   " + UrlSecrets.removedFrom(line)));
                continue;
            }
            words.add(option(p.getKey(), p.getValue(), notes));
        }
        List<String> lines = fitted(head, words);
        lines.addAll(notes);
        return lines;
    }

    /** A wait, as the CLI's {@code aws <service> wait <waiter>}, or a comment where the CLI has no waiter. */
    private static List<String> waitLines(Call call) {
        if (call.operation() == null) {
            return new ArrayList<>(List.of("# then wait for " + call.what() + " (the AWS CLI has no waiter for it: "
                    + "look until it shows)"));
        }
        List<String> words = new ArrayList<>();
        call.parameters().forEach((name, value) -> words.add(option(name, value, new ArrayList<>())));
        return fitted("aws " + call.service() + " wait " + call.operation(), words);
    }

    private static List<String> fitted(String head, List<String> words) {
        String one = words.isEmpty() ? head : head + " " + String.join(" ", words);
        List<String> lines = new ArrayList<>();
        if (one.length() <= Wrapped.WIDTH) {
            lines.add(one);
            return lines;
        }
        lines.add(head + CONTINUED);
        for (int i = 0; i < words.size(); i++) {
            lines.add("    " + words.get(i) + (i + 1 < words.size() ? CONTINUED : ""));
        }
        return lines;
    }

    /** {@code --name value}: a flag for a boolean, words for a list, shorthand or JSON for a structure. */
    static String option(String member, Object value, List<String> notes) {
        String name = "--" + kebab(member);
        if (value instanceof Boolean b) {
            return b ? name : "--no-" + kebab(member);
        }
        String shown;
        boolean document; // JSON, or text of many lines: to a file:// when long; a long ARN or list stays whole
        if (value instanceof List<?> list && list.stream().noneMatch(AwsCliLines::structure)) {
            shown = list.stream().map(v -> ShellWords.quote(text(v))).collect(Collectors.joining(" "));
            document = false;
        } else if (value instanceof List<?> || value instanceof Map<?, ?>) {
            shown = structured(value);
            document = !shorthandable(value) || shown.length() > LONG_SHORTHAND; // container definitions
        } else {
            shown = ShellWords.quote(text(value));
            document = text(value).contains("\n") || text(value).startsWith("{") || text(value).startsWith("[");
        }
        if (!document || shown.length() <= LONG) {
            return name + " " + shown;
        }
        boolean json = !(value instanceof String s) || s.startsWith("{") || s.startsWith("[");
        String file = kebab(member) + (json ? ".json" : ".txt");
        notes.add("# " + file + ":");
        List<String> lines = document(value).lines().toList();
        lines.stream().limit(DOCUMENT_LINES).forEach(line -> notes.add("#   " + line));
        if (lines.size() > DOCUMENT_LINES) {
            notes.add("#   … " + (lines.size() - DOCUMENT_LINES) + " more lines");
        }
        return name + " file://" + file;
    }

    /** A document as the file would hold it: JSON indented, to be read. */
    private static String document(Object value) {
        if (value instanceof String s) {
            try {
                return Json.writePretty(clean(Json.parse(s)));
            } catch (Json.ParseException e) {
                return text(s);
            }
        }
        return Json.writePretty(clean(value));
    }

    private static boolean structure(Object value) {
        return value instanceof Map<?, ?> || value instanceof List<?>;
    }

    /** Shorthand when every value in it can be written so, else JSON; quoted for the shell as needed. */
    private static String structured(Object value) {
        if (shorthandable(value)) {
            if (value instanceof List<?> list) { // a list of structures: one word each
                return list.stream().map(v -> ShellWords.quote(shorthand(v, true)))
                        .collect(Collectors.joining(" "));
            }
            return ShellWords.quote(shorthand(value, true));
        }
        return ShellWords.quote(Json.write(clean(value)));
    }

    private static boolean shorthandable(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().allMatch(AwsCliLines::shorthandable);
        }
        if (value instanceof List<?> list) {
            return list.stream().allMatch(AwsCliLines::shorthandable);
        }
        return !NOT_SHORTHAND.matcher(text(value)).find() && !text(value).isEmpty();
    }

    /** {@code Key=a,Value=b}; nested: {@code Tags=[{Key=a,Value=b}]}, {@code Values=[x,y]}. */
    private static String shorthand(Object value, boolean top) {
        if (value instanceof Map<?, ?> map) {
            String inner = map.entrySet().stream().map(e -> e.getKey() + "=" + shorthand(e.getValue(), false))
                    .collect(Collectors.joining(","));
            return top ? inner : "{" + inner + "}";
        }
        if (value instanceof List<?> list) {
            return "[" + list.stream().map(v -> shorthand(v, false)).collect(Collectors.joining(",")) + "]";
        }
        return text(value);
    }

    /** The value with every text in it cleaned of URL secrets, for JSON. */
    private static Object clean(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), clean(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(AwsCliLines::clean).toList();
        }
        return value instanceof String s ? UrlSecrets.removedFrom(s) : value;
    }

    private static String text(Object value) {
        return UrlSecrets.removedFrom(String.valueOf(value));
    }
}
