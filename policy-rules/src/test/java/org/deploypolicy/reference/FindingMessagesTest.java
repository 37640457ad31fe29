package org.deploypolicy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.deploypolicy.Decision;
import org.deploypolicy.Effect;
import org.deploypolicy.Finding;
import org.deploypolicy.Outcome;
import org.deploypolicy.Severity;
import org.junit.jupiter.api.Test;

/** Messages a person can act on: the local time, what would pass, what this change is. Scenarios do not compare them. */
class FindingMessagesTest {

    private static List<String> messages(Decision decision) {
        return decision.findings().stream().map(Finding::message).toList();
    }

    @Test
    void aFridayBlockNamesTheLocalTimeAndWhatWouldPass() {
        Decision decision = Reference.POLICY.evaluate(Reference.release("2026-11-27T07:00:00Z"));
        assertEquals(Outcome.REJECTED, decision.outcome());
        assertEquals(new Finding("window.friday", Effect.BLOCK, Optional.empty(),
                "Friday 10:00 EAT: only critical changes (P1, P2) may deploy on Fridays; this change has no severity.",
                Optional.empty()), decision.findings().get(0));
        assertEquals("Friday 10:00 EAT is outside the preferred window (Tue-Wed 09:00-15:00 EAT).",
                decision.findings().get(1).message());
        assertEquals(OffsetDateTime.parse("2026-11-27T10:00:00+03:00"), decision.evaluatedAt());
    }

    @Test
    void aWeekendBlockSaysWhichSeverityWouldPass() {
        Decision decision = Reference.POLICY.evaluate(Reference.deployment(
                OffsetDateTime.parse("2026-11-28T10:00:00+03:00"), "staging", "main", Severity.P2));
        assertEquals("Saturday 10:00 EAT: only emergencies (P1) may deploy on Saturdays; this change is P2.",
                messages(decision).get(0));
    }

    @Test
    void aSkippedStageSaysWhereToGoFirst() {
        Decision decision = Reference.POLICY.evaluate(Reference.deployment(
                OffsetDateTime.parse("2026-11-24T10:00:00+03:00"), "dev", "main", null));
        assertEquals("main takes changes only from staging or a hotfix branch (hotfix/*); this change comes from dev."
                + " Promote it through staging first (dev -> staging -> main).", messages(decision).get(0));
    }

    @Test
    void aHotfixWithoutAnEmergencyIsSentTheNormalWay() {
        Decision decision = Reference.POLICY.evaluate(Reference.deployment(
                OffsetDateTime.parse("2026-11-24T10:00:00+03:00"), "hotfix/login", "main", Severity.P3));
        assertEquals("Only an emergency (P1) may deploy from a hotfix branch; this change is P3."
                + " Follow the normal path through staging.", messages(decision).get(0));
    }
}
