package org.deploypolicy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deploypolicy.CheckStatus;
import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.Effect;
import org.deploypolicy.Incident;
import org.deploypolicy.IncidentType;
import org.deploypolicy.NextAllowed;
import org.deploypolicy.Outcome;
import org.deploypolicy.PolicyJson;
import org.deploypolicy.Requester;
import org.deploypolicy.RollbackRequest;
import org.deploypolicy.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The next allowed time (docs/contract.md "A decision", {@code nextAllowed}): present exactly when a window or freeze
 * rule blocks, written with the policy zone's offset; and what scenario files cannot say: that it is absent
 * ({@code null}) otherwise, including when something other than a window blocks. 2026-11-27 is a Friday.
 */
class NextAllowedTest {
    private static final ZoneOffset EAT = ZoneOffset.ofHours(3);
    private static final OffsetDateTime MONDAY = OffsetDateTime.parse("2026-11-30T00:00:00+03:00");
    private static final OffsetDateTime TUESDAY_09 = OffsetDateTime.parse("2026-12-01T09:00:00+03:00");
    private static final NextAllowed AFTER_THE_WEEKEND = new NextAllowed(MONDAY, Optional.of(TUESDAY_09));
    private static final DeploymentPolicy FREEZE_OVER_WEEKEND = Reference.testPolicy("freeze-over-weekend");
    private static final DeploymentPolicy OTHER_ZONE = Reference.testPolicy("other-zone");

    private static Decision decide(String at) {
        return Reference.POLICY.evaluate(Reference.release(at));
    }

    private static boolean windowBlocks(Decision decision) {
        return decision.findings().stream().anyMatch(f -> f.counts() && f.effect() == Effect.BLOCK
                && f.rule().startsWith("window."));
    }

