package org.deploypolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A request survives JSON: read from the JSON {@link PolicyJson#toJson(PolicyRequest)} writes, it is the same
 * record, and written again it is the same JSON. Requests are generated with and without every optional field,
 * deployments and rollbacks, strings from all of Unicode's basic plane, and times with any offset.
 */
class RequestRoundTripTest {

    @Property(tries = 500)
    void jsonToRecordToJsonToRecordChangesNothing(@ForAll("requests") PolicyRequest generated) {
        String json = PolicyJson.toJson(generated);

        PolicyRequest read = PolicyJson.readRequest(json);
        String writtenAgain = PolicyJson.toJson(read);
        PolicyRequest readAgain = PolicyJson.readRequest(writtenAgain);

        assertEquals(generated, read);
        assertEquals(json, writtenAgain);
        assertEquals(read, readAgain);
    }

    @Property(tries = 300)
    void optionalFieldsWrittenAsNullReadAsAbsent(@ForAll("requests") PolicyRequest generated) {
        ObjectNode json = (ObjectNode) Requests.tree(PolicyJson.toJson(generated));
        nullForAbsent(json, "at");
        emptyToNull((ObjectNode) json.get("requester"), "roles");
        json.withArray("approvals").forEach(a -> {
            nullForAbsent((ObjectNode) a, "commit", "reference", "at");
            if (a.get("channel").asText().equals("PULL_REQUEST")) {
                ((ObjectNode) a).putNull("channel");
            }
        });
        json.withArray("waivers").forEach(w -> nullForAbsent((ObjectNode) w, "subject"));
        emptyToNull(json, "approvals", "waivers");
        if (generated instanceof DeploymentRequest) {
            ObjectNode change = (ObjectNode) json.get("change");
            nullForAbsent(change, "summary", "severity", "branchedFrom");
            emptyToNull(change, "labels");
            emptyToNull(json, "checks", "checklist");
            if (json.get("checklist") instanceof ObjectNode checklist) {
                nullForAbsent(checklist, "securityScanCompleted", "criticalVulnerabilities", "stagingVerified",
                        "migrationsReviewed", "rollbackPlanDocumented");
            }
            if (json.get("reviews").equals(Requests.tree("{\"approving\":0,\"codeOwnerApproved\":false}"))) {
                json.putNull("reviews");
            }
        } else {
            nullForAbsent((ObjectNode) json.get("incident"), "apiErrorRate", "summary");
        }

        assertEquals(generated, PolicyJson.readRequest(Requests.text(json)));
    }

    private static void nullForAbsent(ObjectNode object, String... keys) {
        for (String key : keys) {
            if (!object.has(key)) {
                object.putNull(key);
            }
        }
    }

    private static void emptyToNull(ObjectNode object, String... keys) {
        for (String key : keys) {
            JsonNode value = object.get(key);
            if (value != null && value.isContainerNode() && value.isEmpty()) {
                object.putNull(key);
            }
        }
    }

    @Provide
    Arbitrary<PolicyRequest> requests() {
        return Arbitraries.oneOf(deployments(), rollbacks());
    }

    private Arbitrary<PolicyRequest> deployments() {
        Arbitrary<Change> change = Combinators.combine(texts().optional(), Arbitraries.of(ChangeType.class),
                        Arbitraries.of(Severity.class).optional(), Arbitraries.integers().between(0, 15), names(), names(),
                        names().optional(), names().list().ofMaxSize(4))
                .as((summary, type, severity, flags, author, head, branchedFrom, labels) -> new Change(summary, type,
                        severity, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, (flags & 8) != 0, author, head,
                        branchedFrom, labels));
        Arbitrary<Checklist> checklist = Combinators.combine(Arbitraries.of(true, false).optional(),
                        Arbitraries.integers().between(0, 10_000).optional(), Arbitraries.of(true, false).optional(),
                        Arbitraries.of(true, false).optional(), Arbitraries.of(true, false).optional())
                .as((scan, vulnerabilities, staging, migrations, rollbackPlan) -> new Checklist(scan,
                        vulnerabilities.map(OptionalInt::of).orElseGet(OptionalInt::empty), staging, migrations,
                        rollbackPlan));
        Arbitrary<Reviews> reviews = Combinators.combine(Arbitraries.integers().between(0, 100),
                Arbitraries.of(true, false)).as(Reviews::new);
        Arbitrary<Map<String, CheckStatus>> checks = Arbitraries.maps(names(), Arbitraries.of(CheckStatus.class))
                .ofMaxSize(4);
        Arbitrary<Rest> rest = Combinators.combine(reviews.injectNull(0.3), checks, checklist.injectNull(0.3),
                waivers()).as(Rest::new);
        return Combinators.combine(names(), times().optional(), names(), names(), requesters(), change,
                        approvals(true), rest)
                .as((id, at, source, target, requester, c, approvals, r) -> new DeploymentRequest(id, at, source,
                        target, requester, c, approvals, r.reviews(), r.checks(), r.checklist(), r.waivers()));
    }

    /** The fields of a deployment past the eighth, which one combinator cannot take. */
    private record Rest(Reviews reviews, Map<String, CheckStatus> checks, Checklist checklist, List<Waiver> waivers) {
    }

    private Arbitrary<PolicyRequest> rollbacks() {
        Arbitrary<Incident> incident = Arbitraries.of(IncidentType.class).flatMap(type -> Combinators.combine(
                        type == IncidentType.API_ERRORS ? rates().map(OptionalDouble::of)
                                : rates().optional().map(r -> r.map(OptionalDouble::of).orElseGet(OptionalDouble::empty)),
                        texts().optional())
                .as((rate, summary) -> new Incident(type, rate, summary)));
        return Combinators.combine(names(), times().optional(), requesters(), incident, approvals(false), waivers())
                .as(RollbackRequest::new);
    }

    private Arbitrary<Requester> requesters() {
        return Combinators.combine(names(), roles().list().ofMaxSize(3)).as(Requester::new);
    }

    private Arbitrary<List<Approval>> approvals(boolean deployment) {
        Arbitrary<Optional<String>> commits = deployment ? names().map(Optional::of) : names().optional();
        return Combinators.combine(names(), roles(), Arbitraries.of(Verdict.class), commits,
                        Arbitraries.of(Channel.class).injectNull(0.2), texts().optional(), times().optional())
                .as(Approval::new)
                .list().ofMaxSize(3);
    }

    private Arbitrary<List<Waiver>> waivers() {
        return Combinators.combine(names(), names().optional(), names(), names()).as(Waiver::new).list().ofMaxSize(2);
    }

    /** Required strings: not blank, any characters of the basic plane, sometimes one beyond it. */
    private Arbitrary<String> names() {
        return texts().filter(s -> s.codePoints().anyMatch(Character::isLetterOrDigit));
    }

    /** Optional strings: may be empty or blank. */
    private Arbitrary<String> texts() {
        Arbitrary<String> plain = Arbitraries.strings().ascii().withCharRange('\u0080', '\ud7ff')
                .withCharRange('\ue000', '\ufffd').ofMaxLength(12);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, plain),
                net.jqwik.api.Tuple.of(1, plain.map(s -> s + "\uD83D\uDE80")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("\"", "\\", "\n", "\u0000", "</script>", "x".repeat(10_000))));
    }

    private Arbitrary<String> roles() {
        return Combinators.combine(Arbitraries.chars().range('A', 'Z'),
                        Arbitraries.strings().withCharRange('A', 'Z').withCharRange('0', '9').withChars('_').ofMaxLength(10))
                .as((first, rest) -> first + rest);
    }

    /** Fractions in 0..1 with every bit of precision a double has, and the edges. */
    private Arbitrary<Double> rates() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, 1L << 53).map(n -> n / (double) (1L << 53)),
                Arbitraries.of(0.0, 1.0, 0.05, 0.072, Double.MIN_VALUE, Math.nextDown(1.0)));
    }

    /** Times from 1970 to 2200 with nanoseconds or none, and offsets of whole quarter hours or any second. */
    private Arbitrary<OffsetDateTime> times() {
        Arbitrary<Long> seconds = Arbitraries.longs().between(0, Instant.parse("2200-01-01T00:00:00Z").getEpochSecond());
        Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999_999_999));
        Arbitrary<ZoneOffset> offsets = Arbitraries.oneOf(
                Arbitraries.just(ZoneOffset.UTC),
                Arbitraries.integers().between(-18 * 4, 18 * 4).map(q -> ZoneOffset.ofTotalSeconds(q * 900)),
                Arbitraries.integers().between(-18 * 60, 18 * 60).map(minutes -> ZoneOffset.ofTotalSeconds(minutes * 60)));
        return Combinators.combine(seconds, nanos, offsets)
                .as((s, n, offset) -> OffsetDateTime.ofInstant(Instant.ofEpochSecond(s, n), offset));
    }
}
