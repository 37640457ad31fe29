package org.deploypolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recurring freezes in {@code policy.yaml} ({@code start}, {@code rrule}, {@code duration}): each mistake an error
 * at its key, all reported together; a freeze with no occurrence in the coming year a warning; and a request
 * inside an occurrence is frozen, named by the freeze.
 */
class RecurringFreezeSettingsTest {
    @TempDir
    Path dir;

    private DeploymentPolicy build(String freezes) {
        TestPolicies.write(dir.resolve("policy.yaml"), "extends: core-base\nwindows:\n  freezes:\n" + freezes);
        return DeploymentPolicy.builder().directory(dir).clock(java.time.Clock.fixed(TestPolicies.NOW,
                java.time.ZoneOffset.UTC)).build();
    }

    @Test
    void eachMistakeOfARecurringFreezeIsAnErrorAtItsKey() {
        InvalidPolicyException error = assertThrows(InvalidPolicyException.class, () -> build("""
                    - { name: a, reason: r, start: "2030-01-31T00:00+01:00", rrule: FREQ=MONTHLY, duration: P1D }
                    - { name: b, reason: r, start: 2030-01-31T00:00, rrule: FREQ=SOMETIMES, duration: P1D }
                    - { name: c, reason: r, start: 2030-01-31T00:00, rrule: FREQ=MONTHLY, duration: PT0S }
                    - { name: d, reason: r, start: 2030-01-31T00:00, rrule: FREQ=MONTHLY, duration: a day }
                    - { name: e, reason: r, start: 2030-01-31T00:00, rrule: FREQ=MONTHLY, duration: P1D,
                        from: 2030-01-01T00:00:00Z }
                """));

        List<String> problems = error.problems().stream().map(p -> p.message()).toList();
        assertEquals(5, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("windows.freezes[0].start: must be a local date and time without an "
                + "offset"), problems.get(0));
        assertTrue(problems.get(1).startsWith("windows.freezes[1].rrule: is not an RFC 5545 recurrence rule"),
                problems.get(1));
        assertEquals("windows.freezes[2].duration: must be more than nothing, like P1D or PT6H; was \"PT0S\"",
                problems.get(2));
        assertTrue(problems.get(3).startsWith("windows.freezes[3].duration: must be an ISO-8601 duration"), problems.get(3));
        assertEquals("windows.freezes[4].from: a recurring freeze (start, rrule, duration) has no from; a freeze is "
                + "either a period (from, to) or recurring", problems.get(4));
        assertTrue(error.problems().stream().allMatch(p -> p.line().isPresent()), Requests.describe(error));
    }

    @Test
    void aRecurringFreezeWithNoOccurrenceInTheComingYearIsAWarning() {
        DeploymentPolicy policy = build("""
                    - { name: old, reason: r, start: 2020-01-31T00:00, rrule: "FREQ=MONTHLY;COUNT=2", duration: P1D }
                    - { name: monthly, reason: r, start: 2030-01-31T00:00, rrule: FREQ=MONTHLY, duration: P1D }
                """);

        List<String> warnings = policy.warnings().stream().map(PolicyProblem::message)
                .filter(m -> m.startsWith("windows.freezes")).toList();
        assertEquals(List.of("windows.freezes: the recurring freeze \"old\" has no occurrence in the next year "
                + "(FREQ=MONTHLY;COUNT=2 from 2020-01-31T00:00); it cannot apply"), warnings);
    }
}
