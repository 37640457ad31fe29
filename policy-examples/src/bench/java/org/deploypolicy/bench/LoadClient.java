package org.deploypolicy.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A small load client in the manner of wrk: a number of keep-alive HTTP/1.1 connections over loopback, each sending
 * the same request and reading each response whole before the next, for a fixed time. Plain sockets and no HTTP
 * library, so that the client costs little of the two cores it shares with the server, and the same for every
 * server it loads.
 */
final class LoadClient {
    /** What a run measured. */
    record Result(String name, double seconds, long[] latenciesNanos) {
        double perSecond() {
            return latenciesNanos.length / seconds;
        }

        double percentileMillis(double quantile) {
            return latenciesNanos[Math.min(latenciesNanos.length - 1,
                    (int) Math.ceil(quantile * latenciesNanos.length) - 1)] / 1e6;
        }

        String line() {
            return String.format(Locale.ROOT, "%-40s %12.0f %9.2f %9.2f %9.2f %9.2f", name, perSecond(),
                    percentileMillis(0.50), percentileMillis(0.90), percentileMillis(0.99),
                    latenciesNanos[latenciesNanos.length - 1] / 1e6);
        }

        static String header() {
            return String.format(Locale.ROOT, "%-40s %12s %9s %9s %9s %9s", "server, request", "requests/s", "p50 ms",
                    "p90 ms", "p99 ms", "max ms");
        }
    }

    private LoadClient() {
    }

    /**
     * Sends {@code POST /v1/decisions} with {@code body} over {@code connections} connections for {@code seconds}, after as
     * long a warm-up of {@code warmupSeconds}; every answer must be {@code 200}.
     */
    static Result run(String name, URI address, byte[] body, int connections, int warmupSeconds, int seconds)
            throws Exception {
        byte[] request = request(address, body);
        load(address, request, connections, warmupSeconds);
        long[] latencies = load(address, request, connections, seconds);
        Arrays.sort(latencies);
        return new Result(name, seconds, latencies);
    }

    private static byte[] request(URI address, byte[] body) {
        String head = "POST /v1/decisions HTTP/1.1\r\nHost: " + address.getHost() + ":" + address.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    private static long[] load(URI address, byte[] request, int connections, int seconds) throws Exception {
        long stop = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<long[]>> results = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            results.add(pool.submit(() -> connection(address, request, stop)));
        }
        List<long[]> all = new ArrayList<>();
        int total = 0;
        for (Future<long[]> result : results) {
            long[] one = result.get();
            all.add(one);
            total += one.length;
        }
        pool.shutdown();
        long[] latencies = new long[total];
        int at = 0;
        for (long[] one : all) {
            System.arraycopy(one, 0, latencies, at, one.length);
            at += one.length;
        }
        return latencies;
    }

    private static long[] connection(URI address, byte[] request, long stop) {
        long[] latencies = new long[1 << 16];
        int count = 0;
        try (Socket socket = new Socket(address.getHost(), address.getPort())) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            while (System.nanoTime() < stop) {
                long start = System.nanoTime();
                out.write(request);
                out.flush();
                readResponse(in);
                if (count == latencies.length) {
                    latencies = Arrays.copyOf(latencies, count * 2);
                }
                latencies[count++] = System.nanoTime() - start;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Arrays.copyOf(latencies, count);
    }

    /** Reads one response, its headers and its body (by Content-Length); fails unless its status is 200. */
    private static void readResponse(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int contentLength = -1;
        boolean first = true;
        while (true) {
            line.setLength(0);
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("the server closed the connection");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            if (line.length() == 0) {
                break;
            }
            String text = line.toString();
            if (first) {
                if (!text.startsWith("HTTP/1.1 200")) {
                    throw new IOException("not 200: " + text);
                }
                first = false;
            } else if (text.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                contentLength = Integer.parseInt(text.substring(15).trim());
            }
        }
        if (contentLength < 0) {
            throw new IOException("a response without Content-Length");
        }
        for (long skipped = 0; skipped < contentLength; ) {
            long n = in.skip(contentLength - skipped);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw new IOException("the body ended early");
                }
                n = 1;
            }
            skipped += n;
        }
    }
}
