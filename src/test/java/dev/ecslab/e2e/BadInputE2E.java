package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import dev.ecslab.testing.Emulator;
import dev.ecslab.testing.LabInventory;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input and broken setups, each through the packaged CLI: the documented exit code, the key words of the
 * message, and — checked with independent clients — nothing of the lab left in AWS.
 */
class BadInputE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    @TempDir
    static Path home;

    static Path files;

    /** One bad run: arguments, extra environment (null removes), expected exit code and message words. */
    record Case(String label, List<String> args, Map<String, String> env, int exit, String words) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Case c(String label, int exit, String words, String... args) {
        return new Case(label, List.of(args), Map.of(), exit, words);
    }

    static Case env(String label, Map<String, String> env, int exit, String words, String... args) {
        return new Case(label, List.of(args), env, exit, words);
    }

    /** Any web server that is not AWS: it answers every request with a page, 200 text/html. */
    static HttpServer webServer;

    static String webServer() {
        return "http://127.0.0.1:" + webServer.getAddress().getPort();
    }

    @BeforeAll
    static void serveWebPages() throws IOException {
        webServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webServer.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                byte[] page = "<!DOCTYPE html><html><body><h1>It works!</h1></body></html>"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
            }
        });
        webServer.start();
    }

    @AfterAll
    static void stopWebServer() {
        webServer.stop(0);
    }

    @BeforeAll
    static void taskDefinitionFiles() throws IOException {
        files = home.resolve("files");
        Files.createDirectories(files);
        String web = "{\"name\": \"web\", \"image\": \"x\", %s \"portMappings\": [{\"containerPort\": %d}]}";
        write("empty.json", "");
        write("not-json.json", "{\"family\": ");
        write("array.json", "[]");
        write("no-containers.json", "{\"family\": \"f\"}");
        write("no-web.json", "{\"containerDefinitions\": [" + String.format(web, "\"memory\": 64,", 80)
                .replace("\"web\"", "\"app\"") + "]}");
        write("no-port.json", "{\"containerDefinitions\": [" + String.format(web, "\"memory\": 64,", 8080) + "]}");
        write("tiny.json", "{\"containerDefinitions\": [" + String.format(web, "\"memory\": 4,", 80) + "]}");
        write("no-memory.json", "{\"containerDefinitions\": [" + String.format(web, "", 80) + "]}");
        write("bad-number.json", "{\"containerDefinitions\": [" + String.format(web, "\"memory\": \"64MB\",", 80)
                + "]}");
        String port80 = String.format(web, "\"memory\": 64,", 80);
        write("host-network.json", "{\"networkMode\": \"host\", \"containerDefinitions\": [" + port80 + "]}");
        write("other-log-group.json", "{\"containerDefinitions\": [" + port80.replace("}]}", "}], "
                + "\"logConfiguration\": {\"logDriver\": \"awslogs\", \"options\": {\"awslogs-group\": \"/prod\"}}}")
                + "]}");
        write("port-not-object.json", "{\"containerDefinitions\": [{\"name\": \"web\", \"image\": \"x\", "
                + "\"memory\": 64, \"portMappings\": [80]}]}");
        write("port-too-big.json", "{\"containerDefinitions\": [" + String.format(web, "\"memory\": 64,", 80)
                .replace("80}", "80, \"hostPort\": 4294967296}") + "]}");
        write("secret-token.json", "AKIAIOSFODNN7EXAMPLE");
        write("fixed-port.json", "{\"containerDefinitions\": [" + String.format(web, "\"memory\": 64,", 80)
                .replace("80}", "80, \"hostPort\": 40080}") + "]}");
        write("unreachable-port.json", "{\"containerDefinitions\": [" + String.format(web, "\"memory\": 64,", 80)
                .replace("80}", "80, \"hostPort\": 8080}") + "]}");
        write("reserved-port.json", "{\"containerDefinitions\": [" + String.format(web, "\"memory\": 64,", 80)
                .replace("80}", "80, \"hostPort\": 51678}") + "]}");
    }

    private static void write(String name, String text) throws IOException {
        Files.writeString(files.resolve(name), text);
    }

    static String file(String name) {
        return files.resolve(name).toString();
    }

    static Stream<Case> cases() {
        Map<String, String> noCredentials = new HashMap<>();
        noCredentials.put("AWS_ACCESS_KEY_ID", null);
        noCredentials.put("AWS_SECRET_ACCESS_KEY", null);
        noCredentials.put("AWS_EC2_METADATA_DISABLED", "true"); // never reach for an instance role here
        return Stream.of(
                c("upper-case lab name", 2, "is not a lab name", "up", "--lab", "Bad"),
                c("lab name starting with a digit", 2, "is not a lab name", "up", "--lab", "9bad"),
                c("lab name too long", 2, "is not a lab name", "up", "--lab", "bad-lab-name-far-too-long"),
                c("empty lab name", 2, "is not a lab name", "up", "--lab", ""),
                c("lab name with underscore", 2, "is not a lab name", "cluster", "--lab", "bad_lab"),
                c("count zero for a new service", 2, "--count must be at least 1", "service", "--lab", "bad",
                        "--count", "0"),
                c("count negative for scale", 2, "--count must be at least 0", "scale", "--lab", "bad", "--count",
                        "-1"),
                c("count negative", 2, "--count must be at least 1", "up", "--lab", "bad", "--count", "-3"),
                c("count not a number", 2, "'four'", "scale", "--lab", "bad", "--count", "four"),
                c("timeout not a duration", 2, "is not a duration", "up", "--lab", "bad", "--timeout", "soon"),
                c("timeout zero", 2, "--timeout must be longer than zero", "up", "--lab", "bad", "--timeout", "0s"),
                c("region not a region", 2, "is not an AWS region name", "up", "--lab", "bad", "--region", "mars-1"),
                c("endpoint not http", 2, "is not a valid http(s) URL", "up", "--lab", "bad", "--endpoint-url",
                        "ftp://example.com"),
                c("endpoint not a URL", 2, "is not a valid http(s) URL", "status", "--lab", "bad", "--endpoint-url",
                        "not a url"),
                c("output format unknown", 2, "--output must be text or json", "up", "--lab", "bad", "-o", "yaml"),
                c("unknown command", 2, "Did you mean: ecslab status", "stauts"),
                c("unknown option", 2, "Unknown option", "up", "--lab", "bad", "--frobnicate"),
                c("missing option value", 2, "Missing required parameter", "up", "--lab"),
                c("task definition file missing", 2, "does not exist", "taskdef", "--lab", "bad", "--file",
                        "/no/such/file.json"),
                c("task definition file empty", 2, "the file is empty", "taskdef", "--lab", "bad", "--file",
                        file("empty.json")),
                c("task definition not JSON", 2, "not JSON", "taskdef", "--lab", "bad", "--file", file("not-json.json")),
                c("task definition of the wrong shape", 2, "must be a JSON object", "taskdef", "--lab", "bad", "--file",
                        file("array.json")),
                c("task definition without containers", 2, "no containerDefinitions", "taskdef", "--lab", "bad",
                        "--file", file("no-containers.json")),
                c("task definition without a web container", 2, "no container is named \"web\"", "taskdef", "--lab",
                        "bad", "--file", file("no-web.json")),
                c("task definition without port 80", 2, "no port mapping for containerPort 80", "taskdef", "--lab",
                        "bad", "--file", file("no-port.json")),
                c("task definition memory too small", 2, "at least 6 MiB", "up", "--lab", "bad", "--file",
                        file("tiny.json")),
                c("task definition without memory", 2, "needs memory or memoryReservation", "taskdef", "--lab", "bad",
                        "--file", file("no-memory.json")),
                c("task definition with a bad number", 2, "expected a whole number", "taskdef", "--lab", "bad",
                        "--file", file("bad-number.json")),
                c("task definition in host network mode", 2, "networkMode host is refused", "taskdef", "--lab",
                        "bad", "--file", file("host-network.json")),
                c("task definition logging to another group", 2, "not the lab's log group", "up", "--lab", "bad",
                        "--file", file("other-log-group.json")),
                c("task definition with a port mapping not an object", 2, "must be an object", "taskdef", "--lab",
                        "bad", "--file", file("port-not-object.json")),
                c("task definition with a port beyond 2^32", 2, "is not a port", "taskdef", "--lab", "bad",
                        "--file", file("port-too-big.json")),
                c("task definition not JSON, starting with a key", 2, "not JSON: Unrecognized token at line 1, "
                        + "column", "taskdef", "--lab", "bad", "--file", file("secret-token.json")),
                c("instance type the region lacks", 2, "does not offer it", "up", "--lab", "bad", "--instance-type",
                        "t3.bogus"),
                c("more tasks than the instance holds", 2, "holds at most", "up", "--lab", "bad", "--count", "40"),
                // The instance gives a fixed host port to one task at a time, and none the agent reserves.
                c("more tasks than a fixed host port allows", 2, "one t3.micro holds at most 1 (container web maps the "
                        + "fixed host port 40080", "up", "--lab", "bad", "--file", file("fixed-port.json"), "--count",
                        "4"),
                // The instance's security group admits the load balancer on the dynamic ports only.
                c("a host port the load balancer cannot reach", 2, "maps port 80 to host port 8080, which the load "
                        + "balancer cannot reach", "taskdef", "--lab", "bad", "--file", file("unreachable-port.json")),
                c("a host port the agent reserves", 2, "one t3.micro holds none (container web maps host port 51678",
                        "up", "--lab", "bad", "--file", file("reserved-port.json"), "--count", "1"),
                c("service before the cluster", 3, "or `ecslab cluster --lab bad` to build it step by step", "service",
                        "--lab", "bad"),
                c("scale a lab that does not exist", 3, "lab bad does not exist", "scale", "--lab", "bad"),
                c("unreachable endpoint", 3, "reach AWS at http://127.0.0.1:9: nothing is listening there", "up",
                        "--lab", "bad", "--endpoint-url", "http://127.0.0.1:9"),
                env("poll interval zero", Map.of("ECSLAB_POLL_INTERVAL_MS", "0"), 2,
                        "ECSLAB_POLL_INTERVAL_MS '0': use a whole number of milliseconds from 1 to 60000", "up",
                        "--lab", "bad"),
                env("poll interval negative", Map.of("ECSLAB_POLL_INTERVAL_MS", "-5"), 2,
                        "ECSLAB_POLL_INTERVAL_MS '-5': use a whole number of milliseconds from 1 to 60000", "up",
                        "--lab", "bad"),
                env("poll interval not a number", Map.of("ECSLAB_POLL_INTERVAL_MS", "abc"), 2,
                        "ECSLAB_POLL_INTERVAL_MS 'abc': use a whole number of milliseconds from 1 to 60000",
                        "cluster", "--lab", "bad"),
                c("timeout past any clock", 2, "--timeout must be at most 24h", "up", "--lab", "bad", "--timeout",
                        "999999999999d"),
                env("state directory a file", Map.of("ECSLAB_HOME", file("empty.json")), 2,
                        "ECSLAB_HOME '" + file("empty.json") + "': " + file("empty.json") + " is not a directory",
                        "up", "--lab", "bad"),
                // /proc refuses a new file even to root, whom a read-only directory's permission bits do not stop
                env("state directory nothing can be written in", Map.of("ECSLAB_HOME", "/proc/self/ecslab"), 2,
                        "ECSLAB_HOME '/proc/self/ecslab': cannot write in /proc/self", "up", "--lab", "bad"),
                c("endpoint a web server", 3, "reach AWS at " + webServer() + ": it answered HTTP 200 with a web page, "
                        + "which no AWS API sends", "up", "--lab", "bad", "--endpoint-url", webServer()),
                env("AWS_ENDPOINT_URL a web server", Map.of("AWS_ENDPOINT_URL", webServer()), 3, "reach AWS at "
                        + webServer() + ": it answered HTTP 200 with a web page", "cleanup", "--lab", "bad", "--yes"),
                env("no credentials", noCredentials, 3, "configure credentials", "up", "--lab", "bad"),
                env("unknown profile", Map.of("AWS_EC2_METADATA_DISABLED", "true"), 3,
                        "check that profile no-such-profile exists", "up", "--lab", "bad", "--profile",
                        "no-such-profile"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refused_with_its_exit_code_and_nothing_created(Case c) {
        Cli cli = new Cli(EMULATOR.endpoint(), home.resolve("h"));
        c.env().forEach(cli::env);
        CliResult r = cli.run(c.args().toArray(String[]::new)).exitedWith(c.exit());
        r.stderrContains(c.words());
        assertFalse(r.stdout().contains("AKIA") || r.stderr().contains("AKIA"), "a file's text is never echoed: " + r);
        assertEquals(List.of(), new LabInventory(EMULATOR.clients()).leftovers("bad"), r.toString());
    }

    /**
     * An empty ECSLAB_HOME is as unset (the XDG convention): the state goes to $HOME/.ecslab — the shell's home, not
     * Java's account home — and not to ./labs in whatever directory the command runs from.
     */
    @Test
    void an_empty_ecslab_home_keeps_the_state_in_the_home_directory_not_the_current_one() {
        Path user = home.resolve("empty-home");
        Cli cli = new Cli(EMULATOR.endpoint(), user).env("ECSLAB_HOME", ""); // HOME is the test's own
        CliResult r = cli.run("cleanup", "--lab", "bad", "--yes").exitedWith(0); // takes the lab's lock: a file
        assertFalse(Files.exists(user.resolve("labs")), "state in the current directory: " + r);
        assertTrue(Files.isDirectory(user.resolve(".ecslab/labs")), r.toString());
        assertEquals(List.of(), new LabInventory(EMULATOR.clients()).leftovers("bad"), r.toString());
    }

    /**
     * Where state and locks live: $HOME decides (HOME=/x puts them in /x/.ecslab) unless ECSLAB_HOME is set, which
     * wins over $HOME.
     */
    @Test
    void home_decides_where_the_state_lives_and_ecslab_home_wins_over_it() {
        Path user = home.resolve("shell-home");
        CliResult r = new Cli(EMULATOR.endpoint(), user).env("ECSLAB_HOME", null) // unset: $HOME decides
                .run("cleanup", "--lab", "bad", "--yes").exitedWith(0); // takes the lab's lock: a file
        assertTrue(Files.isDirectory(user.resolve(".ecslab/labs")), r.toString());

        Path other = home.resolve("other-home");
        Path chosen = home.resolve("chosen");
        r = new Cli(EMULATOR.endpoint(), other).env("ECSLAB_HOME", chosen.toString())
                .run("cleanup", "--lab", "bad", "--yes").exitedWith(0);
        assertTrue(Files.isDirectory(chosen.resolve("labs")), r.toString());
        assertFalse(Files.exists(other.resolve(".ecslab")), "ECSLAB_HOME wins over $HOME: " + r);
    }

    /** The cases of commands that change the lab and take --dry-run, complete enough to add it. */
    static Stream<Case> changingCases() {
        List<String> changing = List.of("up", "cluster", "taskdef", "elb", "service", "scale", "cleanup");
        return cases().filter(c -> !c.args().isEmpty() && changing.contains(c.args().get(0))
                && !c.args().get(c.args().size() - 1).startsWith("--"));
    }

    /** Every refusal of a changing command is the same, with the same exit code, when it is only a --dry-run. */
    @ParameterizedTest(name = "{0} (--dry-run)")
    @MethodSource("changingCases")
    void a_dry_run_is_refused_like_the_real_run(Case c) {
        Cli cli = new Cli(EMULATOR.endpoint(), home.resolve("h"));
        c.env().forEach(cli::env);
        List<String> args = new java.util.ArrayList<>(c.args());
        args.add("--dry-run");
        cli.run(args.toArray(String[]::new)).exitedWith(c.exit()).stderrContains(c.words());
    }
}
