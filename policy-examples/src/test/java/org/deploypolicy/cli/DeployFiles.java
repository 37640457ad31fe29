package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.Yaml;

/**
 * The files that run the service in production, read as Docker and Kubernetes read them: the {@code Dockerfile}, the
 * {@code .dockerignore}, {@code deploy/kubernetes.yaml} and the release workflow (paths from policy-examples, where
 * the tests run).
 */
final class DeployFiles {
    static final Path DOCKERFILE = Path.of("../Dockerfile");
    static final Path DOCKERIGNORE = Path.of("../.dockerignore");
    static final Path MANIFEST = Path.of("../deploy/kubernetes.yaml");
    static final Path RELEASE = Path.of("../.github/workflows/release.yml");
    static final String POLICY_CONFIG_MAP = "deploy-policy-policy";
    static final String TOKEN_SECRET = "deploy-policy-token";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger VERSIONS = new AtomicInteger();

    private DeployFiles() {
    }

    /** One instruction of a Dockerfile: its keyword in upper case and the rest of its (joined) lines. */
    record Instruction(String keyword, String arguments) {
    }

    /** A Dockerfile's instructions, in order. */
    record Dockerfile(List<Instruction> instructions) {
        /** The arguments of the last instruction with this keyword (the one Docker keeps), failing when none. */
        String last(String keyword) {
            String found = null;
            for (Instruction instruction : instructions) {
                if (instruction.keyword().equals(keyword)) {
                    found = instruction.arguments();
                }
            }
            assertNotNull(found, "the Dockerfile has no " + keyword);
            return found;
        }

        /** An instruction in exec form, a JSON array of strings (ENTRYPOINT, CMD). */
        List<String> exec(String keyword) {
            try {
                return JSON.readValue(last(keyword), new TypeReference<List<String>>() { });
            } catch (IOException e) {
                return fail("the Dockerfile's " + keyword + " is not in exec form (a JSON array): " + last(keyword));
            }
        }

        List<String> entrypoint() {
            return exec("ENTRYPOINT");
        }

        List<String> cmd() {
            return exec("CMD");
        }

        /** The one port EXPOSE names. */
        int exposed() {
            String[] ports = last("EXPOSE").trim().split("\\s+");
            assertEquals(1, ports.length, "the image exposes one port");
            return Integer.parseInt(ports[0].replaceFirst("/tcp$", ""));
        }

        /** USER's user id (the part before a colon). */
        String user() {
            return last("USER").trim().split(":")[0];
        }

        /** The value ENV gives a variable (the key=value form), or null. */
        String env(String name) {
            String value = null;
            for (Instruction instruction : instructions) {
                if (instruction.keyword().equals("ENV")) {
                    for (String pair : instruction.arguments().trim().split("\\s+")) {
                        if (pair.startsWith(name + "=")) {
                            value = pair.substring(name.length() + 1);
                        }
                    }
                }
            }
            return value;
        }

        /** The shell command of HEALTHCHECK (what follows its options and CMD). */
        String healthcheck() {
            String healthcheck = last("HEALTHCHECK");
            int cmd = healthcheck.indexOf(" CMD ");
            assertTrue(cmd >= 0, "HEALTHCHECK runs a command: " + healthcheck);
            return healthcheck.substring(cmd + " CMD ".length()).trim();
        }
    }

    /**
     * Reads the Dockerfile as Docker does: lines ending with a backslash continue on the next, comment lines (also
     * inside a continuation) and blank lines are dropped.
     */
    static Dockerfile dockerfile() throws IOException {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = null;
        for (String line : Files.readAllLines(DOCKERFILE)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            boolean continues = trimmed.endsWith("\\");
            String text = continues ? trimmed.substring(0, trimmed.length() - 1).strip() : trimmed;
            current = current == null ? new StringBuilder(text) : current.append(' ').append(text);
            if (!continues) {
                String whole = current.toString();
                int space = whole.indexOf(' ');
                instructions.add(new Instruction(whole.substring(0, space).toUpperCase(), whole.substring(space + 1).strip()));
                current = null;
            }
        }
        return new Dockerfile(instructions);
    }

