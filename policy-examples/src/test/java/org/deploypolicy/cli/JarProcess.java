package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged jar ({@code target/deploy-policy.jar}) started as a process of its own, as a CI script runs it. */
final class JarProcess {
    private final Process process;

    /** What a finished run printed and returned. */
    record Run(int exit, String out, String err) {
    }

    private JarProcess(Process process) {
        this.process = process;
    }

    /** Starts the jar with these arguments, its compiled-rules cache under {@code cache}; does not wait. */
    static JarProcess start(Path cache, String... args) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", "target/deploy-policy.jar"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("XDG_CACHE_HOME", cache.toString());
        return new JarProcess(builder.start());
    }

    /** Runs the jar to its end. */
    static Run run(Path cache, String... args) throws IOException, InterruptedException {
        return start(cache, args).finish();
    }

    /** Waits for the run to end (killing it after two minutes: a test then fails, it never hangs). */
    Run finish() throws IOException, InterruptedException {
        boolean ended = process.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        Run run = new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(ended, () -> "the jar did not finish: " + run);
        return run;
    }
}
