package dev.ecslab.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The java that makes and then runs ecslab's ahead-of-time cache (CdsTraining train-aot): Java 25 or later, the
 * first release with a one-step AOT cache (JEP 514) that also holds method profiles (JEP 515). ecslab itself is built
 * for Java 17 and runs on it; a newer JDK beside it only starts it faster.
 */
final class AotJava {
    static final int MIN_FEATURE = 25;
    static final String WHERE = "ECSLAB_AOT_JAVA_HOME, JAVA_HOME, /usr/lib/jvm/*, "
            + "/Library/Java/JavaVirtualMachines/*/Contents/Home";
    private static final List<Path> JDK_FOLDERS = List.of(Path.of("/usr/lib/jvm"),
            Path.of("/Library/Java/JavaVirtualMachines"));
    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    private AotJava() {
    }

    static Optional<Path> find(Map<String, String> env) throws IOException {
        return find(env, JDK_FOLDERS);
    }

    /**
     * ECSLAB_AOT_JAVA_HOME when set (empty: none, to build without the cache), else JAVA_HOME when new enough, else
     * the newest JDK installed under {@code folders}.
     */
    static Optional<Path> find(Map<String, String> env, List<Path> folders) throws IOException {
        String chosen = env.get("ECSLAB_AOT_JAVA_HOME");
        if (chosen != null) {
            return chosen.isBlank() ? Optional.empty() : javaOf(Path.of(chosen));
        }
        if (env.get("JAVA_HOME") != null) {
            Optional<Path> javaHome = javaOf(Path.of(env.get("JAVA_HOME")));
            if (javaHome.isPresent()) {
                return javaHome;
            }
        }
        Optional<Path> newest = Optional.empty();
        int newestFeature = 0;
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> homes = Files.list(folder)) {
                for (Path home : homes.sorted(Comparator.naturalOrder()).toList()) {
                    Path jdk = Files.isDirectory(home.resolve("Contents/Home")) ? home.resolve("Contents/Home") : home;
                    int feature = feature(jdk);
                    if (feature > newestFeature && javaOf(jdk).isPresent()) {
                        newest = javaOf(jdk);
                        newestFeature = feature;
                    }
                }
            }
        }
        return newest;
    }

    /** The home's bin/java, when the home is Java {@value #MIN_FEATURE} or later. */
    private static Optional<Path> javaOf(Path home) throws IOException {
        Path java = home.resolve("bin/java");
        return feature(home) >= MIN_FEATURE && Files.isExecutable(java) ? Optional.of(java) : Optional.empty();
    }

    /** The feature release its {@code release} file names (JAVA_VERSION="25.0.3" is 25), or 0. */
    private static int feature(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return 0;
        }
        Matcher m = VERSION.matcher(Files.readString(release));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
