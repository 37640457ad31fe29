package org.deploypolicy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.Effect;
import org.deploypolicy.Finding;
import org.deploypolicy.Outcome;
import org.deploypolicy.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The window rules of the reference policy at the edges the workflow document's schedule draws. */
class WindowRulesTest {

    private static List<String> findings(DeploymentRequest request) {
        return Reference.POLICY.evaluate(request).findings().stream()
                .map(f -> f.rule() + ":" + f.effect() + f.subject().map(s -> ":" + s).orElse(""))
                .toList();
    }

    private static DeploymentRequest at(String time, Severity severity) {
        return Reference.deployment(OffsetDateTime.parse(time), "staging", "main", severity);
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            2026-11-24T09:00:00+03:00 | -  |
            2026-11-24T14:59:59+03:00 | -  |
            2026-11-24T15:00:00+03:00 | -  | window.preferred:ADVISE
            2026-11-24T08:59:59+03:00 | -  | window.preferred:ADVISE
            2026-11-25T10:00:00+03:00 | -  |
            2026-11-26T10:00:00+03:00 | -  | window.preferred:ADVISE
            2026-11-27T00:00:00+03:00 | -  | window.friday:BLOCK window.preferred:ADVISE
            2026-11-27T10:00:00+03:00 | P3 | window.friday:BLOCK window.preferred:ADVISE
            2026-11-27T10:00:00+03:00 | P2 | window.preferred:ADVISE
            2026-11-26T23:59:59+03:00 | -  | window.preferred:ADVISE
            2026-11-28T10:00:00+03:00 | -  | window.weekend:BLOCK window.preferred:ADVISE
            2026-11-28T10:00:00+03:00 | P2 | window.weekend:BLOCK window.preferred:ADVISE
            2026-11-28T10:00:00+03:00 | P1 | window.preferred:ADVISE
            2026-11-29T23:59:00+03:00 | -  | window.weekend:BLOCK window.preferred:ADVISE
            2026-11-30T00:00:00+03:00 | -  | window.preferred:ADVISE
            2026-11-27T21:30:00Z      | -  | window.weekend:BLOCK window.preferred:ADVISE
            2026-11-24T06:00:00Z      | -  |
            """)
    void windowsAtTheirEdges(String time, Severity severity, String expected) {
        List<String> want = expected == null ? List.of() : List.of(expected.split(" "));
        assertEquals(want, findings(at(time, severity)));
    }

    @Test
    void windowsApplyToProductionOnly() {
        DeploymentRequest saturdayToStaging = Reference.deployment(
                OffsetDateTime.parse("2026-11-28T10:00:00+03:00"), "dev", "staging", null);
        assertEquals(List.of(), findings(saturdayToStaging));
    }

    @Test
    void blockingFindingNamesTheLocalTimeAndWhatWouldPass() {
        Decision decision = Reference.POLICY.evaluate(at("2026-11-27T07:00:00Z", null));
        assertEquals(Outcome.REJECTED, decision.outcome());
        Finding friday = decision.findings().get(0);
        assertEquals(new Finding("window.friday", Effect.BLOCK, Optional.empty(),
                "Friday 10:00 EAT: only critical changes (P1, P2) may deploy on Fridays; this change has no severity.",
                Optional.empty()), friday);
        assertEquals(OffsetDateTime.parse("2026-11-27T10:00:00+03:00"), decision.evaluatedAt());
    }
}
