package org.deploypolicy.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import net.fortuna.ical4j.model.Recur;
import org.deploypolicy.rules.Freeze;
import org.deploypolicy.rules.RecurringFreeze;

/**
 * The occurrences of a policy's recurring freezes, each a {@link Freeze} of the freeze's name and reason, expanded
 * with ical4j's RFC 5545 recurrence rules from local start times in the policy's zone, a calendar year at a time
 * (kept once worked out). A local time that does not exist (in a daylight-saving gap) moves forward by the length
 * of the gap, and one that exists twice takes the earlier offset, as RFC 5545 says.
 */
final class FreezeOccurrences {
    /** No recurring freeze. */
    static final FreezeOccurrences NONE = new FreezeOccurrences(ZoneId.of("UTC"), List.of());

    private final ZoneId zone;
    private final List<RecurringFreeze> freezes;
    private final Map<Integer, List<Freeze>> byYear = new ConcurrentHashMap<>();

    FreezeOccurrences(ZoneId zone, List<RecurringFreeze> freezes) {
        this.zone = zone;
        this.freezes = List.copyOf(freezes);
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
        return freezes.isEmpty();
    }

    /** The occurrences that contain an instant. */
    List<Freeze> containing(Instant instant) {
        if (freezes.isEmpty()) {
            return List.of();
        }
        int year = instant.atZone(zone).getYear();
        List<Freeze> found = new ArrayList<>(1);
        for (int y = year - 1; y <= year; y++) {
            for (Freeze freeze : startingIn(y)) {
                if (freeze.contains(instant)) {
                    found.add(freeze);
                }
            }
        }
        return found;
    }

    /** The starts and ends of occurrences on a local day, in the policy's zone. */
    List<OffsetDateTime> edgesOn(LocalDate date) {
        if (freezes.isEmpty()) {
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

    private List<Freeze> expand(int year) {
        List<Freeze> occurrences = new ArrayList<>();
        LocalDateTime from = LocalDate.of(year, 1, 1).atStartOfDay();
        LocalDateTime to = from.plusYears(1);
        for (RecurringFreeze freeze : freezes) {
            Recur<LocalDateTime> recur = new Recur<>(freeze.rrule());
            for (LocalDateTime start : recur.getDates(freeze.start(), from, to)) {
                if (start.isBefore(to) && !start.isBefore(freeze.start())) {
                    ZonedDateTime begins = ZonedDateTime.of(start, zone);
                    // days are nominal (the same local time a day later, across a change of offset), the rest exact
                    long days = freeze.duration().toDays();
                    ZonedDateTime ends = begins.plusDays(days).plus(freeze.duration().minusDays(days));
                    occurrences.add(new Freeze(freeze.name(), begins.toOffsetDateTime(), ends.toOffsetDateTime(),
                            freeze.reason()));
                }
            }
        }
        occurrences.sort((a, b) -> a.from().compareTo(b.from()));
        return List.copyOf(occurrences);
    }
}
