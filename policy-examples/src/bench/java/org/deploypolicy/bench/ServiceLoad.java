package org.deploypolicy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.deploypolicy.server.DecisionServer;

/**
 * A bounded load on the HTTP decision service over loopback: a few client threads send the benchmark mix for a
 * fixed time, then the requests per second and the latency percentiles are printed. Only 127.0.0.1 is used.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.deploypolicy.bench.ServiceLoad [SECONDS] [CLIENTS]}.
 */
public final class ServiceLoad {
    private ServiceLoad() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        List<String> bodies = new ArrayList<>();
        for (String name : BenchmarkRequests.MIX) {
            bodies.add(BenchmarkRequests.json(name));
        }
        try (DecisionServer server = DecisionServer.start(new DecisionServer.Options(null, "127.0.0.1", 0, 4, null))) {
            HttpClient client = HttpClient.newHttpClient();
            run(client, server, bodies, 5, clients);
            List<Long> latencies = run(client, server, bodies, seconds, clients);
            Collections.sort(latencies);
            System.out.printf(Locale.ROOT, "%nHTTP service (POST /v1/decisions, loopback, %d clients, %d s)%n", clients, seconds);
            System.out.printf(Locale.ROOT, "%-12s %10s %10s %10s %10s%n", "requests/s", "p50 ms", "p90 ms", "p99 ms", "max ms");
            System.out.printf(Locale.ROOT, "%-12.0f %10.2f %10.2f %10.2f %10.2f%n", latencies.size() / (double) seconds,
                    at(latencies, 0.50), at(latencies, 0.90), at(latencies, 0.99), latencies.get(latencies.size() - 1) / 1e6);
        }
    }

    private static List<Long> run(HttpClient client, DecisionServer server, List<String> bodies, int seconds,
                                  int clients) throws Exception {
        long stop = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int offset = c;
            results.add(pool.submit(() -> {
                List<Long> latencies = new ArrayList<>();
                for (int i = offset; System.nanoTime() < stop; i++) {
                    HttpRequest request = HttpRequest.newBuilder(server.address().resolve("v1/decisions"))
                            .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i % bodies.size()))).build();
                    long start = System.nanoTime();
                    HttpResponse<String> response;
                    try {
                        response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    latencies.add(System.nanoTime() - start);
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("status " + response.statusCode() + ": " + response.body());
                    }
                }
                return latencies;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> result : results) {
            all.addAll(result.get());
        }
        pool.shutdown();
        return all;
    }

    private static double at(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1)) / 1e6;
    }
}
