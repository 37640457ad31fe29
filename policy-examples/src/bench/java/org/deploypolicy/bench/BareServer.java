package org.deploypolicy.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

/**
 * The floor for the decision service: the JDK's {@link HttpServer}, configured as the service configures it (its
 * worker pool, TCP_NODELAY), answering {@code POST /v1/decisions} with fixed bytes (the service's answer to the same
 * request) after reading the body, and doing nothing else.
 */
final class BareServer implements AutoCloseable {
    private final HttpServer http;
    private final ThreadPoolExecutor workers;

    BareServer(byte[] answer, int workerCount) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        workers = new ThreadPoolExecutor(workerCount, workerCount, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256));
        http.setExecutor(workers);
        http.createContext("/v1/decisions", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        http.start();
    }

    URI address() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
        http.stop(0);
        workers.shutdownNow();
    }
}
