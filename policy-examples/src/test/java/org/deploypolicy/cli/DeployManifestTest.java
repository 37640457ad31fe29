package org.deploypolicy.cli;

import static org.deploypolicy.cli.DeployFiles.at;
import static org.deploypolicy.cli.DeployFiles.container;
import static org.deploypolicy.cli.DeployFiles.map;
import static org.deploypolicy.cli.DeployFiles.maps;
import static org.deploypolicy.cli.DeployFiles.option;
import static org.deploypolicy.cli.DeployFiles.podSpec;
import static org.deploypolicy.cli.DeployFiles.resource;
import static org.deploypolicy.cli.DeployFiles.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.deploypolicy.DeploymentPolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The image (Dockerfile) and deploy/kubernetes.yaml against each other and against what {@code serve} offers: one
 * port, the health endpoints as probes, arguments that are serve's own options, the policy and the token mounted
 * where those arguments look, a user that is not root, a grace period longer than the drain. DeployManifestIT runs
 * the image's command line with the packaged jar.
 */
class DeployManifestTest {
    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";

    private static DeployFiles.Dockerfile image;
    private static List<Map<String, Object>> manifest;
    private static Map<String, Object> container;

    @BeforeAll
    static void read() throws IOException {
        image = DeployFiles.dockerfile();
        manifest = DeployFiles.manifest();
        container = container(manifest);
    }

    /** The arguments the container runs serve with: the manifest's, else the image's CMD. */
    static List<String> containerArgs(Map<String, Object> container, DeployFiles.Dockerfile image) {
        return container.containsKey("args") ? strings(container.get("args")) : image.cmd();
    }

    /** A probe's or the Service's port: a number, or the name of one of the container's ports. */
    private static int port(Object port) {
        if (port instanceof Integer number) {
            return number;
        }
        return maps(container.get("ports")).stream()
                .filter(p -> String.valueOf(port).equals(p.get("name")))
                .map(p -> (Integer) p.get("containerPort"))
                .findFirst()
                .orElseGet(() -> fail("the container has no port named " + port));
    }

    /** Where a volume is mounted in the container. */
    private static Map<String, Object> mountOf(String volume) {
        return maps(container.get("volumeMounts")).stream()
                .filter(mount -> volume.equals(mount.get("name")))
                .findFirst()
                .orElseGet(() -> fail("the container does not mount the volume " + volume));
    }

    /** The pod's volume whose source (configMap, secret) names this object. */
    private static Map<String, Object> volumeFrom(String source, String nameKey, String name) {
        return maps(podSpec(manifest).get("volumes")).stream()
                .filter(volume -> name.equals(at(volume, source, nameKey)))
                .findFirst()
                .orElseGet(() -> fail("no volume of the pod comes from the " + source + " " + name));
    }

