package org.deploypolicy.internal;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.deploypolicy.Decision;
import org.deploypolicy.Effect;
import org.deploypolicy.Finding;
import org.deploypolicy.NextAllowed;
import org.deploypolicy.rules.Freeze;
import org.deploypolicy.rules.Settings;
import org.deploypolicy.rules.StandingWaiver;

/**
 * When the window rules (those marked {@code @window}) would let a blocked request through. The rules themselves
 * answer: the request is decided again at each time a window can open, as read from the settings the rules
 * read and the rules' own declarations (each local midnight, the preferred window's edges on its days, each time
 * of day a window rule declares on every day, each freeze's start and end, each standing waiver's start and end,
 * since a waiver lifts a window rule's finding only in its period), in order,
 * until no window rule blocks ({@code at}) and until no window rule speaks at all ({@code preferredAt}). The
 * search looks a little over a year ahead; what opens later is not found.
 */
final class NextAllowedSearch {
    private static final int DAYS_AHEAD = 400;

    private final Settings settings;
    /** The times of day the window rules declare ({@code @window("16:00", "20:30")}), tried on every day. */
    private final LocalTime[] declared;
    /** Each freeze's and standing waiver's start and end, in the policy's zone. */
    private final TreeSet<OffsetDateTime> edges = new TreeSet<>();

    private final FreezeOccurrences recurring;

    /**
     * The search over a policy's settings.
     *
     * @param recurring the occurrences of its recurring freezes, whose edges are tried on their days
     * @param declared  the times of day the window rules declare their windows change at, tried on every day
     */
    NextAllowedSearch(Settings settings, FreezeOccurrences recurring, LocalTime[] declared) {
        this.settings = settings;
        this.recurring = recurring;
        this.declared = declared;
        for (Freeze freeze : settings.windows().freezes()) {
            edges.add(freeze.from().atZoneSameInstant(settings.zone()).toOffsetDateTime());
            edges.add(freeze.to().atZoneSameInstant(settings.zone()).toOffsetDateTime());
        }
        for (StandingWaiver waiver : settings.waivers().standing()) {
            edges.add(waiver.from().atZoneSameInstant(settings.zone()).toOffsetDateTime());
            edges.add(waiver.to().atZoneSameInstant(settings.zone()).toOffsetDateTime());
        }
    }

    /** Whether a decision is blocked by a window rule (a counting BLOCK under the id of a rule marked {@code @window}). */
    static boolean blockedByWindows(Decision decision, Set<String> windowIds) {
        List<Finding> findings = decision.findings();
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            if (f.counts() && f.effect() == Effect.BLOCK && windowIds.contains(f.rule())) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param at        the time the request was judged at, in the policy's zone
     * @param windowsAt what the window rules find that counts, for the request at another time
     */
    Optional<NextAllowed> search(OffsetDateTime at, Function<OffsetDateTime, List<Finding>> windowsAt) {
        OffsetDateTime allowed = null;
        OffsetDateTime previous = at;
        for (int day = 0; day <= DAYS_AHEAD; day++) {
            for (OffsetDateTime candidate : candidates(at.toLocalDate().plusDays(day))) {
                if (!candidate.isAfter(previous)) {
                    continue;
                }
                previous = candidate;
                List<Finding> windows = windowsAt.apply(candidate);
                if (allowed == null && windows.stream().noneMatch(f -> f.effect() == Effect.BLOCK)) {
                    allowed = candidate;
                }
                if (windows.isEmpty()) {
                    return Optional.of(new NextAllowed(allowed, Optional.of(candidate)));
                }
            }
        }
        return allowed == null ? Optional.empty() : Optional.of(new NextAllowed(allowed, Optional.empty()));
    }

    /**
     * The times on one local day when a window, freeze or standing waiver of the settings begins or ends, in order:
     * the next midnight (the weekday windows), the preferred window's edges when it opens that day, the times of day
     * the window rules declare, and the edges.
     */
    TreeSet<OffsetDateTime> candidates(LocalDate date) {
        TreeSet<OffsetDateTime> times = new TreeSet<>();
        OffsetDateTime midnight = date.plusDays(1).atStartOfDay(settings.zone()).toOffsetDateTime();
        times.add(midnight);
        Settings.PreferredWindow preferred = settings.windows().preferred();
        if (preferred.days().contains(date.getDayOfWeek())) {
            times.add(date.atTime(preferred.from()).atZone(settings.zone()).toOffsetDateTime());
            times.add(date.atTime(preferred.to()).atZone(settings.zone()).toOffsetDateTime());
        }
        for (LocalTime edge : declared) {
            times.add(date.atTime(edge).atZone(settings.zone()).toOffsetDateTime());
        }
        times.addAll(edges.subSet(date.atStartOfDay(settings.zone()).toOffsetDateTime(), true, midnight, true));
        times.addAll(recurring.edgesOn(date));
        times.addAll(recurring.edgesOn(date.plusDays(1)).stream().filter(edge -> !edge.isAfter(midnight)).toList());
        return times;
    }
}
