package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./deploy-policy}, the way the README runs it: its first run records the JVM's class archive in the user's
 * cache directory, and that run and the next print exactly what the jar prints, nothing of the JVM's own.
 */
class LauncherIT {
    @TempDir
    Path cache;

    /** What one run printed and returned. */
    record Run(int exit, String out, String err) {
    }

    private Run launch(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", "../deploy-policy"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("XDG_CACHE_HOME", cache.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the launcher did not finish");
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private List<Path> archives() throws IOException {
        try (Stream<Path> files = Files.walk(cache.resolve("deploy-policy/jvm"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void theFirstRunRecordsTheArchiveAndEveryRunPrintsOnlyTheDecision() throws IOException, InterruptedException {
        Run first = launch("evaluate", "samples/friday-feature.json", "--format", "json");
        List<Path> recorded = archives();
        Run second = launch("evaluate", "samples/friday-feature.json", "--format", "json");

        assertEquals(1, recorded.size(), recorded.toString());
        assertTrue(recorded.get(0).toString().matches(".*\\.(jsa|aot)"), recorded.toString());
        assertEquals(recorded, archives(), "the second run uses the archive the first recorded");
        for (Run run : List.of(first, second)) {
            assertEquals(1, run.exit(), run.err());
            assertEquals("", run.err());
            Schemas.assertValid(Schemas.DECISION, run.out());
        }
        assertEquals(first.out(), second.out());
    }
}
