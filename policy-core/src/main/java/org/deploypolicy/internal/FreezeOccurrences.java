package org.deploypolicy.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.fortuna.ical4j.model.Recur;
import org.deploypolicy.rules.Freeze;
import org.deploypolicy.rules.RecurringFreeze;

/**
 * The occurrences of a policy's recurring freezes and calendar events, each a {@link Freeze} of the freeze's (or
 * event's) name and reason, expanded with ical4j's RFC 5545 recurrence rules from local start times, a calendar
 * year of the policy's zone at a time (kept once worked out). A local time that does not exist (in a
 * daylight-saving gap) moves forward by the length of the gap, and one that exists twice takes the earlier offset,
 * as RFC 5545 says. Whole days of a duration are nominal (the same local time days later), the rest exact.
 */
final class FreezeOccurrences {
    /**
     * Freezes that recur: a recurring freeze of the settings, or an event of a calendar file.
     *
     * @param source      where it is defined, for messages: the settings or a calendar file and line
     * @param zone        the zone its local times are in
     * @param start       its first start, a local time in {@code zone}
     * @param rrule       its recurrence rule, or null for none
     * @param startCounts whether {@code start} is an occurrence whatever the rule says (an event's {@code DTSTART})
     * @param rdates      further starts ({@code RDATE})
     * @param exdates     starts that are not occurrences ({@code EXDATE}, and those an override replaces)
     * @param duration    how long each occurrence lasts; positive
     */
    record Series(String name, String reason, String source, ZoneId zone, LocalDateTime start, String rrule,
                  boolean startCounts, List<LocalDateTime> rdates, Set<LocalDateTime> exdates, Duration duration) {
        Series {
            rdates = List.copyOf(rdates);
            exdates = Set.copyOf(exdates);
        }

        static Series of(RecurringFreeze freeze, ZoneId zone) {
            return new Series(freeze.name(), freeze.reason(), "windows.freezes", zone, freeze.start(), freeze.rrule(),
                    false, List.of(), Set.of(), freeze.duration());
        }

        /** The local starts in {@code [from, to)} of {@code zone}, in order. */
        List<LocalDateTime> startsBetween(LocalDateTime from, LocalDateTime to) {
            TreeSet<LocalDateTime> starts = new TreeSet<>();
            if (rrule != null) {
                for (LocalDateTime at : new Recur<LocalDateTime>(localUntil(rrule, zone)).getDates(start, from, to)) {
                    if (!at.isBefore(start)) {
                        starts.add(at);
                    }
                }
            }
            if (startCounts) {
                starts.add(start);
            }
            starts.addAll(rdates);
            starts.removeAll(exdates);
            return List.copyOf(starts.subSet(from, true, to, false));
        }
    }

    private static final Pattern UTC_UNTIL = Pattern.compile("(?i)(?<=^|;)UNTIL=(\\d{8}T\\d{6})Z(?=;|$)");
    /** A local date and time as iCalendar writes it ({@code 20261224T090000}). */
    static final DateTimeFormatter BASIC_DATE_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss");

    /**
     * A rule whose {@code UNTIL} is in UTC ({@code 20261231T080000Z}, as RFC 5545 has it when the start has a zone)
     * with that {@code UNTIL} as the local time it is in {@code zone}: the starts are expanded as local times there,
     * and a UTC {@code UNTIL} compared as a local time would cut a series short (or long).
     */
    static String localUntil(String rrule, ZoneId zone) {
        Matcher m = UTC_UNTIL.matcher(rrule);
        if (!m.find()) {
            return rrule;
        }
        try {
            LocalDateTime until = LocalDateTime.parse(m.group(1), BASIC_DATE_TIME).atOffset(ZoneOffset.UTC)
                    .atZoneSameInstant(zone).toLocalDateTime();
            return rrule.substring(0, m.start(1)) + until.format(BASIC_DATE_TIME) + rrule.substring(m.end(1) + 1);
        } catch (DateTimeParseException e) {
            return rrule;
        }
    }

    private final ZoneId zone;
    private final List<Series> series;
    private final Map<Integer, List<Freeze>> byYear = new ConcurrentHashMap<>();

