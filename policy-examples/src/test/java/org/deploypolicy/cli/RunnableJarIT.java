package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The packaged jar run as its own process, the way CI scripts run it. */
class RunnableJarIT {

    @Test
    void theJarDecidesASampleAndExitsWithItsOutcome() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-jar", "target/deploy-policy.jar",
                "evaluate", "samples/friday-feature.json", "--format", "json").start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the jar did not finish");
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, process.exitValue(), err);
        assertEquals("", err);
        Schemas.assertValid(Schemas.DECISION, out);
        assertTrue(out.contains("\"rule\": \"window.friday\""), out);
    }
}
