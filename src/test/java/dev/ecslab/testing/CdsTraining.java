package dev.ecslab.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ecslab.state.ResourceRef;
import dev.ecslab.state.StateFile;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The training run behind the class-data sharing archive (pom.xml, package phase). The packaged CLI runs
 * {@code status} of a whole lab against AWS answers served here, dumping every class it loaded into the archive:
 * each client's (whose verification loads every request class of its service), each request's and each answer's —
 * what a real read-only run loads, so scripts/ecslab maps them instead of reading and verifying them again.
 *
 * <p>The answers are the emulator's, recorded by this class: {@code record <emulator endpoint> <dir> <jar>} puts a
 * proxy in front of an emulator holding lab {@value #LAB} ({@code ecslab up --lab train}) and saves each answer as
 * {@code <dir>/<service>/<Action>-<request digest>.<json|xml>}. Replayed, an answer is found by its request, or by
 * its action alone when the SDK now words the request differently.
 *
 * <p>Usage: {@code CdsTraining train <jar> <archive> <answers dir>} | {@code CdsTraining record <endpoint> <dir> <jar>}
 */
public final class CdsTraining {
    static final String LAB = "train";
    private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request");
    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "transfer-encoding",
            "expect");

    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("train")) {
            System.exit(train(Path.of(args[1]), Path.of(args[2]), Path.of(args[3])));
        } else if (args.length == 4 && args[0].equals("train-aot")) {
            System.exit(trainAot(Path.of(args[1]), Path.of(args[2]), Path.of(args[3])));
        } else if (args.length == 4 && args[0].equals("record")) {
            System.exit(record(URI.create(args[1]), Path.of(args[2]), Path.of(args[3])));
        }
        System.err.println("usage: CdsTraining train|train-aot <jar> <archive> <answers dir>"
                + " | record <endpoint> <dir> <jar>");
        System.exit(2);
    }

    private static int train(Path jar, Path archive, Path answers) throws Exception {
        return replay(jar, answers, currentJava(), List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off"));
    }

    /**
     * The same training on the newest Java 25 or later found ({@link AotJava}), making its ahead-of-time cache
     * (JEP 483/514/515: classes loaded and linked, lambdas resolved, method profiles) with the JVM options
     * scripts/ecslab runs with, and {@code <cache>.java} naming that java. Without one, or when its training fails,
     * neither file is left: scripts/ecslab then uses the CDS archive on the java it finds.
     */
    private static int trainAot(Path jar, Path cache, Path answers) throws Exception {
        Path javaFile = Path.of(cache + ".java");
        Files.deleteIfExists(cache);
        Files.deleteIfExists(javaFile);
        Optional<Path> java = AotJava.find(System.getenv());
        if (java.isEmpty()) {
            System.out.println("aot cache: no Java 25 or later found (" + AotJava.WHERE + "): scripts/ecslab uses "
                    + "the CDS archive");
            return 0;
        }
        System.out.println("aot cache: training on " + java.get());
        int exit = replay(jar, answers, java.get().toString(), List.of("-XX:AOTCacheOutput=" + cache,
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xlog:aot=off", "-Xlog:cds=off"));
        if (exit != 0 || !Files.exists(cache)) {
            // An optional speed-up: a JDK that cannot make it must not fail the build (the CDS archive serves).
            Files.deleteIfExists(cache);
            System.out.println("aot cache: training on " + java.get() + " failed (exit " + exit + "): scripts/ecslab "
                    + "uses the CDS archive");
            return 0;
        }
        Files.writeString(javaFile, java.get() + "\n");
        return 0;
    }

    private static String currentJava() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static int replay(Path jar, Path answers, String java, List<String> jvmOptions) throws Exception {
        AtomicInteger byRequest = new AtomicInteger();
        AtomicInteger byAction = new AtomicInteger();
        HttpServer server = serve(exchange -> {
            String key = key(exchange, exchange.getRequestBody().readAllBytes());
            Optional<Path> answer = answerFor(answers, key);
            answer.ifPresent(a -> (a.toString().contains(key) ? byRequest : byAction).incrementAndGet());
            if (answer.isEmpty()) {
                respond(exchange, 400, "text/plain", ("no recorded answer for " + key).getBytes(
                        StandardCharsets.UTF_8));
                return;
            }
            String file = answer.get().getFileName().toString();
            respond(exchange, 200, file.endsWith(".json") ? "application/x-amz-json-1.1" : "text/xml",
                    Files.readAllBytes(answer.get()));
        });
        try {
            return run(java, jar, server, jvmOptions);
        } finally {
            server.stop(0);
            // Answers found by action alone mean the SDK now words requests differently: record them again.
            System.out.println("cds training: " + byRequest + " answer(s) by request, " + byAction
                    + " by action alone");
        }
    }

    private static int record(URI emulator, Path dir, Path jar) throws Exception {
        HttpClient upstream = HttpClient.newHttpClient();
        HttpServer server = serve(exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder forward = HttpRequest.newBuilder(emulator.resolve(exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                    values.forEach(v -> forward.header(name, v));
                }
            });
            try {
                HttpResponse<byte[]> answer = upstream.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                if (answer.statusCode() == 200) {
                    Path file = dir.resolve(key(exchange, body) + (isJson(exchange) ? ".json" : ".xml"));
                    Files.createDirectories(file.getParent());
                    Files.write(file, answer.body());
                }
                respond(exchange, answer.statusCode(), answer.headers().firstValue("content-type").orElse("text/xml"),
                        answer.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        });
        try {
            return run(currentJava(), jar, server, List.of());
        } finally {
            server.stop(0);
        }
    }

    /**
     * The CLI's status of the lab against the server; its output goes to ours, its exit code is the result. As a
     * user's usually runs: the region from AWS_REGION, and the lab's state file there (its JSON reader is ~90 classes
     * a run would otherwise read from the jar and verify: ~80 ms of a `status` measured on Java 25).
     */
    private static int run(String java, Path jar, HttpServer server, List<String> jvmOptions) throws Exception {
        int port = server.getAddress().getPort();
        List<String> command = Stream.of(List.of(java), jvmOptions, List.of("-jar", jar.toString(), "status",
                "--lab", LAB, "--endpoint-url", "http://127.0.0.1:" + port)).flatMap(List::stream).toList();
        Path home = Files.createTempDirectory("ecslab-training");
        try {
            StateFile.open(home.resolve("labs"), "123456789012-us-east-1-127.0.0.1_" + port, LAB).put(
                    new ResourceRef(ResourceRef.Kind.CLUSTER, "ecslab-" + LAB, "arn:aws:ecs:us-east-1:123456789012:"
                            + "cluster/ecslab-" + LAB, true, "training", Instant.now()));
            ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
            pb.environment().put("NO_COLOR", "1");
            pb.environment().put("AWS_REGION", "us-east-1");
            pb.environment().put("ECSLAB_HOME", home.toString());
            int exit = pb.start().waitFor();
            if (exit != 0) {
                System.err.println("cds training: `" + String.join(" ", command) + "` exited " + exit);
            }
            return exit;
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private static HttpServer serve(Handler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                handler.handle(exchange);
            }
        });
        server.start();
        return server;
    }

    private static Optional<Path> answerFor(Path answers, String key) throws IOException {
        for (String ext : List.of(".json", ".xml")) {
            if (Files.exists(answers.resolve(key + ext))) {
                return Optional.of(answers.resolve(key + ext));
            }
        }
        Path serviceDir = answers.resolve(key.substring(0, key.indexOf('/')));
        String action = key.substring(key.indexOf('/') + 1, key.lastIndexOf('-') + 1);
        if (!Files.isDirectory(serviceDir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(serviceDir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(action)).sorted().findFirst();
        }
    }

    /** {@code <signing service>/<Action>-<digest of the request body>}: the same request gets the same answer. */
    private static String key(HttpExchange exchange, byte[] body) {
        String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        Matcher scope = SCOPE.matcher(auth);
        String service = scope.find() ? scope.group(1) : "unknown";
        String action;
        if (isJson(exchange)) { // JSON protocol: X-Amz-Target is "<service prefix>.<Action>"
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            action = target.substring(target.indexOf('.') + 1);
        } else { // query protocol: Action=<Action> in the form body
            Matcher m = Pattern.compile("(?:^|&)Action=([A-Za-z]+)").matcher(new String(body,
                    StandardCharsets.UTF_8));
            action = m.find() ? m.group(1) : "Unknown";
        }
        return service + "/" + action + "-" + digest(body);
    }

    private static boolean isJson(HttpExchange exchange) {
        return exchange.getRequestHeaders().getFirst("X-Amz-Target") != null;
    }

    private static String digest(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("x-amzn-RequestId", "cds-training");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
