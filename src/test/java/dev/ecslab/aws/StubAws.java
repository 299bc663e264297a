package dev.ecslab.aws;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * An AWS endpoint on loopback that gives queued answers in order, for states no emulator produces on demand
 * (IAM propagation lag, REGISTRATION_FAILED, a load balancer not visible yet). Answers use AWS's wire formats.
 */
final class StubAws implements AutoCloseable {
    private final Deque<String[]> answers = new ConcurrentLinkedDeque<>();
    private final HttpServer server;

    StubAws() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String[] answer = answers.poll();
            if (answer == null) {
                answer = new String[] {"500", "text/plain", "no answer queued"};
            }
            byte[] body = answer[2].getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer[1]);
            exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** EC2 and ELBv2 (query protocols) answer in XML. */
    StubAws xml(int status, String body) {
        answers.add(new String[] {String.valueOf(status), "text/xml", body});
        return this;
    }

    /** ECS (JSON 1.1 protocol). */
    StubAws json(int status, String body) {
        answers.add(new String[] {String.valueOf(status), "application/x-amz-json-1.1", body});
        return this;
    }

    /** Any answer: what a web server that is not AWS may send. */
    StubAws answer(int status, String contentType, String body) {
        answers.add(new String[] {String.valueOf(status), contentType, body});
        return this;
    }

    int unanswered() {
        return answers.size();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
