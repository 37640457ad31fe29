package org.deploypolicy.rules;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.deploypolicy.Change;
import org.deploypolicy.CheckStatus;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.Severity;

/**
 * The fact a deployment rule matches: the request, judged at its time in the policy's zone, with the words of
 * the policy (production, the hotfix path, emergency, critical) worked out from the settings.
 */
public final class Deployment {
    private static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH);
    /** Short zone names by zone and offset, and preferred windows as text: the same for every evaluation. */
    private static final Map<ZoneId, Map<Boolean, String>> ZONE_NAMES = new ConcurrentHashMap<>();
    private static final Map<Settings.PreferredWindow, String> PREFERRED = new ConcurrentHashMap<>();
    /** English weekday names, as messages write them (the JDK's display names build a formatter on every call). */
    private static final String[] DAY_NAMES = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
        "Sunday"};

    private final DeploymentRequest request;
    private final Settings settings;
    private Values attributes;
    private final ZonedDateTime local;
    private final boolean production;
    private final boolean hotfixPath;
    private final boolean emergency;
    private final boolean critical;

    /**
     * @param request  the request
     * @param at       the time it is judged at (the request's, or the policy clock's)
     * @param settings the policy's settings
     */
    public Deployment(DeploymentRequest request, OffsetDateTime at, Settings settings) {
        this.request = request;
        this.settings = settings;
        this.local = at.atZoneSameInstant(settings.zone());
        this.production = request.target().equals(settings.branches().production());
        this.hotfixPath = production && matchesGlob(settings.branches().hotfix(), request.source());
        Severity severity = request.change().severity().orElse(null);
        this.emergency = severity != null && settings.severity().emergency().contains(severity);
        this.critical = severity != null && settings.severity().critical().contains(severity);
    }

    /**
     * Whether a branch matches a glob, whole: {@code *} matches within one path segment, {@code **} across them,
     * {@code ?} one character (code point) of a segment; any other character itself.
     */
    static boolean matchesGlob(String glob, String branch) {
        return matchesGlob(glob, 0, branch, 0);
    }

    private static boolean matchesGlob(String glob, int g, String branch, int b) {
        while (g < glob.length()) {
            char c = glob.charAt(g);
            if (c == '*') {
                boolean acrossSegments = g + 1 < glob.length() && glob.charAt(g + 1) == '*';
                int rest = g + (acrossSegments ? 2 : 1);
                for (int end = b; ; end += Character.charCount(branch.codePointAt(end))) {
                    if (matchesGlob(glob, rest, branch, end)) {
                        return true;
                    }
                    if (end == branch.length() || !acrossSegments && branch.charAt(end) == '/') {
                        return false;
                    }
                }
            }
            if (b == branch.length()) {
                return false;
            }
            int actual = branch.codePointAt(b);
            int wanted = glob.codePointAt(g);
            if (wanted == '?' ? actual == '/' : actual != wanted) {
                return false;
            }
            g += Character.charCount(wanted);
            b += Character.charCount(actual);
        }
        return b == branch.length();
    }

    public DeploymentRequest getRequest() {
        return request;
    }

    /**
     * The policy's settings, the same as the {@link Settings} fact: a rule that reads them from here
     * ({@code Deployment( $s : settings, settings.windows.criticalOnlyDays contains day )}) has one pattern where
     * joining the fact takes two, which Drools decides with less work.
     */
    public Settings getSettings() {
        return settings;
    }

    /**
     * The request's {@code attributes}, the team's own data as the policy declares it:
     * {@code Deployment( attributes.whole("tier") == 1 )}; an attribute the request may leave out is asked about
     * first: {@code attributes.has("tier")}.
     */
    public Values getAttributes() {
        if (attributes == null) {
            attributes = request.attributes().isEmpty() ? Values.NO_ATTRIBUTES : new Values("attributes", request.attributes());
        }
        return attributes;
    }

    /** The policy's {@code params}, a team's own settings: {@code Deployment( params.whole("maxServices") < 3 )}. */
    public Values getParams() {
        return settings.params();
    }

    public Change getChange() {
        return request.change();
    }

    public String getSource() {
        return request.source();
    }

    public String getTarget() {
        return request.target();
    }

    /** The branch a hotfix branch was cut from, or null when unknown. */
    public String getBranchedFrom() {
        return request.change().branchedFrom().orElse(null);
    }

    /** Whether the change carries a label, compared ignoring case. */
    public boolean hasLabel(String label) {
        return request.change().labels().stream().anyMatch(label::equalsIgnoreCase);
    }

    /** The status of a check for the head commit, or null when it has not run. */
    public CheckStatus statusOf(String check) {
        return request.checks().get(check);
    }

    /** The security scan is known to have run. */
    public boolean isSecurityScanCompleted() {
        return request.checklist().securityScanCompleted().orElse(false);
    }

    /** The number of known critical vulnerabilities, or null when unknown. */
    public Integer getCriticalVulnerabilities() {
        return request.checklist().criticalVulnerabilities().isPresent()
                ? request.checklist().criticalVulnerabilities().getAsInt() : null;
    }

    /** Staging is known to have been tested. */
    public boolean isStagingVerified() {
        return request.checklist().stagingVerified().orElse(false);
    }

    /** The database migrations are known to have been reviewed. */
    public boolean isMigrationsReviewed() {
        return request.checklist().migrationsReviewed().orElse(false);
    }

    /** The rollback plan is known to be documented. */
    public boolean isRollbackPlanDocumented() {
        return request.checklist().rollbackPlanDocumented().orElse(false);
    }

    /** The number of approving reviews on the pull request. */
    public int getApprovingReviews() {
        return request.reviews().approving();
    }

    /** A code owner approved the pull request. */
    public boolean isCodeOwnerApproved() {
        return request.reviews().codeOwnerApproved();
    }

    /** A time after the one judged, with the policy zone's offset: when an obligation is due. */
    public OffsetDateTime after(Duration duration) {
        return local.plus(duration).toOffsetDateTime();
    }

    /** The change's severity, or null when it answers no incident. */
    public Severity getSeverity() {
        return request.change().severity().orElse(null);
    }

    /** The target is the production branch. */
    public boolean isProduction() {
        return production;
    }

    /** A production deployment from a hotfix branch. */
    public boolean isHotfixPath() {
        return hotfixPath;
    }

    /** The severity is in the emergency list. */
    public boolean isEmergency() {
        return emergency;
    }

    /** The severity is in the critical list. */
    public boolean isCritical() {
        return critical;
    }

    /** An emergency on the hotfix path: the P1 hotfix, which skips the window rules and some checklist gates. */
    public boolean isEmergencyHotfix() {
        return hotfixPath && emergency;
    }

    /** The instant judged. */
    public Instant getInstant() {
        return local.toInstant();
    }

    /** The local weekday in the policy's zone. */
    public DayOfWeek getDay() {
        return local.getDayOfWeek();
    }

    /** The local time of day in the policy's zone. */
    public LocalTime getTime() {
        return local.toLocalTime();
    }

    /** The time judged, in the policy's zone. */
    public ZonedDateTime getLocal() {
        return local;
    }

    /** The local time for a message: {@code Friday 10:00 EAT}. */
    public String when() {
        return DAY_NAMES[local.getDayOfWeek().ordinal()] + " " + twoDigits(local.getHour()) + ":"
                + twoDigits(local.getMinute()) + " " + zoneName();
    }

    private static String twoDigits(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }

    /**
     * The zone's short name at this time ({@code EAT}), kept per zone and offset: messages name it on every
     * evaluation, and the JDK's formatter allocates for each.
     */
    private String zoneName() {
        boolean daylight = local.getZone().getRules().isDaylightSavings(local.toInstant());
        Named last = lastZoneName;
        if (last != null && last.key() == local.getZone() && last.daylight() == daylight) {
            return last.text();
        }
        // the short name depends on the zone and on whether daylight saving is in force, not on the offset alone
        String name = ZONE_NAMES.computeIfAbsent(local.getZone(), zone -> new ConcurrentHashMap<>())
                .computeIfAbsent(daylight, inForce -> ZONE.format(local));
        lastZoneName = new Named(local.getZone(), daylight, name);
        return name;
    }

    /** A text worked out for a key (compared by identity: the policy's own settings), the last one asked for. */
    private record Named(Object key, boolean daylight, String text) {
    }

    private static volatile Named lastZoneName;
    private static volatile Named lastPreferred;

    /** The local weekday for a message, plural: {@code Fridays}. */
    public String weekdays() {
        return DAY_NAMES[local.getDayOfWeek().ordinal()] + "s";
    }

    /** The change's severity for a message: {@code is P2} or {@code has no severity}. */
    public String severityText() {
        return request.change().severity().map(s -> "is " + s).orElse("has no severity");
    }

    /** The preferred window for a message: {@code Tue-Wed 09:00-15:00 EAT}, or {@code Mon, Wed 09:00-15:00 EAT}. */
    public String preferredText() {
        Settings.PreferredWindow window = settings.windows().preferred();
        Named last = lastPreferred;
        String text;
        if (last != null && last.key() == window) {
            text = last.text();
        } else {
            text = PREFERRED.computeIfAbsent(window, Deployment::preferredWindowText);
            lastPreferred = new Named(window, false, text);
        }
        return text + " " + zoneName();
    }

    private static String preferredWindowText(Settings.PreferredWindow window) {
        DayOfWeek first = null;
        DayOfWeek last = null;
        boolean range = true;
        StringBuilder listed = new StringBuilder();
        for (DayOfWeek day : DayOfWeek.values()) {
            if (window.days().contains(day)) {
                range &= last == null || last.getValue() == day.getValue() - 1;
                first = first == null ? day : first;
                last = day;
                listed.append(listed.isEmpty() ? "" : ", ").append(shortName(day));
            }
        }
        String days = range && first != last ? shortName(first) + "-" + shortName(last) : listed.toString();
        return days + " " + window.from() + "-" + window.to();
    }

    /** Names for a message: {@code P1, P2}. */
    public static String list(Collection<?> values) {
        StringBuilder text = new StringBuilder();
        for (Object value : values) {
            text.append(text.isEmpty() ? "" : ", ").append(value);
        }
        return text.toString();
    }

    private static String shortName(DayOfWeek day) {
        return DAY_NAMES[day.ordinal()].substring(0, 3);
    }
}