    // --- when the windows block -----------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2026-11-27T00:00:00+03:00", "2026-11-27T10:00:00+03:00", "2026-11-27T23:59:59+03:00",
            "2026-11-28T10:00:00+03:00", "2026-11-29T23:59:00+03:00"})
    void aFridayOrWeekendReleaseWaitsForMondayAndPrefersTuesdayMorning(String at) {
        Decision decision = decide(at);

        assertEquals(Outcome.REJECTED, decision.outcome());
        assertEquals(Optional.of(AFTER_THE_WEEKEND), decision.nextAllowed());
    }

    @Test
    void theNextAllowedTimesAreWrittenWithThePolicyZonesOffsetWhateverOffsetTheRequestUsed() {
        NextAllowed next = decide("2026-11-27T21:30:00Z").nextAllowed().orElseThrow();

        assertEquals(MONDAY, next.at(), "Saturday 00:30 EAT waits for Monday 00:00 EAT");
        assertEquals(EAT, next.at().getOffset());
        assertEquals(EAT, next.preferredAt().orElseThrow().getOffset());
    }

    @Test
    void theNextAllowedTimeIsAfterTheRequestAndTheWindowsLetTheChangeThroughThen() {
        DeploymentRequest friday = Reference.release("2026-11-27T10:00:00+03:00");
        NextAllowed next = Reference.POLICY.evaluate(friday).nextAllowed().orElseThrow();

        Decision atNext = Reference.POLICY.evaluate(friday.withAt(next.at()));
        Decision atPreferred = Reference.POLICY.evaluate(friday.withAt(next.preferredAt().orElseThrow()));

        assertEquals(Outcome.APPROVED, atNext.outcome());
        assertEquals(List.of("window.preferred"), atNext.findings().stream().map(f -> f.rule()).toList());
        assertEquals(Optional.empty(), atNext.nextAllowed());
        assertEquals(Outcome.APPROVED, atPreferred.outcome());
        assertEquals(List.of(), atPreferred.findings(), "inside the preferred window no window rule speaks");
        assertTrue(windowBlocks(Reference.POLICY.evaluate(friday.withAt(next.at().minusMinutes(1)))));
    }

    @Test
    void aChangeThatStillNeedsOtherThingsGetsTheNextAllowedTimeOfItsWindows() {
        DeploymentRequest friday = Reference.withApprovals(Reference.release("2026-11-27T10:00:00+03:00"), List.of());

        Decision decision = Reference.POLICY.evaluate(friday);

        assertEquals(Optional.of(AFTER_THE_WEEKEND), decision.nextAllowed());
    }

    @Test
    void aReleaseOffThePromotionPathOnAFridayStillGetsTheTimeItsWindowsOpen() {
        DeploymentRequest fromDev = Reference.withSource(Reference.release("2026-11-27T10:00:00+03:00"), "dev");

        Decision decision = Reference.POLICY.evaluate(fromDev);

        assertTrue(decision.findings().stream().anyMatch(f -> f.rule().equals("promotion.path")));
        assertEquals(Optional.of(AFTER_THE_WEEKEND), decision.nextAllowed());
    }

    @Test
    void aRequestWithoutATimeIsJudgedAtThePolicysClockAndGetsItsNextAllowedTime() {
        DeploymentPolicy fridayClock = DeploymentPolicy.builder().classpath("reference")
                .clock(Clock.fixed(Instant.parse("2026-11-27T07:00:00Z"), ZoneOffset.UTC)).build();
        DeploymentRequest untimed = Reference.release("2026-11-24T10:30:00+03:00").withAt(null);

        Decision decision = fridayClock.evaluate(untimed);

        assertEquals(OffsetDateTime.parse("2026-11-27T10:00:00+03:00"), decision.evaluatedAt());
        assertEquals(Optional.of(AFTER_THE_WEEKEND), decision.nextAllowed());
    }

    @Test
    void explainGivesTheSameNextAllowedTimeAsEvaluate() {
        DeploymentRequest saturday = Reference.release("2026-11-28T10:00:00+03:00");

        assertEquals(Reference.POLICY.evaluate(saturday), Reference.POLICY.explain(saturday).decision());
    }

    // --- no next allowed time: nothing in the windows blocks -------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2026-11-26T23:59:00+03:00", "2026-11-26T23:59:59+03:00", "2026-11-24T10:30:00+03:00",
            "2026-11-30T00:00:00+03:00", "2026-11-25T15:00:00+03:00"})
    void aReleaseTheWindowsAllowHasNoNextAllowedTime(String at) {
        Decision decision = decide(at);

        assertEquals(Outcome.APPROVED, decision.outcome());
        assertEquals(Optional.empty(), decision.nextAllowed());
    }

    @Test
    void aReleaseBlockedOnlyByThePromotionPathHasNoNextAllowedTime() {
        DeploymentRequest fromDev = Reference.withSource(Reference.release("2026-11-24T10:30:00+03:00"), "dev");

        Decision decision = Reference.POLICY.evaluate(fromDev);

        assertEquals(Outcome.REJECTED, decision.outcome());
        assertEquals(List.of("promotion.path"), decision.findings().stream().map(f -> f.rule()).toList());
        assertEquals(Optional.empty(), decision.nextAllowed(), "waiting does not fix a wrong source branch");
    }

    @Test
    void aReleaseBlockedOnlyByAFailedCheckHasNoNextAllowedTime() {
        DeploymentRequest failed = Reference.withChecks(Reference.release("2026-11-24T10:30:00+03:00"),
                Map.of("api-tests", CheckStatus.FAILED, "disaster-recovery-test", CheckStatus.PASSED));

        Decision decision = Reference.POLICY.evaluate(failed);

        assertEquals(Outcome.REJECTED, decision.outcome());
        assertEquals(Optional.empty(), decision.nextAllowed());
    }

    @Test
    void aPendingReleaseOnAWorkingDayHasNoNextAllowedTime() {
        DeploymentRequest pending = Reference.withApprovals(Reference.release("2026-11-26T10:00:00+03:00"), List.of());

        Decision decision = Reference.POLICY.evaluate(pending);

        assertEquals(Outcome.PENDING, decision.outcome());
        assertEquals(Optional.empty(), decision.nextAllowed());
    }

    @Test
    void anEmergencyOnASaturdayHasNoNextAllowedTime() {
        DeploymentRequest p1 = Reference.deployment(OffsetDateTime.parse("2026-11-28T10:00:00+03:00"), "staging",
                "main", Severity.P1);

        Decision decision = Reference.POLICY.evaluate(p1);

        assertEquals(Outcome.APPROVED, decision.outcome());
        assertEquals(Optional.empty(), decision.nextAllowed());
    }

    @Test
    void aDeployToStagingOnASaturdayHasNoNextAllowedTime() {
        DeploymentRequest staging = Reference.deployment(OffsetDateTime.parse("2026-11-28T10:00:00+03:00"), "dev",
                "staging", null);

        assertEquals(Optional.empty(), Reference.POLICY.evaluate(staging).nextAllowed());
    }

    @Test
    void aRollbackHasNoNextAllowedTimeEvenOnASaturday() {
        RollbackRequest rollback = new RollbackRequest("RB-1",
                Optional.of(OffsetDateTime.parse("2026-11-28T10:00:00+03:00")), new Requester("kebede", List.of("ON_CALL")),
                new Incident(IncidentType.API_ERRORS, OptionalDouble.of(0.2), Optional.empty()), List.of(), List.of());

        assertEquals(Optional.empty(), Reference.POLICY.evaluate(rollback).nextAllowed());
    }

    // --- freezes and other zones -----------------------------------------------------------------------------------

    @Test
    void aFreezeOverAWeekendEndsOnMondayNoonAndTheAnswerIsInEatThoughTheFreezeIsWrittenInUtc() {
        DeploymentRequest thursday = Reference.release("2026-12-10T20:00:00+03:00");
        DeploymentRequest inUtcFreeze = Reference.release("2027-01-14T10:00:00+03:00");

        assertEquals(Optional.of(new NextAllowed(OffsetDateTime.parse("2026-12-14T12:00:00+03:00"),
                Optional.of(OffsetDateTime.parse("2026-12-15T09:00:00+03:00")))),
                FREEZE_OVER_WEEKEND.evaluate(thursday).nextAllowed());
        NextAllowed afterUtcFreeze = FREEZE_OVER_WEEKEND.evaluate(inUtcFreeze).nextAllowed().orElseThrow();
        assertEquals(OffsetDateTime.parse("2027-01-18T00:00:00+03:00"), afterUtcFreeze.at());
        assertEquals(EAT, afterUtcFreeze.at().getOffset());
    }

    @Test
    void aReleaseJustBeforeTheFreezeHasNoNextAllowedTime() {
        assertEquals(Optional.empty(),
                FREEZE_OVER_WEEKEND.evaluate(Reference.release("2026-12-10T17:59:00+03:00")).nextAllowed());
        assertEquals(Optional.empty(),
                FREEZE_OVER_WEEKEND.evaluate(Reference.release("2026-12-14T12:00:00+03:00")).nextAllowed());
    }

    @Test
    void inAnotherZoneTheNextAllowedTimeIsItsLocalMidnightWithItsOffset() {
        DeploymentRequest fridayInEat = Reference.release("2026-11-27T14:00:00+03:00");

        NextAllowed next = OTHER_ZONE.evaluate(fridayInEat).nextAllowed().orElseThrow();

        assertEquals(OffsetDateTime.parse("2026-11-30T00:00:00+01:00"), next.at());
        assertEquals(ZoneOffset.ofHours(1), next.at().getOffset());
        assertEquals(Optional.of(OffsetDateTime.parse("2026-11-30T10:00:00+01:00")), next.preferredAt());
    }

    @Test
    void acrossTheEndOfSummerTimeTheOffsetChangesToTheOneInForceThen() {
        NextAllowed next = OTHER_ZONE.evaluate(Reference.release("2026-10-23T12:00:00+02:00")).nextAllowed()
                .orElseThrow();

        assertEquals(OffsetDateTime.parse("2026-10-26T00:00:00+01:00"), next.at());
        assertEquals(ZoneOffset.ofHours(1), next.at().getOffset());
    }

    @Test
    void thursdayNightInBerlinIsAllowedThereThoughItIsFridayInAddisAbaba() {
        DeploymentRequest request = Reference.release("2026-11-27T00:30:00+03:00");

        assertEquals(Optional.empty(), OTHER_ZONE.evaluate(request).nextAllowed());
        assertTrue(Reference.POLICY.evaluate(request).nextAllowed().isPresent());
    }

    @Test
    void withoutPreferredDaysAFridayReleaseGetsItsNextAllowedTimeButNoPreferredOne(@TempDir Path directory)
            throws IOException {
        Files.writeString(directory.resolve("policy.yaml"), """
                extends: reference
                name: no-preferred-days
                windows:
                  preferred:
                    days: []
                """);
        DeploymentPolicy noPreferredDays = DeploymentPolicy.builder().directory(directory).build();

        Decision decision = noPreferredDays.evaluate(Reference.release("2026-11-27T10:00:00+03:00"));

        assertEquals(Outcome.REJECTED, decision.outcome());
        assertTrue(windowBlocks(decision));
        assertEquals(Optional.of(new NextAllowed(MONDAY, Optional.empty())), decision.nextAllowed(),
                "Monday 00:00 lets the change through, and no time is inside a window of no days");
        JsonNode next = new ObjectMapper().readTree(PolicyJson.toJson(decision)).get("nextAllowed");
        assertEquals("2026-11-30T00:00:00+03:00", next.get("at").asText());
        assertTrue(next.has("preferredAt") && next.get("preferredAt").isNull(), next.toString());
    }

    // --- JSON ----------------------------------------------------------------------------------------------------

    @Test
    void theJsonOfADecisionCarriesBothTimesWithTheZonesOffset() throws Exception {
        JsonNode json = new ObjectMapper().readTree(PolicyJson.toJson(decide("2026-11-27T21:30:00Z")));

        assertEquals("2026-11-30T00:00:00+03:00", json.get("nextAllowed").get("at").asText());
        assertEquals("2026-12-01T09:00:00+03:00", json.get("nextAllowed").get("preferredAt").asText());
    }

    @Test
    void theJsonOfADecisionWithoutANextAllowedTimeSaysNull() throws Exception {
        JsonNode json = new ObjectMapper().readTree(PolicyJson.toJson(decide("2026-11-26T23:59:00+03:00")));

        assertTrue(json.has("nextAllowed"));
        assertTrue(json.get("nextAllowed").isNull());
    }
}
