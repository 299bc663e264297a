package dev.ecslab.report;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ShellWordsTest {
    @TempDir
    Path dir;

    @Test
    void a_safe_word_stays_bare() {
        assertEquals("ecslab up --lab demo --region us-east-1 --endpoint-url http://127.0.0.1:4566/",
                ShellWords.line("ecslab", "up", "--lab", "demo", "--region", "us-east-1", "--endpoint-url",
                        "http://127.0.0.1:4566/"));
    }

    @Test
    void anything_a_shell_reads_is_single_quoted() {
        assertEquals("'a;touch${IFS}/tmp/x;#'", ShellWords.quote("a;touch${IFS}/tmp/x;#"));
        assertEquals("'it'\\''s'", ShellWords.quote("it's"));
        assertEquals("''", ShellWords.quote(""));
        assertEquals("'Host: x'", ShellWords.quote("Host: x"));
        assertEquals("'~/f.json'", ShellWords.quote("~/f.json"));
        assertEquals("'=ls'", ShellWords.quote("=ls"));
        assertEquals("'http://[::1]:4566'", ShellWords.quote("http://[::1]:4566"));
    }

    /** What sh makes of the printed line is the words given, and nothing runs. */
    @Test
    void sh_reads_back_the_very_words() throws Exception {
        Path marker = dir.resolve("x");
        List<String> words = List.of("a;touch " + marker + ";#", "$(touch " + marker + ")", "`touch " + marker
                + "`", "it's", "back\\slash", "two  spaces", "new\nline", "*", "", "--profile=$HOME");
        Process sh = new ProcessBuilder("sh", "-c", "printf '%s\\n' " + ShellWords.line(words)).start();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        sh.waitFor(10, TimeUnit.SECONDS);
        assertEquals(String.join("\n", words) + "\n", out);
        assertFalse(Files.exists(marker), "the line ran something");
    }
}