    /** Every document of deploy/kubernetes.yaml. */
    static List<Map<String, Object>> manifest() throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(Files.readString(MANIFEST))) {
            if (document != null) {
                documents.add(map(document));
            }
        }
        return documents;
    }

    /** The manifest's object of this kind and name. */
    static Map<String, Object> resource(List<Map<String, Object>> manifest, String kind, String name) {
        return manifest.stream()
                .filter(document -> kind.equals(document.get("kind")) && name.equals(at(document, "metadata", "name")))
                .findFirst()
                .orElseGet(() -> fail("deploy/kubernetes.yaml has no " + kind + " named " + name));
    }

    /** The manifest's one object of this kind. */
    static Map<String, Object> only(List<Map<String, Object>> manifest, String kind) {
        List<Map<String, Object>> found = manifest.stream().filter(document -> kind.equals(document.get("kind"))).toList();
        assertEquals(1, found.size(), "deploy/kubernetes.yaml has one " + kind);
        return found.get(0);
    }

    /** The pod template's spec of the manifest's Deployment. */
    static Map<String, Object> podSpec(List<Map<String, Object>> manifest) {
        return map(at(only(manifest, "Deployment"), "spec", "template", "spec"));
    }

    /** The Deployment's one container. */
    static Map<String, Object> container(List<Map<String, Object>> manifest) {
        List<Map<String, Object>> containers = maps(podSpec(manifest).get("containers"));
        assertEquals(1, containers.size(), "the Deployment runs one container");
        return containers.get(0);
    }

    /** A value down a path of map keys, or null where the path ends early. */
    static Object at(Object node, String... keys) {
        Object value = node;
        for (String key : keys) {
            if (!(value instanceof Map<?, ?> map)) {
                return null;
            }
            value = map.get(key);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        assertTrue(node instanceof Map, () -> "a mapping, not " + node);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object node) {
        assertTrue(node instanceof List, () -> "a list, not " + node);
        return (List<Map<String, Object>>) node;
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Object node) {
        assertTrue(node instanceof List, () -> "a list, not " + node);
        return ((List<Object>) node).stream().map(String::valueOf).toList();
    }

    /** The value that follows an option in a command line ({@code --port 8080}), or null when it is not there. */
    static String option(List<String> args, String name) {
        int at = args.indexOf(name);
        return at < 0 || at + 1 >= args.size() ? null : args.get(at + 1);
    }

    /** The ConfigMap or Secret's files, key by key (a Secret's stringData). */
    static Map<String, String> files(Map<String, Object> configMapOrSecret) {
        Object data = configMapOrSecret.get("Secret".equals(configMapOrSecret.get("kind")) ? "stringData" : "data");
        Map<String, String> files = new TreeMap<>();
        map(data).forEach((key, value) -> files.put(key, String.valueOf(value)));
        return files;
    }

    /**
     * Writes files into a directory the way the kubelet mounts a ConfigMap or Secret: the files in a hidden dated
     * directory, a link {@code ..data} to it, and beside it one link per file through {@code ..data}.
     */
    static Path mountLikeTheKubelet(Path directory, Map<String, String> files) throws IOException {
        Files.createDirectories(directory);
        Path dated = writeVersion(directory, files);
        Files.createSymbolicLink(directory.resolve("..data"), dated.getFileName());
        for (String name : files.keySet()) {
            Files.createSymbolicLink(directory.resolve(name), Path.of("..data", name));
        }
        return directory;
    }

    /**
     * Changes the files as the kubelet updates a mounted ConfigMap: a new dated directory, then {@code ..data}
     * swapped to it in one rename, then the old directory removed (the same keys: their links stay).
     */
    static void updateLikeTheKubelet(Path directory, Map<String, String> files) throws IOException {
        Path old = directory.resolve("..data").toRealPath();
        Path dated = writeVersion(directory, files);
        Path link = directory.resolve("..data_tmp");
        Files.createSymbolicLink(link, dated.getFileName());
        Files.move(link, directory.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
        try (var stale = Files.list(old)) {
            for (Path file : stale.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(old);
    }

    private static Path writeVersion(Path directory, Map<String, String> files) throws IOException {
        Path dated = Files.createDirectory(directory.resolve(
                "..2026_08_01_12_00_00." + System.nanoTime() + "-" + VERSIONS.incrementAndGet()));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(dated.resolve(file.getKey()), file.getValue());
        }
        return dated;
    }
}
