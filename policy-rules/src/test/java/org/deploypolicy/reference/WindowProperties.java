package org.deploypolicy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

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

/** What must hold for every time, severity and path under the reference windows and hotfix rules. */
class WindowProperties {
    private static final ZoneId EAT = ZoneId.of("Africa/Addis_Ababa");

    @Provide
    Arbitrary<OffsetDateTime> instants() {
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
        return Combinators.combine(instants(), severities(), Arbitraries.of("staging", "hotfix/fix-login", "dev"))
                .as((at, severity, source) -> Reference.deployment(at, source, "main", severity));
    }

    @Property(tries = 300)
    void productionOnAWeekendWithoutAnEmergencyIsNeverApproved(@ForAll("instants") OffsetDateTime at,
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

    @Provide
    Arbitrary<LocalDate> days() {
        return Arbitraries.integers().between(0, 2 * 366).map(d -> LocalDate.of(2026, 1, 1).plusDays(d));
    }

    @Provide
    Arbitrary<LocalTime> times() {
        return Arbitraries.integers().between(0, 24 * 3600 - 1).map(LocalTime::ofSecondOfDay);
    }

    @Property(tries = 600)
    void withinOneLocalDayOnlyThePreferredEdgesChangeWhichWindowRulesFire(
            @ForAll("days") LocalDate day, @ForAll("times") LocalTime first, @ForAll("times") LocalTime second,
            @ForAll("severities") Severity severity, @ForAll boolean hotfix) {
        Set<String> one = windowRules(day, first, severity, hotfix);
        Set<String> other = windowRules(day, second, severity, hotfix);
        if (inPreferredHours(first) != inPreferredHours(second)) {
            one.remove("window.preferred");
            other.remove("window.preferred");
        }
        assertEquals(one, other);
    }

    private static boolean inPreferredHours(LocalTime time) {
        return !time.isBefore(LocalTime.of(9, 0)) && time.isBefore(LocalTime.of(15, 0));
    }

    private static Set<String> windowRules(LocalDate day, LocalTime time, Severity severity, boolean hotfix) {
        OffsetDateTime at = day.atTime(time).atZone(EAT).toOffsetDateTime();
        return Reference.POLICY.evaluate(Reference.deployment(at, hotfix ? "hotfix/x" : "staging", "main", severity))
                .findings().stream().map(f -> f.rule()).filter(rule -> rule.startsWith("window."))
                .collect(Collectors.toCollection(HashSet::new));
    }

    @Property(tries = 300)
    void aHotfixPathChangeWithoutAnEmergencyIsNeverApproved(@ForAll("instants") OffsetDateTime at,
                                                            @ForAll("severities") Severity severity) {
        Decision decision = Reference.POLICY.evaluate(Reference.deployment(at, "hotfix/fix-login", "main", severity));
        if (severity != Severity.P1) {
            assertNotEquals(Outcome.APPROVED, decision.outcome());
        }
    }

    @Property(tries = 200)
    void theSameRequestGetsTheSameDecision(@ForAll("releases") DeploymentRequest request) {
        assertEquals(Reference.POLICY.evaluate(request), Reference.POLICY.evaluate(request));
    }
}