    /**
     * @param zone      the policy's zone, whose years the occurrences are kept by
     * @param freezes   the settings' recurring freezes, in {@code zone}
     * @param calendars the events of the calendar files
     */
    FreezeOccurrences(ZoneId zone, List<RecurringFreeze> freezes, List<Series> calendars) {
        this.zone = zone;
        List<Series> all = new ArrayList<>();
        freezes.forEach(freeze -> all.add(Series.of(freeze, zone)));
        all.addAll(calendars);
        this.series = List.copyOf(all);
    }

    /** Why a recurrence rule cannot be read, in words, or null when it can. */
    static String problem(String rrule) {
        try {
            new Recur<LocalDateTime>(rrule);
            return null;
        } catch (RuntimeException e) {
            return "is not an RFC 5545 recurrence rule (like FREQ=MONTHLY;BYDAY=-1FR): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    boolean isEmpty() {
        return series.isEmpty();
    }

    /** The occurrences that contain an instant. */
    List<Freeze> containing(Instant instant) {
        if (series.isEmpty()) {
            return List.of();
        }
        int year = instant.atZone(zone).getYear();
        List<Freeze> found = List.of();
        for (int y = year - 1; y <= year; y++) {
            for (Freeze freeze : startingIn(y)) {
                if (freeze.from().toInstant().isAfter(instant)) {
                    break; // in order of their start: none after this one has begun
                }
                if (freeze.contains(instant)) {
                    if (found.isEmpty()) {
                        found = new ArrayList<>(1);
                    }
                    found.add(freeze);
                }
            }
        }
        return found;
    }

    /** The starts and ends of occurrences on a local day, in the policy's zone. */
    List<OffsetDateTime> edgesOn(LocalDate date) {
        if (series.isEmpty()) {
            return List.of();
        }
        List<OffsetDateTime> edges = new ArrayList<>();
        for (int y = date.getYear() - 1; y <= date.getYear(); y++) {
            for (Freeze freeze : startingIn(y)) {
                for (OffsetDateTime edge : List.of(freeze.from(), freeze.to())) {
                    if (edge.atZoneSameInstant(zone).toLocalDate().equals(date)) {
                        edges.add(edge.atZoneSameInstant(zone).toOffsetDateTime());
                    }
                }
            }
        }
        return edges;
    }

    /** The occurrences that start in a local calendar year, in order of their start. */
    List<Freeze> startingIn(int year) {
        return byYear.computeIfAbsent(year, this::expand);
    }

    /** Whether any of these series has an occurrence that overlaps the year after an instant. */
    static boolean occursInYearAfter(List<Series> series, Instant now, ZoneId zone) {
        FreezeOccurrences occurrences = new FreezeOccurrences(zone, List.of(), series);
        Instant yearAhead = now.atZone(zone).plusYears(1).toInstant();
        int year = now.atZone(zone).getYear();
        for (int y = year - 1; y <= year + 1; y++) {
            if (occurrences.startingIn(y).stream().anyMatch(f -> f.to().toInstant().isAfter(now)
                    && f.from().toInstant().isBefore(yearAhead))) {
                return true;
            }
        }
        return false;
    }

    private List<Freeze> expand(int year) {
        List<Freeze> occurrences = new ArrayList<>();
        Instant yearStart = LocalDate.of(year, 1, 1).atStartOfDay(zone).toInstant();
        Instant yearEnd = LocalDate.of(year + 1, 1, 1).atStartOfDay(zone).toInstant();
        for (Series each : series) {
            // the year in the series' own zone, a day wider on each side for the difference of zones
            LocalDateTime from = LocalDateTime.ofInstant(yearStart, each.zone()).minusDays(1);
            LocalDateTime to = LocalDateTime.ofInstant(yearEnd, each.zone()).plusDays(1);
            for (LocalDateTime start : each.startsBetween(from, to)) {
                ZonedDateTime begins = ZonedDateTime.of(start, each.zone());
                if (begins.toInstant().isBefore(yearStart) || !begins.toInstant().isBefore(yearEnd)) {
                    continue;
                }
                long days = each.duration().toDays();
                ZonedDateTime ends = begins.plusDays(days).plus(each.duration().minusDays(days));
                occurrences.add(new Freeze(each.name(), begins.withZoneSameInstant(zone).toOffsetDateTime(),
                        ends.withZoneSameInstant(zone).toOffsetDateTime(), each.reason()));
            }
        }
        occurrences.sort((a, b) -> a.from().compareTo(b.from()));
        return List.copyOf(occurrences);
    }
}
