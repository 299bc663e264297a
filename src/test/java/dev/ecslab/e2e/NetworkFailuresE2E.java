package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An endpoint the packaged CLI cannot reach is said in the user's terms, one line and one hint, exit 3 (preflight:
 * nothing was created), after one attempt when another cannot mend it: a host name that does not resolve, nothing
 * listening on this machine, TLS that fails (no TLS at all, an untrusted certificate), a proxy that cannot be reached
 * (HTTP_PROXY for http, HTTPS_PROXY for https). The one attempt is the SDK's own count, shown with --verbose.
 */
class NetworkFailuresE2E {
    @TempDir
    Path home;

    private ServerSocket plainHttp;

    /** A plain HTTP server that answers whatever comes (a TLS hello too) with a 400, as web servers do. */
    @BeforeEach
    void plainHttp() throws IOException {
        plainHttp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread answering = new Thread(() -> {
            while (!plainHttp.isClosed()) {
                try (Socket client = plainHttp.accept()) {
                    client.getInputStream().read(new byte[4096]);
                    client.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // a client gone, or the server closed
                }
            }
        }, "plain-http");
        answering.setDaemon(true);
        answering.start();
    }

    @AfterEach
    void stop() throws IOException {
        plainHttp.close();
    }

    private Cli cli(String endpoint) {
        return new Cli(URI.create(endpoint), home).env("HTTP_PROXY", null).env("HTTPS_PROXY", null)
                .env("http_proxy", null).env("https_proxy", null).env("NO_PROXY", null).env("no_proxy", null);
    }

    /** The error line, the hint, and the SDK's count of attempts: one. */
    private static void saidOnceIn(CliResult r, String message, String hint) {
        r.exitedWith(3);
        List<String> lines = r.stderr().strip().lines().toList();
        assertEquals(List.of("ecslab: " + message, "hint: " + hint), lines.subList(0, 2), r::toString);
        assertTrue(r.stderr().contains("(SDK Attempt Count: 1)"), "one attempt: " + r);
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    @Test
    void a_host_name_that_does_not_resolve_is_named_once() {
        saidOnceIn(cli("http://nosuchhost.invalid:4566").run("up", "--lab", "net", "--verbose"),
                "reach AWS at http://nosuchhost.invalid:4566: host name nosuchhost.invalid does not resolve",
                "check the endpoint (--endpoint-url / AWS_ENDPOINT_URL), your DNS and network, or proxy "
                        + "(HTTPS_PROXY)");
    }

    @Test
    void nothing_listening_on_this_machine_is_said_once() throws IOException {
        String endpoint = "http://127.0.0.1:" + freePort();
        saidOnceIn(cli(endpoint).run("up", "--lab", "net", "--verbose"), "reach AWS at " + endpoint
                + ": nothing is listening there", "is the endpoint right, and the emulator running? "
                + "(`scripts/emulator start` in an ecslab checkout starts one)");
    }

    @Test
    void an_https_endpoint_that_speaks_plain_http_is_told_to_use_http() {
        int port = plainHttp.getLocalPort();
        saidOnceIn(cli("https://127.0.0.1:" + port).run("status", "--lab", "net", "--verbose"),
                "reach AWS at https://127.0.0.1:" + port + ": TLS failed: the endpoint does not speak TLS",
                "is the endpoint plain HTTP? use http://127.0.0.1:" + port + " (or check the proxy, HTTPS_PROXY)");
    }

    @Test
    void an_untrusted_certificate_is_named_as_such() throws Exception {
        try (SSLServerSocket tls = selfSignedServer()) {
            String endpoint = "https://localhost:" + tls.getLocalPort();
            saidOnceIn(cli(endpoint).run("status", "--lab", "net", "--verbose"), "reach AWS at " + endpoint
                    + ": TLS failed: the endpoint's certificate is not trusted by this Java", "check the endpoint; "
                    + "a TLS-inspecting proxy's CA must be in Java's trust store (-Djavax.net.ssl.trustStore)");
        }
    }

    @Test
    void an_http_proxy_nothing_listens_on_is_named() throws IOException {
        String endpoint = "http://127.0.0.1:" + plainHttp.getLocalPort();
        String proxy = "127.0.0.1:" + freePort();
        saidOnceIn(cli(endpoint).env("HTTP_PROXY", "http://" + proxy).run("status", "--lab", "net", "--verbose"),
                "reach AWS at " + endpoint + " through proxy " + proxy + " (HTTP_PROXY): nothing is listening there",
                "check HTTP_PROXY (and NO_PROXY for hosts reached directly)");
    }

    @Test
    void https_requests_go_through_https_proxy() {
        int port = plainHttp.getLocalPort();
        saidOnceIn(cli("https://127.0.0.1:" + port).env("HTTPS_PROXY", "http://nosuchproxy.invalid:3128")
                        .run("status", "--lab", "net", "--verbose"),
                "reach AWS at https://127.0.0.1:" + port + " through proxy nosuchproxy.invalid:3128 (HTTPS_PROXY): "
                        + "no such host", "check HTTPS_PROXY (and NO_PROXY for hosts reached directly)");
    }

    /** A TLS server on localhost with a certificate of its own (keytool's), which no trust store knows. */
    private SSLServerSocket selfSignedServer() throws Exception {
        Path store = home.resolve("self-signed.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-alias", "self", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost", "-validity", "1")
                .redirectErrorStream(true).redirectOutput(home.resolve("keytool.log").toFile()).start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0,
                () -> "keytool: " + read(home.resolve("keytool.log")));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket client = server.accept()) {
                    ((SSLSocket) client).startHandshake(); // fails: the client does not trust the certificate
                } catch (IOException e) {
                    // the handshake the client refused, or the server closed
                }
            }
        }, "self-signed-tls");
        accepting.setDaemon(true);
        accepting.start();
        return server;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
