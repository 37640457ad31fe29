package org.deploypolicy.cli;

import static org.deploypolicy.cli.DeployFiles.at;
import static org.deploypolicy.cli.DeployFiles.container;
import static org.deploypolicy.cli.DeployFiles.podSpec;
import static org.deploypolicy.cli.DeployFiles.resource;
import static org.deploypolicy.cli.DeployFiles.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The image's command line run with the packaged jar, as the container runs it: the Dockerfile's ENTRYPOINT (this
 * JVM's java, target/deploy-policy.jar for /app/deploy-policy.jar) and CMD, with the manifest's ConfigMap and Secret
 * written where the kubelet would mount them (the paths replaced by temporary ones) and a free port. The manifest's
 * probes answer 200, decisions need the token, a policy that does not build leaves it live but unready until a fixed
 * one is swapped in, and SIGTERM stops it within the grace period.
 *
 * <p>Every test here waits for serve's --token-file, --start-unready, --drain and /health/live and /health/ready
 * (another branch): until they land, serve refuses the image's arguments and exits 64.
 */
class DeployManifestIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String TOKEN = "3f6c0c2b9a7e4d1f8b5a2c9e7d4f1a6b";

    @TempDir
    Path dir;

    private DeployFiles.Dockerfile image;
    private List<Map<String, Object>> manifest;
    private Map<String, Object> container;
    private Process server;
    private int port;

    @BeforeEach
    void read() throws IOException {
        image = DeployFiles.dockerfile();
        manifest = DeployFiles.manifest();
        container = container(manifest);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The ConfigMap's files, with policy.yaml replaced when {@code policyYaml} is not null. */
    private Map<String, String> policyFiles(String policyYaml) {
        Map<String, String> files = new TreeMap<>(
                DeployFiles.files(resource(manifest, "ConfigMap", DeployFiles.POLICY_CONFIG_MAP)));
        if (policyYaml != null) {
            files.put("policy.yaml", policyYaml);
        }
        return files;
    }

    /** Starts the image's command line with the policy directory holding these files; returns once it answers. */
    private void start(Map<String, String> policy) throws Exception {
        List<String> args = DeployManifestTest.containerArgs(container, image);
        String policyPath = DeployFiles.option(args, "--policy");
        String tokenPath = DeployFiles.option(args, "--token-file");
        Path mountedPolicy = DeployFiles.mountLikeTheKubelet(dir.resolve("policy"), policy);
        String tokenName = Path.of(tokenPath).getFileName().toString();
        Path secrets = DeployFiles.mountLikeTheKubelet(dir.resolve("secrets"), Map.of(tokenName, TOKEN));
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }

        List<String> command = new ArrayList<>();
        for (String word : image.entrypoint()) {
            command.add(word.equals("java") ? Path.of(System.getProperty("java.home"), "bin", "java").toString()
                    : word.equals("/app/deploy-policy.jar") ? "target/deploy-policy.jar" : word);
        }
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            boolean portValue = i > 0 && args.get(i - 1).equals("--port");
            command.add(portValue ? String.valueOf(port) : word.equals(policyPath) ? mountedPolicy.toString()
                    : word.equals(tokenPath) ? secrets.resolve(tokenName).toString() : word);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        builder.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        server = builder.start();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                fail("serve exited " + server.exitValue() + " running " + command + ": " + output());
            }
            try {
                if (get(DeployManifestTest.LIVE).statusCode() == 200) {
                    return;
                }
            } catch (ConnectException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        fail("serve did not answer " + DeployManifestTest.LIVE + " within 90 s: " + output());
    }

    private String output() throws IOException {
        return "stdout: " + Files.readString(dir.resolve("out.txt")) + " stderr: " + Files.readString(dir.resolve("err.txt"));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> decide(String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/decisions"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofFile(Path.of("samples/friday-feature.json")));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String probePath(String probe) {
        return (String) at(container, probe, "httpGet", "path");
    }

    @Test
    void theManifestsProbesAnswer200WithoutTheToken() throws Exception {
        start(policyFiles(null));

        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            HttpResponse<String> response = get(probePath(probe));
            assertEquals(200, response.statusCode(), probe + " " + probePath(probe) + ": " + response.body());
        }
    }

    @Test
    void theImagesHealthcheckPasses() throws Exception {
        assumeTrue(onPath("curl"), "curl, which the image's HEALTHCHECK runs");
        start(policyFiles(null));
        String healthcheck = image.healthcheck().replace(":" + image.exposed() + "/", ":" + port + "/");

        Process check = new ProcessBuilder("sh", "-c", healthcheck).redirectErrorStream(true).start();
        assertTrue(check.waitFor(30, TimeUnit.SECONDS), healthcheck);
        assertEquals(0, check.exitValue(), () -> healthcheck + ": " + read(check));
    }

    @Test
    void decisionsNeedTheSecretsToken() throws Exception {
        start(policyFiles(null));

        assertEquals(401, decide(null).statusCode());
        assertEquals(401, decide("Bearer not-" + TOKEN).statusCode());
        HttpResponse<String> decided = decide("Bearer " + TOKEN);
        assertEquals(200, decided.statusCode(), decided.body());
        assertEquals("REJECTED", JSON.readTree(decided.body()).get("outcome").asText());
        String name = (String) new Yaml().<Map<String, Object>>load(policyFiles(null).get("policy.yaml"))
                .get("name");
        assertEquals(name, JSON.readTree(decided.body()).at("/policy/name").asText(), "the ConfigMap's policy decides");
    }

    @Test
    void aPolicyThatDoesNotBuildLeavesItLiveButUnreadyUntilTheKubeletSwapsInOneThatDoes() throws Exception {
        Map<String, String> good = policyFiles(null);
        start(policyFiles(good.get("policy.yaml") + "zone: Mars/Olympus\n"));

        assertEquals(200, get(probePath("livenessProbe")).statusCode());
        assertEquals(503, get(probePath("readinessProbe")).statusCode());

        DeployFiles.updateLikeTheKubelet(dir.resolve("policy"), good);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int ready;
        do {
            Thread.sleep(200);
            ready = get(probePath("readinessProbe")).statusCode();
        } while (ready != 200 && System.nanoTime() < deadline);
        assertEquals(200, ready, "ready once the ConfigMap's fixed policy reloads");
    }

    @Test
    void sigtermStopsItWithinTheGracePeriod() throws Exception {
        start(policyFiles(null));
        int grace = (Integer) podSpec(manifest).get("terminationGracePeriodSeconds");
        Object sleep = at(container, "lifecycle", "preStop", "exec", "command");
        int pause = sleep == null ? 0 : Integer.parseInt(strings(sleep).get(strings(sleep).size() - 1));

        server.destroy();

        assertTrue(server.waitFor(grace - pause, TimeUnit.SECONDS),
                "stopped within the grace period after the preStop pause, " + (grace - pause) + " s");
    }

    private static boolean onPath(String program) {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(entry.isEmpty() ? "." : entry, program))) {
                return true;
            }
        }
        return false;
    }

    private static String read(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
