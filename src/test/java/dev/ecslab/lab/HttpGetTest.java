package dev.ecslab.lab;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Reading an HTTP/1.0 answer: status, headers by lower-case name, body. */
class HttpGetTest {
    @Test
    void an_answer_is_read_into_status_headers_and_body() throws IOException {
        HttpGet.Answer a = HttpGet.parse(("HTTP/1.1 503 Service Temporarily Unavailable\r\nServer: awselb/2.0\r\n"
                + "X-Ecslab-Task: abc\r\n\r\n<html>503</html>").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(503, a.status());
        assertEquals("awselb/2.0", a.header("Server"));
        assertEquals("abc", a.header("x-ecslab-task"));
        assertEquals("", a.header("missing"));
        assertEquals("<html>503</html>", a.body());
    }

    @Test
    void what_is_not_http_is_an_error() {
        assertThrows(IOException.class, () -> HttpGet.parse("SSH-2.0-OpenSSH\r\n".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> HttpGet.parse("HTTP/1.1 abc\r\n\r\n".getBytes(StandardCharsets.UTF_8)));
    }
}
