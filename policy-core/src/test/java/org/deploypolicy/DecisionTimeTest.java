package org.deploypolicy;

import static org.deploypolicy.Requests.deploymentTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The time a request is judged at: its own {@code at}, or the injected clock's time when it has none; and every
 * time in a decision is written with the policy zone's offset (core-test: Europe/Berlin, +01:00 in winter and
 * +02:00 in summer), so the same instant written with any offset gets an equal decision.
 */
class DecisionTimeTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Decision decide(OffsetDateTime at, String... labels) {
        return TestPolicies.core().evaluate(deploymentTo("prod", at, labels));
    }

    @Example
    void aRequestWithoutATimeIsJudgedAtTheClocksTime() {
        Decision decision = decide(null);

        assertEquals(OffsetDateTime.parse("2030-07-04T10:15:30+02:00"), decision.evaluatedAt());
        assertEquals(TestPolicies.NOW, decision.evaluatedAt().toInstant());
        assertEquals(Optional.of(OffsetDateTime.parse("2030-07-04T10:30:30+02:00")),
                decision.obligations().get(0).due(), "due 15 minutes after the clock's time");
    }

    @Example
    void theClockIsTheOneGivenToTheBuilder() {
        DeploymentPolicy winter = DeploymentPolicy.builder().classpath("core-test")
                .clock(Clock.fixed(Instant.parse("2031-01-15T12:00:00Z"), ZoneId.of("Asia/Tokyo"))).build();

        Decision decision = winter.evaluate(deploymentTo("prod", null));

        assertEquals(OffsetDateTime.parse("2031-01-15T13:00:00+01:00"), decision.evaluatedAt());
    }

    @Example
    void aRequestsOwnTimeIsUsedOverTheClock() {
        assertEquals(OffsetDateTime.parse("2030-07-04T10:30:00+02:00"),
                decide(OffsetDateTime.parse("2030-07-04T10:30:00+02:00")).evaluatedAt());
    }

    @Example
    void evaluatedAtHasTheZonesOffsetWhateverOffsetTheRequestUsed() {
        OffsetDateTime expected = OffsetDateTime.parse("2030-07-04T10:30:00+02:00");

        assertEquals(expected, decide(OffsetDateTime.parse("2030-07-04T14:00:00+05:30")).evaluatedAt());
        assertEquals(expected, decide(OffsetDateTime.parse("2030-07-03T22:30:00-10:00")).evaluatedAt());
        assertEquals(expected, decide(OffsetDateTime.parse("2030-07-04T08:30:00Z")).evaluatedAt());
    }

    @Example
    void theZonesOffsetIsTheOneInForceAtThatInstant() {
        assertEquals(OffsetDateTime.parse("2030-01-10T09:00:00+01:00"),
                decide(OffsetDateTime.parse("2030-01-10T08:00:00Z")).evaluatedAt());
        assertEquals(OffsetDateTime.parse("2030-03-31T01:59:59+01:00"),
                decide(OffsetDateTime.parse("2030-03-31T00:59:59Z")).evaluatedAt(), "just before summer time");
        assertEquals(OffsetDateTime.parse("2030-03-31T03:00:00+02:00"),
                decide(OffsetDateTime.parse("2030-03-31T01:00:00Z")).evaluatedAt(), "summer time from 01:00 UTC");
    }

    @Example
    void theJsonOfADecisionWritesItsTimesWithTheZonesOffset() {
        Decision decision = decide(OffsetDateTime.parse("2030-07-04T08:30:00Z"));

        JsonNode json = Requests.tree(PolicyJson.toJson(decision));

        assertEquals("2030-07-04T10:30:00+02:00", json.get("evaluatedAt").textValue());
        assertEquals("2030-07-04T10:45:00+02:00", json.get("obligations").get(0).get("due").textValue());
    }

    @Property(tries = 200)
    void theSameInstantWithAnyOffsetGetsAnEqualDecision(@ForAll("instants") Instant instant,
                                                         @ForAll("offsets") ZoneOffset offset) {
        Decision inUtc = decide(instant.atOffset(ZoneOffset.UTC), "advice.one");
        Decision withOffset = decide(instant.atOffset(offset), "advice.one");

        assertEquals(inUtc, withOffset);
        assertEquals(instant, withOffset.evaluatedAt().toInstant());
        assertEquals(BERLIN.getRules().getOffset(instant), withOffset.evaluatedAt().getOffset());
        assertEquals(BERLIN.getRules().getOffset(instant.plusSeconds(15 * 60)),
                withOffset.obligations().get(0).due().orElseThrow().getOffset());
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs()
                .between(Instant.parse("2000-01-01T00:00:00Z").getEpochSecond(),
                        Instant.parse("2100-01-01T00:00:00Z").getEpochSecond())
                .map(Instant::ofEpochSecond);
    }

    /** An offset the contract can write ({@code +hh:mm}): whole minutes, up to 18 hours either way. */
    @Provide
    Arbitrary<ZoneOffset> offsets() {
        return Arbitraries.integers().between(-18 * 60, 18 * 60).map(minutes -> ZoneOffset.ofTotalSeconds(minutes * 60));
    }

    @Example
    void anOffsetWithSecondsWhichTheContractCannotWriteIsAnErrorAtItsPath() {
        InvalidRequestException error = assertThrows(InvalidRequestException.class,
                () -> decide(OffsetDateTime.parse("2030-07-04T10:30:00+02:00:30")));

        assertEquals(List.of("$.at"), Requests.paths(error));
    }
}
