package org.deploypolicy;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import org.deploypolicy.internal.Core;

/**
 * When a policy lets production deploys through, day by day: what its window rules decide for probe requests (a
 * normal-path production deploy with no severity, then one with each critical and each emergency severity) at each
 * time a window can change, not worked out again from the settings, so that a team's own window rules show too.
 * Made by {@link DeploymentPolicy#calendar(LocalDate, int)}; written as text ({@link #toText()}), JSON
 * ({@link PolicyJson#toJson(DeployCalendar)}) or an iCalendar feed ({@link #toICalendar()}).
 *
 * @param policy the policy that decided
 * @param zone   the policy's zone, which the days are local to
 * @param days   each local day from the first, in order
 */
public record DeployCalendar(PolicyId policy, ZoneId zone, List<Day> days) {
    /** The most days a calendar covers: about the year the next-allowed search looks ahead. */
    public static final int MAX_DAYS = 366;

    public DeployCalendar {
        days = List.copyOf(days);
    }

    /**
     * Whether a calendar of {@code days} days from {@code from} can be made: 1 to {@link #MAX_DAYS} days in the years
     * 0001 to 9999, its end (the midnight after its last day) by 9999-12-31, the dates an iCalendar feed can write.
     */
    public static boolean fits(LocalDate from, int days) {
        return days >= 1 && days <= MAX_DAYS && from.getYear() >= 1
                && from.toEpochDay() + days <= LocalDate.of(9999, 12, 31).toEpochDay();
    }

    /** Who may deploy in a period: the probe requests the window rules let through. */
    public enum Allows {
        /** Every change, with no severity or any. */
        ALL,
        /** Only changes of every critical severity ({@code severity.critical}). */
        CRITICAL,
        /** Only emergencies: every severity of {@code severity.emergency}. */
        EMERGENCY,
        /** No change of any severity. */
        NONE
    }

    /**
     * One local day.
     *
     * @param date    the day
     * @param periods its periods, from its start to the next day's, each a stretch of time the windows decide alike
     */
    public record Day(LocalDate date, List<Period> periods) {
        public Day {
            periods = List.copyOf(periods);
        }
    }

    /**
     * A stretch of time, {@code [from, to)}, in which the window rules decide each probe alike.
     *
     * @param allows     who may deploy
     * @param severities the severities whose probe the windows let through (all of them when {@code allows} is
     *                   {@link Allows#ALL})
     * @param preferred  whether a deploy is preferred then: no window rule says anything of the normal probe
     * @param freezes    the freezes (of the settings and calendar files) that window rules name for the normal probe
     * @param rules      what keeps the normal probe out: each blocking window rule's id and subject
     */
    public record Period(OffsetDateTime from, OffsetDateTime to, Allows allows, List<Severity> severities,
                         boolean preferred, List<FreezeInForce> freezes, List<Restriction> rules) {
        public Period {
            severities = List.copyOf(severities);
            freezes = List.copyOf(freezes);
            rules = List.copyOf(rules);
        }
    }

    /** A freeze in force in a period, by its name (the findings' subject) and reason. */
    public record FreezeInForce(String name, String reason) {
    }

    /** A window rule that blocks the normal probe: its id, and its subject where it names one (a freeze). */
    public record Restriction(String rule, Optional<String> subject) {
    }

    /** The calendar as text: a line for each period of each day, in the policy's zone. */
    public String toText() {
        return Core.calendarText(this);
    }

    /**
     * The calendar as an iCalendar feed (RFC 5545) to subscribe to: each restricted stretch (critical only,
     * emergencies only, frozen, closed) and each preferred window is an event, across days where it lasts, with a
     * {@code UID} made from the policy's name, the kind of stretch and its start, so that a fetch of a later feed
     * updates the events instead of adding them again.
     */
    public String toICalendar() {
        return Core.calendarICalendar(this);
    }
}
