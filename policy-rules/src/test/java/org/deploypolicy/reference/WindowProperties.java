package org.deploypolicy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.DayOfWeek;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.Outcome;
import org.deploypolicy.Severity;

/** What must hold for every time and severity under the reference windows. */
class WindowProperties {
    private static final ZoneId EAT = ZoneId.of("Africa/Addis_Ababa");

    @Provide
    Arbitrary<OffsetDateTime> times() {
        return Arbitraries.longs().between(0, 3L * 366 * 24 * 3600)
                .map(s -> OffsetDateTime.parse("2026-01-01T00:00:00Z").plusSeconds(s));
    }

    @Provide
    Arbitrary<ZoneOffset> offsets() {
        return Arbitraries.integers().between(-18 * 4, 18 * 4).map(q -> ZoneOffset.ofTotalSeconds(q * 15 * 60));
    }

    @Provide
    Arbitrary<Severity> severities() {
        return Arbitraries.of(Severity.class).injectNull(0.3);
    }

    @Provide
    Arbitrary<DeploymentRequest> releases() {
        return Combinators.combine(times(), severities(), Arbitraries.of("staging", "hotfix/fix-login", "dev"))
                .as((at, severity, source) -> Reference.deployment(at, source, "main", severity));
    }

    @Property(tries = 300)
    void productionOnAWeekendWithoutAnEmergencyIsNeverApproved(@ForAll("times") OffsetDateTime at,
                                                               @ForAll("severities") Severity severity) {
        DayOfWeek day = at.atZoneSameInstant(EAT).getDayOfWeek();
        Decision decision = Reference.POLICY.evaluate(Reference.deployment(at, "staging", "main", severity));
        if ((day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY) && severity != Severity.P1) {
            assertNotEquals(Outcome.APPROVED, decision.outcome());
        }
    }

    @Property(tries = 300)
    void theOffsetATimeIsWrittenInNeverChangesTheDecision(@ForAll("releases") DeploymentRequest request,
                                                          @ForAll("offsets") ZoneOffset offset) {
        OffsetDateTime elsewhere = request.at().orElseThrow().withOffsetSameInstant(offset);
        assertEquals(Reference.POLICY.evaluate(request), Reference.POLICY.evaluate(request.withAt(elsewhere)));
    }

    @Property(tries = 200)
    void theSameRequestGetsTheSameDecision(@ForAll("releases") DeploymentRequest request) {
        assertEquals(Reference.POLICY.evaluate(request), Reference.POLICY.evaluate(request));
    }
}
