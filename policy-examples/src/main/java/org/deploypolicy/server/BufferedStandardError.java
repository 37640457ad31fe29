package org.deploypolicy.server;

import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Standard error written in blocks while a service runs: SLF4J's simple backend writes and flushes each line (the
 * access log's line for every request, a system call each, under one lock), so lines gather in a buffer instead
 * and reach the stream they were bound for at least every {@code interval}, when the buffer fills, and when this
 * is closed, as a web server's buffered access log does. A flush asked for by a writer waits for the next of
 * those; nothing is dropped, and a line is never split by another thread's line.
 *
 * <p>What the process ends with (a shutdown hook, an exit) should close this first: it writes what is buffered and
 * puts the earlier standard error back.
 */
public final class BufferedStandardError implements AutoCloseable {
    /** How late a line may reach standard error. */
    public static final Duration INTERVAL = Duration.ofMillis(100);

    private static final int BUFFER = 64 * 1024;

    private final PrintStream earlier;
    private final Batched batched;
    private final ScheduledExecutorService flusher;

    private BufferedStandardError(Duration interval) {
        earlier = System.err;
        batched = new Batched(earlier);
        flusher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "deploy-policy-stderr");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(batched::flushNow, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        System.setErr(batched);
    }

    /** Buffers {@link System#err} from now on, flushed at least every {@link #INTERVAL}, until closed. */
    public static BufferedStandardError install() {
        return new BufferedStandardError(INTERVAL);
    }

    /** Writes what is buffered and puts the earlier standard error back. Closing twice is closing once. */
    @Override
    public void close() {
        flusher.shutdownNow();
        if (System.err == batched) {
            System.setErr(earlier);
        }
        batched.flushNow();
    }

    /** A print stream whose writers' flushes wait for the flusher. */
    private static final class Batched extends PrintStream {
        private final PrintStream target;

        Batched(PrintStream target) {
            super(new BufferedOutputStream(target, BUFFER), false, encoding());
            this.target = target;
        }

        /** The charset standard error encodes with, so bytes pass through unchanged. */
        private static Charset encoding() {
            String name = System.getProperty("stderr.encoding", System.getProperty("sun.stderr.encoding"));
            try {
                return name == null ? Charset.defaultCharset() : Charset.forName(name);
            } catch (IllegalArgumentException e) {
                return Charset.defaultCharset();
            }
        }

        @Override
        public void flush() {
            // left to the flusher: a write and flush per line is what this class exists to avoid
        }

        void flushNow() {
            synchronized (this) {
                super.flush();
            }
            target.flush();
        }
    }
}
