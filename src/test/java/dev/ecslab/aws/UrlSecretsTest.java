package dev.ecslab.aws;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class UrlSecretsTest {
    @Test
    void a_url_keeps_where_it_points_and_nothing_else() {
        assertEquals(URI.create("http://127.0.0.1:4566/"),
                UrlSecrets.removed(URI.create("HTTP://admin:hunter2@127.0.0.1:4566/?X-Amz-Security-Token=t#f")));
        assertEquals(URI.create("https://proxy.example/aws"),
                UrlSecrets.removed(URI.create("https://a%40b:p%3Aw@proxy.example/aws?token=t")));
        assertEquals(URI.create("http://[::1]:4566"), UrlSecrets.removed(URI.create("http://u@[::1]:4566")));
        assertEquals(URI.create("http://localhost:4566"), UrlSecrets.removed(URI.create("http://localhost:4566")));
        assertNull(UrlSecrets.removed(null));
    }

    @Test
    void every_url_in_a_text_loses_its_credentials() {
        assertEquals("could not reach AWS at http://127.0.0.1:1/: ConnectException: Connection refused",
                UrlSecrets.removedFrom("could not reach AWS at http://admin:hunter2@127.0.0.1:1/?token=sekrit: "
                        + "ConnectException: Connection refused"));
        assertEquals("--endpoint-url 'ftp://host/x' is not", UrlSecrets.removedFrom(
                "--endpoint-url 'ftp://user:p@ss@host/x?sig=1' is not"));
        assertEquals("see https://docs.aws.amazon.com/x.html and http://h:1", UrlSecrets.removedFrom(
                "see https://docs.aws.amazon.com/x.html and http://u:p@h:1"));
        assertEquals("user@example.com wrote ?a=b", UrlSecrets.removedFrom("user@example.com wrote ?a=b"));
        assertNull(UrlSecrets.removedFrom(null));
    }
}
