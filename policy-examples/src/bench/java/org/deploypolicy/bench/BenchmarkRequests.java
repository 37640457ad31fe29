package org.deploypolicy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.deploypolicy.PolicyJson;
import org.deploypolicy.PolicyRequest;

/**
 * The fixed mix every evaluation benchmark decides: a normal release, a Friday block, a P1 hotfix, a change
 * waiting for the CEO, and each rollback, read from the sample requests.
 */
final class BenchmarkRequests {
    static final List<String> MIX = List.of("normal-tuesday-release", "friday-feature", "p1-hotfix-saturday-night",
            "breaking-change-pending-ceo", "rollback-api-errors", "rollback-payment-failures",
            "rollback-security-incident", "rollback-customer-bug");

    private BenchmarkRequests() {
    }

    /** The samples folder: {@code -Dsamples=DIR}, else {@code policy-examples/samples} or {@code samples}. */
    static Path samples() {
        String given = System.getProperty("samples");
        if (given != null) {
            return Path.of(given);
        }
        Path fromRoot = Path.of("policy-examples", "samples");
        return Files.isDirectory(fromRoot) ? fromRoot : Path.of("samples");
    }

    static List<PolicyRequest> mix() {
        return MIX.stream().map(BenchmarkRequests::request).toList();
    }

    /** A sample request by name ({@code friday-feature}). */
    static PolicyRequest request(String name) {
        return PolicyJson.readRequest(json(name));
    }

    /** A sample request's JSON text. */
    static String json(String name) {
        try {
            return Files.readString(samples().resolve(name + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sample " + name, e);
        }
    }
}
