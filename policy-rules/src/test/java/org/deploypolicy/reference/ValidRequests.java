package org.deploypolicy.reference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deploypolicy.Change;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.InvalidRequestException;
import org.deploypolicy.PolicyJson;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.Scenario;

/**
 * Valid requests for properties to mutate, read once and shared: the samples of {@code policy-examples/samples} as
 * their files hold them, complete releases built with {@link Reference}, and the requests of the reference
 * scenarios. Tests run in the {@code policy-rules} directory.
 */
final class ValidRequests {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A valid request to start from, named for failure reports: its JSON bytes, its tree and its record. */
    record Valid(String name, byte[] bytes, JsonNode json, PolicyRequest request) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The samples and the releases. */
    static final List<Valid> SAMPLES_AND_RELEASES = Stream.concat(samples(), releases()).toList();

    private ValidRequests() {
    }

    /** The samples, byte for byte as their files hold them. */
    private static Stream<Valid> samples() {
        try (Stream<Path> files = Files.list(Path.of("../policy-examples/samples"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream()
                    .map(f -> valid(f.getFileName().toString(), read(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Complete releases on a Tuesday, at a year's last second, and on a leap day. */
    private static Stream<Valid> releases() {
        return Stream.of("2026-11-24T10:30:00+03:00", "2026-12-31T23:59:59+03:00", "2028-02-29T12:00:00Z")
                .map(at -> valid("Reference.release(" + at + ")", PolicyJson.toJson(Reference.release(at))));
    }

    /**
     * The Tuesday release with a summary in several scripts, so that the JSON holds characters of two, three and
     * four bytes in UTF-8.
     */
    static Valid multilingualRelease() {
        DeploymentRequest release = Reference.release("2026-11-24T10:30:00+03:00");
        Change c = release.change();
        Change change = new Change(Optional.of("Refunds für Kunden – ተመላሽ ገንዘብ, 退款 🚀"), c.type(), c.severity(),
                c.major(), c.breaking(), c.paymentRelated(), c.databaseMigrations(), c.author(), c.headCommit(),
                c.branchedFrom(), c.labels());
        return valid("Reference.release with a multilingual summary",
                PolicyJson.toJson(Reference.withChange(release, change)));
    }

    /**
     * The requests of the reference scenarios at the scenario's time, leaving out those that are not valid (the
     * scenarios that expect {@code INVALID_REQUEST}) and those without a time (decided at the engine's clock).
     */
    static List<Valid> scenarios() {
        Path directory = Path.of("src/main/resources/deploy-policy/reference/scenarios");
        return Scenario.read(directory).stream().flatMap(scenario -> {
            PolicyRequest request;
            try {
                request = scenario.request();
            } catch (InvalidRequestException expected) {
                return Stream.empty();
            }
            String name = Path.of(scenario.file()).getFileName() + ": " + scenario.note();
            return request.at().isEmpty() ? Stream.empty() : Stream.of(valid(name, PolicyJson.toJson(request)));
        }).toList();
    }

    private static Valid valid(String name, String json) {
        try {
            return new Valid(name, json.getBytes(StandardCharsets.UTF_8), MAPPER.readTree(json),
                    PolicyJson.readRequest(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
