package dev.ecslab.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which java makes the AOT cache: the one asked for, else JAVA_HOME when new enough, else the newest installed. */
class AotJavaTest {
    @TempDir
    Path jvms;

    private Path jdk(String name, String version) throws IOException {
        Path home = jvms.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + version + "\"\n");
        Files.createFile(home.resolve("bin/java"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        return home;
    }

    @Test
    void picks_the_newest_jdk_of_25_or_later_among_those_installed() throws IOException {
        jdk("java-17", "17.0.15");
        jdk("jdk-25", "25.0.3");
        Path newest = jdk("jdk-26", "26");
        jdk("jdk-8", "1.8.0_402");
        assertEquals(Optional.of(newest.resolve("bin/java")), AotJava.find(Map.of(), List.of(jvms)));
    }

    @Test
    void none_when_only_older_ones_are_installed() throws IOException {
        Path old = jdk("java-17", "17.0.15");
        assertEquals(Optional.empty(), AotJava.find(Map.of("JAVA_HOME", old.toString()), List.of(jvms)));
    }

    @Test
    void java_home_first_when_new_enough_and_the_override_above_all() throws IOException {
        Path home = jdk("jdk-25", "25.0.3");
        jdk("jdk-26", "26.0.1");
        assertEquals(Optional.of(home.resolve("bin/java")),
                AotJava.find(Map.of("JAVA_HOME", home.toString()), List.of(jvms)));
        assertEquals(Optional.empty(), AotJava.find(Map.of("ECSLAB_AOT_JAVA_HOME", "", "JAVA_HOME",
                home.toString()), List.of(jvms)));
        assertEquals(Optional.of(home.resolve("bin/java")), AotJava.find(Map.of("ECSLAB_AOT_JAVA_HOME",
                home.toString()), List.of(jvms)));
    }
}
