package org.deploypolicy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class BufferedStandardErrorTest {
    @Test
    void linesReachTheEarlierStreamWithoutAFlushAndAllOfThemOnClose() throws InterruptedException {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream earlier = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        System.setErr(earlier);
        try {
            BufferedStandardError buffered = BufferedStandardError.install();
            System.err.println("{\"status\":200}");
            System.err.flush();
            // a writer's flush is left to the flusher, which writes within its interval
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (bytes.size() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals("{\"status\":200}" + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
            for (int i = 0; i < 1000; i++) {
                System.err.println("line " + i);
            }
            buffered.close();
            String written = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(written.endsWith("line 999" + System.lineSeparator()), written.substring(written.length() - 40));
            assertSame(earlier, System.err);
            buffered.close();
        } finally {
            System.setErr(saved);
        }
    }
}
