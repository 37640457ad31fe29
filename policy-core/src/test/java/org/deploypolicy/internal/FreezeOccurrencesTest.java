package org.deploypolicy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import org.deploypolicy.rules.Freeze;
import org.deploypolicy.rules.RecurringFreeze;
import org.junit.jupiter.api.Test;

/**
 * Recurring freezes expanded with RFC 5545 recurrence rules in the policy's zone: the occurrences a year holds, the
 * ones that hold an instant, the edges on a day, and local times that do not exist or exist twice.
 */
class FreezeOccurrencesTest {
    private static final ZoneId EAT = ZoneId.of("Africa/Addis_Ababa");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static final RecurringFreeze MONTH_END = new RecurringFreeze("month-end", "Month-end close",
            LocalDateTime.parse("2026-01-30T00:00"), "FREQ=MONTHLY;BYDAY=-1FR", Duration.parse("P1D"));

    @Test
    void theLastFridayOfEachMonthIsOneOccurrenceADay() {
        FreezeOccurrences occurrences = new FreezeOccurrences(EAT, List.of(MONTH_END), List.of());

        List<Freeze> year = occurrences.startingIn(2026);

        assertEquals(12, year.size(), year.toString());
        assertEquals(OffsetDateTime.parse("2026-11-27T00:00+03:00"), year.get(10).from());
        assertEquals(OffsetDateTime.parse("2026-11-28T00:00+03:00"), year.get(10).to());
        assertEquals("month-end", year.get(10).name());
        assertEquals("Month-end close", year.get(10).reason());
        assertEquals(List.of(year.get(10)),
                occurrences.containing(OffsetDateTime.parse("2026-11-27T23:59+03:00").toInstant()));
        assertEquals(List.of(), occurrences.containing(OffsetDateTime.parse("2026-11-28T00:00+03:00").toInstant()),
                "an occurrence ends before its end");
        assertEquals(List.of(), occurrences.containing(OffsetDateTime.parse("2026-01-29T12:00+03:00").toInstant()),
                "nothing before the start");
        assertEquals(List.of(OffsetDateTime.parse("2026-11-27T00:00+03:00")), occurrences.edgesOn(LocalDate.of(2026, 11, 27)));
    }

    @Test
    void anOccurrenceThatCrossesNewYearHoldsTheFirstHoursOfTheNextYear() {
        RecurringFreeze newYear = new RecurringFreeze("nye", "New Year's Eve", LocalDateTime.parse("2026-12-31T20:00"),
                "FREQ=YEARLY", Duration.parse("PT8H"));
        FreezeOccurrences occurrences = new FreezeOccurrences(EAT, List.of(newYear), List.of());

        List<Freeze> held = occurrences.containing(OffsetDateTime.parse("2028-01-01T02:00+03:00").toInstant());

        assertEquals(1, held.size(), held.toString());
        assertEquals(OffsetDateTime.parse("2027-12-31T20:00+03:00"), held.get(0).from());
        assertEquals(OffsetDateTime.parse("2028-01-01T04:00+03:00"), held.get(0).to());
        assertEquals(List.of(OffsetDateTime.parse("2028-01-01T04:00+03:00")), occurrences.edgesOn(LocalDate.of(2028, 1, 1)));
        assertEquals(List.of(), occurrences.containing(OffsetDateTime.parse("2028-01-01T04:00+03:00").toInstant()));
    }

    @Test
    void anOccurrenceInTheSpringGapMovesForwardAndOneInTheAutumnOverlapTakesTheEarlierOffset() {
        RecurringFreeze nightly = new RecurringFreeze("night-batch", "Batch jobs", LocalDateTime.parse("2026-03-01T02:30"),
                "FREQ=DAILY", Duration.parse("PT1H"));
        FreezeOccurrences occurrences = new FreezeOccurrences(BERLIN, List.of(nightly), List.of());

        List<Freeze> year = occurrences.startingIn(2026);
        Freeze spring = year.stream().filter(f -> f.from().toLocalDate().equals(LocalDate.of(2026, 3, 29))).findFirst()
                .orElseThrow();
        Freeze autumn = year.stream().filter(f -> f.from().toLocalDate().equals(LocalDate.of(2026, 10, 25))).findFirst()
                .orElseThrow();

        assertEquals(OffsetDateTime.parse("2026-03-29T03:30+02:00"), spring.from(), "02:30 does not exist that night");
        assertEquals(OffsetDateTime.parse("2026-10-25T02:30+02:00"), autumn.from(), "02:30 happens twice: the first");
        assertEquals(Duration.ofHours(1), Duration.between(autumn.from(), autumn.to()));
    }

    @Test
    void aDayLongOccurrenceAcrossAChangeOfOffsetEndsAtTheSameLocalTime() {
        RecurringFreeze sunday = new RecurringFreeze("sunday", "Quiet Sunday", LocalDateTime.parse("2026-03-29T00:00"),
                "FREQ=WEEKLY", Duration.parse("P1D"));

        Freeze first = new FreezeOccurrences(BERLIN, List.of(sunday), List.of()).startingIn(2026).get(0);

        assertEquals(OffsetDateTime.parse("2026-03-29T00:00+01:00"), first.from());
        assertEquals(OffsetDateTime.parse("2026-03-30T00:00+02:00"), first.to(), "a nominal day: 23 hours that night");
    }

    @Test
    void aRuleThatIsNotRfc5545IsAProblemInWords() {
        assertNull(FreezeOccurrences.problem("FREQ=MONTHLY;BYDAY=-1FR"));
        assertTrue(FreezeOccurrences.problem("FREQ=SOMETIMES").startsWith("is not an RFC 5545 recurrence rule"),
                FreezeOccurrences.problem("FREQ=SOMETIMES"));
    }
}
