package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy-policy calendar} as users run it: {@code ./deploy-policy} for the feed a calendar app subscribes
 * to (exactly its bytes on standard output, nothing of the JVM's), the packaged jar for the exit codes a script
 * sees.
 */
class CalendarCommandIT {
    @TempDir
    Path dir;

    /** Runs {@code sh ../deploy-policy} with its archive and compiled rules under {@code dir}; stdout as bytes. */
    private record Launched(int exit, byte[] out, String err) {
    }

    private Launched launch(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", "../deploy-policy"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        boolean ended = process.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        assertTrue(ended, "the launcher did not finish");
        return new Launched(process.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream in) {
        try (in; ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            in.transferTo(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theLauncherPrintsTheFeedAndOnlyTheFeed() throws Exception {
        Launched ics = launch("calendar", "--from", "2026-12-07", "--days", "7", "--format", "ics");

        assertEquals(0, ics.exit(), ics.err());
        assertEquals("", ics.err());
        String feed = new String(ics.out(), StandardCharsets.UTF_8);
        CalendarFeed.assertLines(feed);
        assertEquals(4, CalendarFeed.events(feed).size(), feed);
        assertEquals(CommandLineTest.run(CalendarCommandTest.week("--format", "ics")).out(), feed,
                "the process prints what the command prints in-process");
    }

    @Test
    void theJarExitsSixtyFourForABadOptionAndThreeForAPolicyThatDoesNotBuild() throws Exception {
        JarProcess.Run usage = JarProcess.run(dir.resolve("cache"), "calendar", "--days", "367");
        assertEquals(64, usage.exit(), usage::toString);
        assertEquals("", usage.out());
        assertTrue(usage.err().contains("'--days'"), usage.err());

        Path policy = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(policy.resolve("policy.yaml"), "extends: reference\nzone: Mars/Olympus\n");
        JarProcess.Run broken = JarProcess.run(dir.resolve("cache"), "calendar", "--policy", policy.toString());
        assertEquals(3, broken.exit(), broken::toString);
        assertEquals("", broken.out());
        assertTrue(broken.err().startsWith("policy.yaml:2:"), broken.err());
    }
}
