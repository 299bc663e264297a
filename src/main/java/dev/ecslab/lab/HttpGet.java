package dev.ecslab.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.0 GET of "/" from a host and port, with a Host header of its own: the load balancer's DNS name. On AWS
 * both are that name; against a local endpoint the request goes to the endpoint with the name as Host, the
 * convention LocalStack and ecslab's emulator share for reaching a load balancer's listener. Java's HttpClient
 * refuses to set Host, hence a plain socket; HTTP/1.0 keeps the answer unchunked and ends it with the connection.
 */
final class HttpGet {
    private static final int MAX_ANSWER = 1 << 20;

    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }

    private HttpGet() {
    }

    static Answer root(String connectHost, int port, String hostHeader, Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(connectHost, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.0\r\nHost: " + hostHeader + "\r\nUser-Agent: ecslab-verify\r\nAccept: */*\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return parse(readAll(socket.getInputStream()));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0 && all.size() < MAX_ANSWER; ) {
            all.write(buffer, 0, n);
        }
        return all.toByteArray();
    }

    static Answer parse(byte[] raw) throws IOException {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/") || end < 0) {
            throw new IOException("not an HTTP answer (" + raw.length + " bytes)");
        }
        String[] lines = text.substring(0, end).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        try {
            return new Answer(Integer.parseInt(statusLine[1]), headers, new String(raw, end + 4, raw.length - end - 4,
                    StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IOException("bad status line: " + lines[0], e);
        }
    }
}
