package org.deploypolicy.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * What the decision service counts, in a registry of its own (so that two services in one JVM count apart), written
 * at {@code GET /metrics} in Prometheus' text format: decisions by outcome and policy version, how long a decision
 * takes, requests by endpoint and status, requests in flight, invalid requests, evaluation failures, reloads,
 * decision-log writes, whether a policy serves, and the JVM's own metrics.
 */
final class ServerMetrics {
    /** Decision latency buckets, in seconds: from 10 µs to 1 s. */
    private static final double[] SECONDS = {0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
            0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    final Counter decisions = Counter.builder().name("deploy_policy_decisions")
            .help("Decisions made, by outcome and by the version of the policy that made them")
            .labelNames("outcome", "policy_version").register(registry);
    final Histogram decisionSeconds = Histogram.builder().name("deploy_policy_decision_seconds")
            .help("How long deciding a request takes (reading it, the rules, the decision log), in seconds")
            .classicOnly().classicUpperBounds(SECONDS).register(registry);
    final Counter requests = Counter.builder().name("deploy_policy_http_requests")
            .help("HTTP requests answered, by endpoint and status").labelNames("endpoint", "status")
            .register(registry);
    final Gauge inFlight = Gauge.builder().name("deploy_policy_http_requests_in_flight")
            .help("HTTP requests being answered now").register(registry);
    final Counter invalidRequests = Counter.builder().name("deploy_policy_invalid_requests")
            .help("Requests refused as INVALID_REQUEST (the body breaks the contract or is over 1 MiB)")
            .register(registry);
    final Counter evaluationFailures = Counter.builder().name("deploy_policy_evaluation_failures")
            .help("Evaluations that failed inside the policy (EVALUATION_FAILED)").register(registry);
    private final Counter reloads = Counter.builder().name("deploy_policy_reloads")
            .help("Policy reloads, by result (succeeded, failed: the last good policy kept serving)")
            .labelNames("result").register(registry);
    final CounterDataPoint reloadsSucceeded = reloads.labelValues("succeeded");
    final CounterDataPoint reloadsFailed = reloads.labelValues("failed");
    private final Counter logWrites = Counter.builder().name("deploy_policy_decision_log_writes")
            .help("Decisions written to the decision log, by result (written, failed: the decision was not sent)")
            .labelNames("result").register(registry);
    /** Each result from 0, so that the first failure is an increase a rate or an alert sees; kept, not looked up. */
    final CounterDataPoint logWritten = logWrites.labelValues("written");
    final CounterDataPoint logFailed = logWrites.labelValues("failed");
    final Gauge serving = Gauge.builder().name("deploy_policy_serving")
            .help("1 while a policy serves, 0 before one has built").register(registry);
    final Gauge lastReloadSucceeded = Gauge.builder().name("deploy_policy_last_reload_succeeded")
            .help("1 when the last reload built the policy (or none was tried), 0 when it failed").register(registry);

    ServerMetrics() {
        JvmMetrics.builder().register(registry);
        lastReloadSucceeded.set(1);
    }

    /** Every metric in Prometheus' text format (version 0.0.4). */
    String text() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new PrometheusTextFormatWriter(false).write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The content type of {@link #text()}. */
    static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }
}