    /** Serve's command line parsed by picocli on the real command, as the jar parses it; fails on an option serve lacks. */
    static ParseResult parsedAsServe(List<String> args) {
        CommandLine commandLine = new CommandLine(new DeployPolicyCommand(InputStream.nullInputStream()));
        ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            return fail("deploy-policy does not take " + args + ": " + e.getMessage());
        }
        ParseResult serve = parsed.subcommand();
        assertNotNull(serve, "a command after the JVM's arguments: " + args);
        assertEquals("serve", serve.commandSpec().name(), args::toString);
        return serve;
    }

    @Test
    void theImageTheManifestAndTheCommandServeOnePort() {
        int exposed = image.exposed();
        List<String> args = containerArgs(container, image);

        assertEquals(String.valueOf(exposed), option(image.cmd(), "--port"), "the CMD's --port is the exposed one");
        assertEquals(String.valueOf(exposed), option(args, "--port"), "the container's --port is the exposed one");
        assertEquals("0.0.0.0", option(args, "--host"), "reachable from outside the container");
        List<Map<String, Object>> ports = maps(container.get("ports"));
        assertEquals(1, ports.size(), ports::toString);
        assertEquals(exposed, ports.get(0).get("containerPort"));
        assertEquals("http", ports.get(0).get("name"));

        Map<String, Object> service = DeployFiles.only(manifest, "Service");
        assertEquals("ClusterIP", at(service, "spec", "type"));
        assertEquals(at(only("Deployment"), "spec", "selector", "matchLabels"), at(service, "spec", "selector"),
                "the Service sends requests to the Deployment's pods");
        List<Map<String, Object>> servicePorts = maps(at(service, "spec", "ports"));
        assertEquals(1, servicePorts.size(), servicePorts::toString);
        assertEquals(80, servicePorts.get(0).get("port"));
        assertEquals(exposed, port(servicePorts.get(0).get("targetPort")));
    }

    @Test
    void theProbesAndTheHealthcheckAskTheHealthEndpointsOnThatPort() {
        int exposed = image.exposed();
        Map<String, String> paths = Map.of("startupProbe", LIVE, "livenessProbe", LIVE, "readinessProbe", READY);
        paths.forEach((probe, path) -> {
            Object get = at(container, probe, "httpGet");
            assertNotNull(get, probe + " is an HTTP GET");
            assertEquals(path, at(get, "path"), probe);
            assertEquals(exposed, port(at(get, "port")), probe);
            assertNull(at(get, "httpHeaders"), probe + ": the health endpoints need no token");
        });

        String healthcheck = image.healthcheck();
        Matcher url = Pattern.compile("http://(127\\.0\\.0\\.1|localhost):(\\d+)(/\\S*)").matcher(healthcheck);
        assertTrue(url.find(), healthcheck);
        assertEquals(exposed, Integer.parseInt(url.group(2)), healthcheck);
        assertEquals(LIVE, url.group(3), healthcheck);
        assertTrue(healthcheck.startsWith("curl ") && healthcheck.contains("--fail"),
                "curl --fail, so that a status other than 2xx is unhealthy: " + healthcheck);
    }

    @Test
    void theContainerRunsTheImageCommand() {
        List<String> entrypoint = image.entrypoint();
        assertEquals("java", entrypoint.get(0));
        assertEquals(List.of("-jar", "/app/deploy-policy.jar"), entrypoint.subList(entrypoint.size() - 2, entrypoint.size()));
        assertNull(container.get("command"), "the manifest keeps the image's ENTRYPOINT");
        assertEquals(image.cmd(), containerArgs(container, image), "the manifest's args are the image's CMD");
        assertEquals("serve", image.cmd().get(0));
        assertTrue(image.cmd().contains("--start-unready"),
                "a policy that does not build leaves the pod unready, not restarting: " + image.cmd());
        assertTrue(String.valueOf(container.get("image")).startsWith("ghcr.io/"), "the release workflow's registry");
    }

    /** Waits for serve's --token-file and --start-unready (another branch): until then picocli rejects them. */
    @Test
    void theCommandIsOneServeOffers() {
        for (List<String> args : List.of(image.cmd(), containerArgs(container, image))) {
            ParseResult serve = parsedAsServe(args);
            assertEquals(image.exposed(), serve.<Integer>matchedOptionValue("--port", -1), args::toString);
            assertEquals(Path.of(option(args, "--policy")), serve.matchedOptionValue("--policy", null), args::toString);
            assertEquals("0.0.0.0", serve.matchedOptionValue("--host", null), args::toString);
            assertTrue(serve.hasMatchedOption("--token-file"), "callers need the token: " + args);
            assertFalse(serve.hasMatchedOption("--insecure-no-auth"), args::toString);
            assertFalse(serve.hasMatchedOption("--log"), "no decision log file in a read-only container: " + args);
        }
    }

    @Test
    void thePolicyAndTheTokenAreMountedWhereTheCommandReadsThem() {
        List<String> args = containerArgs(container, image);

        Map<String, Object> configMap = resource(manifest, "ConfigMap", DeployFiles.POLICY_CONFIG_MAP);
        assertTrue(DeployFiles.files(configMap).containsKey("policy.yaml"), "the ConfigMap holds policy.yaml");
        Map<String, Object> policy = mountOf((String) volumeFrom("configMap", "name", DeployFiles.POLICY_CONFIG_MAP).get("name"));
        assertEquals(option(args, "--policy"), policy.get("mountPath"));
        assertEquals(Boolean.TRUE, policy.get("readOnly"));
        assertNull(policy.get("subPath"), "a whole-directory mount, which the kubelet updates (a subPath never changes)");

        Map<String, Object> secret = resource(manifest, "Secret", DeployFiles.TOKEN_SECRET);
        Map<String, Object> volume = volumeFrom("secret", "secretName", DeployFiles.TOKEN_SECRET);
        String key = DeployFiles.TOKEN_SECRET;
        assertTrue(DeployFiles.files(secret).containsKey(key), "the Secret holds " + key);
        String file = at(volume, "secret", "items") == null ? key : maps(at(volume, "secret", "items")).stream()
                .filter(item -> key.equals(item.get("key"))).map(item -> (String) item.get("path")).findFirst()
                .orElseGet(() -> fail("the token volume leaves out the key " + key));
        Map<String, Object> token = mountOf((String) volume.get("name"));
        assertEquals(option(args, "--token-file"), token.get("mountPath") + "/" + file);
        assertEquals(Boolean.TRUE, token.get("readOnly"));
        assertEquals(option(image.cmd(), "--token-file"), option(args, "--token-file"));
        assertEquals(option(image.cmd(), "--policy"), option(args, "--policy"));

        // The service account's token goes to /var/run/secrets/..., which is /run/secrets in the image: it would be
        // mounted inside the read-only token volume, and the container would not start.
        assertEquals(Boolean.FALSE, podSpec(manifest).get("automountServiceAccountToken"));
    }

    @Test
    void theContainerRunsAsTheImageUserNeverRootOnAReadOnlyFileSystem() {
        String user = image.user();
        assertTrue(user.matches("\\d+") && !user.equals("0"), "USER by number, not root: " + user);
        Map<String, Object> pod = map(podSpec(manifest).get("securityContext"));
        assertEquals(Boolean.TRUE, pod.get("runAsNonRoot"));
        assertEquals(Integer.parseInt(user), pod.get("runAsUser"));

        Map<String, Object> own = map(container.get("securityContext"));
        assertEquals(Boolean.TRUE, own.get("readOnlyRootFilesystem"));
        assertEquals(Boolean.FALSE, own.get("allowPrivilegeEscalation"));
        assertEquals(List.of("ALL"), at(own, "capabilities", "drop"));

        // What must be writable is under /tmp, an emptyDir.
        assertTrue(String.valueOf(image.env("XDG_CACHE_HOME")).startsWith("/tmp/"), "the cache under /tmp");
        Map<String, Object> tmp = maps(container.get("volumeMounts")).stream()
                .filter(mount -> "/tmp".equals(mount.get("mountPath"))).findFirst()
                .orElseGet(() -> fail("nothing is mounted at /tmp"));
        assertTrue(maps(podSpec(manifest).get("volumes")).stream()
                .anyMatch(v -> tmp.get("name").equals(v.get("name")) && v.containsKey("emptyDir")), "/tmp is an emptyDir");

        Map<String, Object> resources = map(container.get("resources"));
        assertNotNull(at(resources, "requests", "memory"));
        assertNotNull(at(resources, "limits", "memory"), "a memory limit, which the JVM sizes its heap from");
    }

    /** Waits for serve's --drain (another branch): its default is read from the real command. */
    @Test
    void theGracePeriodOutlastsThePreStopPauseAndTheDrain() {
        List<String> args = containerArgs(container, image);
        ParseResult serve = parsedAsServe(args);
        OptionSpec drainOption = serve.commandSpec().findOption("--drain");
        assertNotNull(drainOption, "serve has a --drain option");
        Object initial = drainOption.defaultValue() != null ? drainOption.defaultValue() : drainOption.initialValue();
        String drain = serve.hasMatchedOption("--drain") ? option(args, "--drain") : initial == null ? null : initial.toString();
        assertNotNull(drain, "serve's --drain has a default");

        Object sleep = at(container, "lifecycle", "preStop", "exec", "command");
        int pause = sleep == null ? 0 : Integer.parseInt(strings(sleep).get(strings(sleep).size() - 1));
        int grace = (Integer) podSpec(manifest).get("terminationGracePeriodSeconds");
        assertTrue(grace > pause + Integer.parseInt(drain),
                "terminationGracePeriodSeconds " + grace + " > preStop " + pause + " s + drain " + drain + " s");
    }

    @Test
    void theConfigMapsPolicyBuildsMountedAsTheKubeletMountsIt(@TempDir Path dir) throws IOException {
        Map<String, String> files = DeployFiles.files(resource(manifest, "ConfigMap", DeployFiles.POLICY_CONFIG_MAP));
        Path policy = DeployFiles.mountLikeTheKubelet(dir.resolve("policy"), files);

        DeploymentPolicy built = DeploymentPolicy.builder().directory(policy).build();

        Map<String, Object> settings = map(new Yaml().load(files.get("policy.yaml")));
        assertEquals(settings.get("name"), built.id().name());
        assertEquals("reference", settings.get("extends"));
    }

    @Test
    void theReleaseWorkflowBuildsTheJarTheImageHoldsAndPushesItToGhcr() throws IOException {
        String copy = image.last("COPY");
        assertEquals("policy-examples/target/deploy-policy.jar /app/deploy-policy.jar", copy,
                "the image holds the jar mvn package builds, where ENTRYPOINT runs it");
        List<String> ignore = Files.readAllLines(DeployFiles.DOCKERIGNORE).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        assertEquals(List.of("*", "!policy-examples/target/deploy-policy.jar"), ignore,
                "the build context is the jar alone");

        Map<String, Object> workflow = map(new Yaml().load(Files.readString(DeployFiles.RELEASE)));
        // YAML 1.1 reads the key on as true.
        Object on = workflow.containsKey("on") ? workflow.get("on") : workflow.get(Boolean.TRUE);
        // release tags only: the major tag (v1) that maintainers move must not build and push again
        assertEquals(List.of("v[0-9]+.[0-9]+.[0-9]+*"), at(on, "push", "tags"));
        assertEquals("write", at(workflow, "permissions", "packages"));
        List<Map<String, Object>> steps = maps(at(map(at(workflow, "jobs")).values().iterator().next(), "steps"));
        int maven = indexOf(steps, step -> String.valueOf(step.get("run")).startsWith("mvn -B verify"));
        int push = indexOf(steps, step -> String.valueOf(step.get("uses")).startsWith("docker/build-push-action@")
                && Boolean.TRUE.equals(at(step, "with", "push")));
        int build = indexOf(steps, step -> String.valueOf(step.get("uses")).startsWith("docker/build-push-action@"));
        assertTrue(maven >= 0 && build > maven, "the jar is built and tested before the image");
        assertTrue(push >= build, "a build that pushes");
        int meta = indexOf(steps, step -> String.valueOf(step.get("uses")).startsWith("docker/metadata-action@"));
        assertEquals("ghcr.io/${{ github.repository }}", at(steps.get(meta), "with", "images"));
        assertEquals("${{ steps.meta.outputs.tags }}", at(steps.get(push), "with", "tags"));
    }

    /** The assets the Action downloads (action.yml) are the tested jar and its SHA-256, on the tag's release. */
    @Test
    void theReleaseWorkflowAttachesTheTestedJarAndItsSha256ToTheRelease() throws IOException {
        Map<String, Object> workflow = map(new Yaml().load(Files.readString(DeployFiles.RELEASE)));
        List<Map<String, Object>> imageSteps = maps(at(workflow, "jobs", "image", "steps"));
        int maven = indexOf(imageSteps, step -> String.valueOf(step.get("run")).startsWith("mvn -B verify"));
        int kept = indexOf(imageSteps, step -> String.valueOf(step.get("uses")).startsWith("actions/upload-artifact@"));
        assertTrue(maven >= 0 && kept > maven, "the jar is kept once it is tested");
        assertEquals("policy-examples/target/deploy-policy.jar", at(imageSteps.get(kept), "with", "path"));

        Map<String, Object> jar = map(at(workflow, "jobs", "jar"));
        assertEquals("image", jar.get("needs"), "released once the image passed");
        assertEquals("write", at(jar, "permissions", "contents"));
        List<Map<String, Object>> steps = maps(jar.get("steps"));
        int taken = indexOf(steps, step -> String.valueOf(step.get("uses")).startsWith("actions/download-artifact@"));
        assertTrue(taken >= 0, "the jar job takes the tested jar");
        assertEquals(at(imageSteps.get(kept), "with", "name"), at(steps.get(taken), "with", "name"));
        String release = String.valueOf(steps.get(indexOf(steps, step -> String.valueOf(step.get("run"))
                .contains("gh release"))).get("run"));
        assertTrue(release.contains("sha256sum deploy-policy.jar > deploy-policy.jar.sha256"), release);
        assertTrue(release.contains("gh release create \"$TAG\" deploy-policy.jar deploy-policy.jar.sha256"), release);
        assertTrue(release.contains("gh release upload \"$TAG\" deploy-policy.jar deploy-policy.jar.sha256"), release);

        String action = Files.readString(Path.of("../action.yml"));
        assertTrue(action.contains("--pattern deploy-policy.jar --pattern deploy-policy.jar.sha256"),
                "the Action downloads what the release attaches");
    }

    private static Map<String, Object> only(String kind) {
        return DeployFiles.only(manifest, kind);
    }

    private static int indexOf(List<Map<String, Object>> steps, Predicate<Map<String, Object>> test) {
        for (int i = 0; i < steps.size(); i++) {
            if (test.test(steps.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
