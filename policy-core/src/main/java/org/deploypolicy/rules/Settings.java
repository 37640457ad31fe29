package org.deploypolicy.rules;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.deploypolicy.Severity;

/**
 * A policy's settings, read from {@code policy.yaml}: every number, weekday, role and name its rules use.
 * Rules read them as a fact ({@code $s : Settings()}), or from the request's fact
 * ({@code Deployment( $s : settings )}); the keys mirror the file's.
 */
public record Settings(
        String name,
        ZoneId zone,
        Branches branches,
        Severities severity,
        Windows windows,
        Checks checks,
        Reviews reviews,
        Rollback rollback,
        Obligations obligations,
        List<RosterEntry> roster,
        Waivers waivers,
        List<String> disabled,
        Values params) {

    public Settings {
        roster = List.copyOf(roster);
        disabled = List.copyOf(disabled);
        params = params == null ? Values.NONE : params;
    }

    /**
     * Whether a person holds a role: with a roster, exactly when the roster gives it to them (their claims are
     * ignored); without one, when they claim it, and the embedding service answers for who is who.
     *
     * @param claimed the roles the request says the person has
     */
    public boolean holds(String person, String role, List<String> claimed) {
        if (roster.isEmpty()) {
            return claimed.contains(role);
        }
        return roster.stream().anyMatch(entry -> entry.id().equals(person) && entry.roles().contains(role));
    }

    /** Whether a person is known: on the roster, or anyone when there is no roster. */
    public boolean lists(String person) {
        return roster.isEmpty() || roster.stream().anyMatch(entry -> entry.id().equals(person));
    }

    /**
     * @param path   promotion order; the last is production
     * @param hotfix glob of hotfix branches ({@code hotfix/*})
     */
    public record Branches(List<String> path, String hotfix) {
        public Branches {
            path = List.copyOf(path);
        }

        /** The production branch: the last of the promotion path. */
        public String production() {
            return path.get(path.size() - 1);
        }

        /** The branch a branch takes changes from: the one before it on the path; null for the first or one off it. */
        public String before(String branch) {
            int index = path.indexOf(branch);
            return index > 0 ? path.get(index - 1) : null;
        }

        /** The path for a message: {@code dev -> staging -> main}. */
        public String describe() {
            return String.join(" -> ", path);
        }
    }

    /**
     * @param critical  severities that pass critical-only days
     * @param emergency severities that pass emergency-only days and freezes, and may take the hotfix path
     */
    public record Severities(List<Severity> critical, List<Severity> emergency) {
        public Severities {
            critical = List.copyOf(critical);
            emergency = List.copyOf(emergency);
        }
    }

    /**
     * @param criticalOnlyDays  days only a critical change deploys
     * @param emergencyOnlyDays days only an emergency deploys
     * @param preferred         the preferred window
     * @param freezes           freeze periods
     * @param recurringFreezes  freezes that recur (the entries of {@code windows.freezes} with an {@code rrule})
     * @param calendars         iCalendar files of freezes ({@code windows.calendars})
     */
    public record Windows(List<DayOfWeek> criticalOnlyDays, List<DayOfWeek> emergencyOnlyDays,
                          PreferredWindow preferred, List<Freeze> freezes, List<RecurringFreeze> recurringFreezes,
                          List<CalendarFile> calendars) {
        public Windows {
            criticalOnlyDays = List.copyOf(criticalOnlyDays);
            emergencyOnlyDays = List.copyOf(emergencyOnlyDays);
            freezes = List.copyOf(freezes);
            recurringFreezes = List.copyOf(recurringFreezes);
            calendars = List.copyOf(calendars);
        }

        /** Windows without calendar files. */
        public Windows(List<DayOfWeek> criticalOnlyDays, List<DayOfWeek> emergencyOnlyDays,
                       PreferredWindow preferred, List<Freeze> freezes, List<RecurringFreeze> recurringFreezes) {
            this(criticalOnlyDays, emergencyOnlyDays, preferred, freezes, recurringFreezes, List.of());
        }
    }

    /**
     * The preferred deployment window: on {@code days}, local time in {@code [from, to)}.
     */
    public record PreferredWindow(List<DayOfWeek> days, LocalTime from, LocalTime to) {
        public PreferredWindow {
            days = List.copyOf(days);
        }

        /** Whether a local day and time lie inside the window. */
        public boolean contains(DayOfWeek day, LocalTime time) {
            return days.contains(day) && !time.isBefore(from) && time.isBefore(to);
        }
    }

    /**
     * @param required              status checks that must pass
     * @param disasterRecovery      the disaster-recovery check's name
     * @param paymentReconciliation the payment-reconciliation check's name
     */
    public record Checks(List<String> required, String disasterRecovery, String paymentReconciliation) {
        public Checks {
            required = List.copyOf(required);
        }
    }

    /**
     * @param required  approving reviews needed per target branch
     * @param codeOwner target branches that need a code owner's approval
     */
    public record Reviews(Map<String, Integer> required, List<String> codeOwner) {
        public Reviews {
            required = Map.copyOf(required);
            codeOwner = List.copyOf(codeOwner);
        }

        /** The approving reviews a target branch needs; 0 when the settings name none. */
        public int requiredFor(String branch) {
            return required.getOrDefault(branch, 0);
        }
    }

    /** @param apiErrorThreshold the API error rate above which on-call may roll back, a fraction in 0..1 */
    public record Rollback(double apiErrorThreshold) {
    }

    /**
     * @param healthEndpoint the health endpoint to verify after a deploy
     * @param monitoring     how long to monitor after a deploy
     * @param postIncident   when incident documentation and skipped runs are due after a hotfix
     */
    public record Obligations(String healthEndpoint, Duration monitoring, Duration postIncident) {
    }

    /**
     * @param grantedBy roles that may grant a waiver; empty means no waivers
     * @param standing  waivers granted in the policy for a period
     * @param never     rule ids no waiver lifts
     */
    public record Waivers(List<String> grantedBy, List<StandingWaiver> standing, List<String> never) {
        public Waivers {
            grantedBy = List.copyOf(grantedBy);
            standing = List.copyOf(standing);
            never = List.copyOf(never);
        }
    }
}
