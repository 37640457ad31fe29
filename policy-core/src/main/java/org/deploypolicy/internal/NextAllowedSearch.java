package org.deploypolicy.internal;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Optional;
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
 * When the window rules (the {@code window.*} ids) would let a blocked request through. The rules themselves
 * answer: the request is decided again at each time a window can open, as read from the settings the rules
 * read (each local midnight, the preferred window's edges, each freeze's start and end, each standing waiver's
 * start and end, since a waiver lifts a window rule's finding only in its period), in order, until no
 * window rule blocks ({@code at}) and until no window rule speaks at all ({@code preferredAt}). The search
 * looks a little over a year ahead; what opens later is not found.
 */
final class NextAllowedSearch {
    static final String WINDOW_AREA = "window.";
    private static final int DAYS_AHEAD = 400;

    private NextAllowedSearch() {
    }

    /** Whether a decision is blocked by a window rule (a counting BLOCK under a {@code window.*} id). */
    static boolean blockedByWindows(Decision decision) {
        return decision.findings().stream().anyMatch(f -> f.counts() && f.effect() == Effect.BLOCK
                && f.rule().startsWith(WINDOW_AREA));
    }

    /**
     * @param at      the time the request was judged at
     * @param decideAt decides the request at another time, without a next-allowed search of its own
     */
    static Optional<NextAllowed> search(OffsetDateTime at, Settings settings, Function<OffsetDateTime, Decision> decideAt) {
        OffsetDateTime allowed = null;
        for (OffsetDateTime candidate : candidates(at, settings)) {
            Decision decision = decideAt.apply(candidate);
            boolean windowsSpeak = decision.findings().stream()
                    .anyMatch(f -> f.counts() && f.rule().startsWith(WINDOW_AREA));
            if (allowed == null && !blockedByWindows(decision)) {
                allowed = candidate;
            }
            if (!windowsSpeak) {
                return Optional.of(new NextAllowed(allowed, Optional.of(candidate)));
            }
        }
        return allowed == null ? Optional.empty() : Optional.of(new NextAllowed(allowed, Optional.empty()));
    }

    /**
     * Every time after {@code at} when a window, freeze or standing waiver of the settings begins or ends, in
     * order.
     */
    private static TreeSet<OffsetDateTime> candidates(OffsetDateTime at, Settings settings) {
        TreeSet<OffsetDateTime> times = new TreeSet<>();
        ZonedDateTime local = at.atZoneSameInstant(settings.zone());
        Settings.PreferredWindow preferred = settings.windows().preferred();
        for (int day = 0; day <= DAYS_AHEAD; day++) {
            LocalDate date = local.toLocalDate().plusDays(day);
            times.add(date.plusDays(1).atStartOfDay(settings.zone()).toOffsetDateTime());
            times.add(date.atTime(preferred.from()).atZone(settings.zone()).toOffsetDateTime());
            times.add(date.atTime(preferred.to()).atZone(settings.zone()).toOffsetDateTime());
        }
        OffsetDateTime horizon = local.plusDays(DAYS_AHEAD).toOffsetDateTime();
        for (Freeze freeze : settings.windows().freezes()) {
            times.add(freeze.from().atZoneSameInstant(settings.zone()).toOffsetDateTime());
            times.add(freeze.to().atZoneSameInstant(settings.zone()).toOffsetDateTime());
        }
        for (StandingWaiver waiver : settings.waivers().standing()) {
            times.add(waiver.from().atZoneSameInstant(settings.zone()).toOffsetDateTime());
            times.add(waiver.to().atZoneSameInstant(settings.zone()).toOffsetDateTime());
        }
        times.removeIf(t -> !t.isAfter(at) || t.isAfter(horizon));
        return times;
    }
}
