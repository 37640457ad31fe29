package org.deploypolicy.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deploypolicy.server.BufferedStandardError;
import org.deploypolicy.server.DecisionServer;

/**
 * The HTTP decision service beside its floor, a bare JDK {@code HttpServer} returning the same decision's bytes
 * ({@link BareServer}), both loaded by the same client ({@link LoadClient}: keep-alive connections over loopback)
 * in one run, on the normal Tuesday release and on the Friday feature. The service runs as shipped: its access log
 * on (written to {@code policy-examples/target/bench-access.log} here rather than the terminal), metrics on, no
 * decision log, no tokens.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.deploypolicy.bench.ServiceLoad [SECONDS] [CONNECTIONS] [ROUNDS]
 * [WARMUP]} (default 8 s, 16 connections, 2 rounds, each run after a warm-up of 20 s: the service's JIT compiles
 * the rules' code for several seconds, and a shorter warm-up measures the compiler).
 */
public final class ServiceLoad {
    private static final List<String> REQUESTS = List.of(
            System.getProperty("bench.requests", "normal-tuesday-release,friday-feature").split(","));

    /** The worker threads of each server: serve's default. */
    private static final int WORKERS = Integer.getInteger("bench.workers", 4);

    private ServiceLoad() {
    }

    public static void main(String[] args) throws Exception {
        Path accessLog = Path.of("policy-examples/target/bench-access.log");
        Files.createDirectories(accessLog.getParent());
        // before any logger starts: the access log goes to a file, as a service's goes to its log pipeline, and is
        // buffered as serve buffers its standard error
        PrintStream terminal = System.err;
        System.setErr(new PrintStream(new FileOutputStream(accessLog.toFile()), true, StandardCharsets.UTF_8));
        boolean buffered = !Boolean.getBoolean("bench.unbuffered");
        BufferedStandardError stderr = buffered ? BufferedStandardError.install() : null;
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        List<LoadClient.Result> results = new ArrayList<>();
        try (DecisionServer server = DecisionServer.start(new DecisionServer.Options(null, "127.0.0.1", 0, WORKERS, null))) {
            HttpClient client = HttpClient.newHttpClient();
            for (String name : REQUESTS) {
                byte[] body = BenchmarkRequests.json(name).getBytes(StandardCharsets.UTF_8);
                HttpResponse<byte[]> answer = client.send(HttpRequest.newBuilder(server.address().resolve("v1/decisions"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
                try (BareServer bare = new BareServer(answer.body(), WORKERS)) {
                    for (int round = 1; round <= rounds; round++) {
                        results.add(LoadClient.run("service, " + name, server.address(), body, connections,
                                warmup, seconds));
                        results.add(LoadClient.run("bare JDK server, " + name, bare.address(), body, connections,
                                warmup, seconds));
                    }
                }
            }
        }
        if (stderr != null) {
            stderr.close();
        }
        System.setErr(terminal);
        System.out.printf("%nPOST /v1/decisions over loopback, %d keep-alive connections, %d s per run after a %d s "
                + "warm-up, %d rounds%n", connections, seconds, warmup, rounds);
        System.out.println(LoadClient.Result.header());
        results.forEach(result -> System.out.println(result.line()));
        for (String name : REQUESTS) {
            double service = results.stream().filter(r -> r.name().equals("service, " + name))
                    .mapToDouble(LoadClient.Result::perSecond).average().orElseThrow();
            double bare = results.stream().filter(r -> r.name().equals("bare JDK server, " + name))
                    .mapToDouble(LoadClient.Result::perSecond).average().orElseThrow();
            System.out.printf("%s: the service answers %.0f %% of the bare server's requests per second%n", name,
                    100 * service / bare);
        }
    }
}
