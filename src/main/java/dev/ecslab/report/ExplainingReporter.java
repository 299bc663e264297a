package dev.ecslab.report;

import dev.ecslab.aws.CallRecorder;
import dev.ecslab.aws.Partition;
import dev.ecslab.state.ResourceRef.Kind;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * --explain: passes every event on, and around each step says what it builds in ECS's terms (explain/STEP.txt,
 * before it starts) and which AWS CLI commands make the changes it just made (after it ends), from the calls it
 * really made ({@link CallRecorder}), never from a list of its own. A step runs on one thread (the threads it starts
 * record into its recording too), so its recording is opened when it starts and closed when it ends, on that thread.
 * A command that is not narrated as steps (cleanup) and up, which is all of them, are explained as a whole too.
 */
public final class ExplainingReporter implements Reporter, AutoCloseable {
    private final Reporter next;
    private final String verb;
    private final Map<String, Section> open = new ConcurrentHashMap<>();
    private final Section whole;

    /** Who is calling where (the first event of a command), for the console pages' region and partition. */
    private volatile Event caller;

    /** A step's calls, the recording around it, and the resources it made or found (for their console pages). */
    private record Section(CallRecorder.Recording recording, CallRecorder.Recording outer, List<Event> resources) {
        Section(CallRecorder.Recording recording, CallRecorder.Recording outer) {
            this(recording, outer, Collections.synchronizedList(new ArrayList<>()));
        }
    }

    /** Explains the command as a whole when it has its own text (up, cleanup) and records its calls outside steps. */
    public ExplainingReporter(Reporter next, Verb verb) {
        this.next = next;
        this.verb = verb.word();
        boolean step = StepName.of(this.verb).isPresent() || verb == Verb.VERIFY; // explained at their start event
        String text = step ? null : text(this.verb);
        if (text != null) {
            about(this.verb, text);
        }
        this.whole = new Section(CallRecorder.open(), null);
    }

    @Override
    public void emit(Event e) {
        switch (e.type()) {
            case STEP_STARTED -> {
                String text = text(e.step());
                if (text != null) {
                    about(e.step(), text);
                }
                next.emit(e);
                CallRecorder.Recording outer = CallRecorder.current();
                open.put(e.step(), new Section(CallRecorder.open(), outer));
            }
            case STEP_DONE, STEP_FAILED -> {
                next.emit(e);
                Section section = open.remove(e.step());
                if (section != null) {
                    CallRecorder.resume(section.outer());
                    commands(e.step(), section.recording().calls());
                    if (e.type() == Event.Type.STEP_DONE) {
                        pages(e.step(), section.resources());
                    }
                }
            }
            case CREATED, ADOPTED -> {
                next.emit(e);
                Section section = e.step() == null ? null : open.get(e.step());
                if (section != null) {
                    section.resources().add(e);
                }
            }
            default -> {
                if (e.fields().containsKey("caller")) {
                    caller = e;
                }
                next.emit(e);
            }
        }
    }

    /** The changes made outside any step (a cleanup's, which is no step), once the command is over. */
    @Override
    public void close() {
        CallRecorder.resume(null);
        List<CallRecorder.Call> calls = whole.recording().calls();
        if (calls.stream().anyMatch(c -> c.mutating() || c.waiter())) {
            commands(verb, calls);
        }
    }

    private void about(String step, String text) {
        next.emit(new Event(Event.Type.EXPLAIN, Instant.now(), step, text, Map.of("part", "about")));
    }

    /** "the AWS CLI for its 4 changes (and 12 reads):" and the commands; waits where they came. */
    private void commands(String step, List<CallRecorder.Call> calls) {
        List<String> commands = new ArrayList<>();
        int changes = 0;
        int reads = 0;
        for (CallRecorder.Call call : calls) {
            if (call.mutating() || call.waiter()) {
                commands.add(String.join("\n", AwsCliLines.lines(call)));
                changes += call.mutating() ? 1 : 0;
            } else {
                reads++;
            }
        }
        String readCount = reads + " read" + (reads == 1 ? "" : "s");
        String message = changes == 0 && commands.isEmpty() ? "it changed nothing (" + readCount + ")"
                : "as the AWS CLI, its " + changes + " change" + (changes == 1 ? "" : "s")
                + (reads == 0 ? "" : " (and " + readCount + ", not shown)") + ":";
        next.emit(new Event(Event.Type.EXPLAIN, Instant.now(), step, message,
                Map.of("part", "commands", "commands", List.copyOf(commands), "reads", reads)));
    }

    /**
     * "its pages in the AWS console:" and, for each resource the step made or found that has one, its kind, name and
     * page (ConsoleUrls): where a learner sees in the console what the step built.
     */
    private void pages(String step, List<Event> resources) {
        if (caller == null) {
            return;
        }
        String region = String.valueOf(caller.fields().get("region"));
        Partition partition = Partition.ofArn(String.valueOf(caller.fields().get("caller")));
        List<Map<String, Object>> pages = new ArrayList<>();
        for (Event r : resources) {
            Kind kind = Kind.ofId(String.valueOf(r.fields().get("kind")));
            String name = (String) r.fields().get("name");
            String url = ConsoleUrls.of(kind, name, (String) r.fields().get("id"), region, partition);
            if (url != null && pages.stream().noneMatch(p -> p.get("url").equals(url))) {
                pages.add(Map.of("kind", kind.id(), "name", name, "url", url));
            }
        }
        if (!pages.isEmpty()) {
            next.emit(new Event(Event.Type.EXPLAIN, Instant.now(), step, "its pages in the AWS console:",
                    Map.of("part", "console", "pages", List.copyOf(pages))));
        }
    }

    /** The step's explanation (explain/STEP.txt), as one paragraph; null for a step without one. */
    public static String text(String step) {
        try (InputStream in = ExplainingReporter.class.getResourceAsStream("/dev/ecslab/explain/" + step + ".txt")) {
            if (in == null) {
                return null;
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().replaceAll("\\s*\n\\s*", " ");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
