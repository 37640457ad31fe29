package org.deploypolicy.internal;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.deploypolicy.Severity;
import org.deploypolicy.rules.Freeze;
import org.deploypolicy.rules.CalendarFile;
import org.deploypolicy.rules.RecurringFreeze;
import org.deploypolicy.rules.RosterEntry;
import org.deploypolicy.rules.Settings;
import org.deploypolicy.rules.StandingWaiver;
import org.deploypolicy.rules.Values;

/**
 * Reads the settings of a policy ({@code policy.yaml}, after {@code extends} is resolved) strictly: every key
 * of docs/policy.md "Settings" but {@code params} and {@code attributes} must be present, no other key may be, and
 * values that cannot work (an unknown zone, a window that ends before it starts, a threshold outside 0..1) are
 * problems naming the key.
 */
final class SettingsReader {
    private static final List<String> SETTINGS = List.of("name", "zone", "branches", "severity", "windows", "checks",
            "reviews", "rollback", "obligations", "roster", "waivers", "disabled", "params", "attributes");
    private static final List<String> BRANCHES = List.of("path", "hotfix");
    private static final List<String> SEVERITY = List.of("critical", "emergency");
    private static final List<String> WINDOWS = List.of("criticalOnlyDays", "emergencyOnlyDays", "preferred", "freezes",
            "calendars");
    private static final List<String> PREFERRED = List.of("days", "from", "to");
    private static final List<String> FREEZE = List.of("name", "from", "to", "reason", "start", "rrule", "duration");
    private static final List<String> CALENDAR = List.of("file", "reason");
    private static final List<String> CHECKS = List.of("required", "disasterRecovery", "paymentReconciliation");
    private static final List<String> REVIEWS = List.of("required", "codeOwner");
    private static final List<String> ROLLBACK = List.of("apiErrorThreshold");
    private static final List<String> OBLIGATIONS = List.of("healthEndpoint", "monitoring", "postIncident");
    private static final List<String> ROSTER_ENTRY = List.of("id", "name", "roles", "contact");
    private static final List<String> WAIVERS = List.of("grantedBy", "standing", "never");
    private static final List<String> STANDING_WAIVER = List.of("rule", "subject", "by", "reason", "from", "to");

    /**
     * The keys each object of the settings may have, by the object's path: {@code ""} for the settings themselves
     * (after {@code extends} is resolved), {@code []} for each item of a list, {@code *} for each value of a map
     * ({@code attributes.properties.*}). {@code schemas/policy.schema.json} describes exactly these, which a test
     * checks.
     */
    static final Map<String, List<String>> KEYS = Map.ofEntries(
            Map.entry("", SETTINGS),
            Map.entry("branches", BRANCHES),
            Map.entry("severity", SEVERITY),
            Map.entry("windows", WINDOWS),
            Map.entry("windows.preferred", PREFERRED),
            Map.entry("windows.freezes[]", FREEZE),
            Map.entry("windows.calendars[]", CALENDAR),
            Map.entry("checks", CHECKS),
            Map.entry("reviews", REVIEWS),
            Map.entry("rollback", ROLLBACK),
            Map.entry("obligations", OBLIGATIONS),
            Map.entry("roster[]", ROSTER_ENTRY),
            Map.entry("waivers", WAIVERS),
            Map.entry("waivers.standing[]", STANDING_WAIVER),
            Map.entry("attributes", AttributeSchema.KEYS),
            Map.entry("attributes.properties.*", AttributeSchema.KEYWORDS),
            Map.entry("attributes.properties.*.items", AttributeSchema.ITEM_KEYWORDS));

    private final StrictReader in = new StrictReader();
    private AttributeSchema attributes;

    /** The settings, or null when there are problems (then {@link #issues()} says which). */
    Settings read(JsonNode root) {
        StrictReader.Obj o = in.object(root, "", SETTINGS);
        if (o == null) {
            return null;
        }
        Settings settings = new Settings(
                name(o, "name"),
                zone(o),
                branches(o),
                severities(o),
                windows(o),
                checks(o),
                reviews(o),
                rollback(o),
                obligations(o),
                nonNull(list(o, "roster", this::rosterEntry)),
                waivers(o),
                nonNull(list(o, "disabled", this::name)),
                params(o));
        attributes = AttributeSchema.read(o.get("attributes"), o.path("attributes"), in);
        return in.issues().isEmpty() ? settings : null;
    }

    /** What requests may carry in {@code attributes}, once {@link #read} has read settings without problems. */
    AttributeSchema attributes() {
        return attributes;
    }

    /** A name of {@code params}: a lower-case letter, then letters and digits. */
    static final Pattern PARAM_NAME = Pattern.compile("[a-z][A-Za-z0-9]*");

    /** {@code params}: a team's own settings, name to value; absent means none. */
    private Values params(StrictReader.Obj o) {
        JsonNode node = o.get("params");
        Map<String, Object> params = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return new Values("params", params);
        }
        if (!node.isObject()) {
            in.problem(o.path("params"), "must map names to values; was " + StrictReader.describe(node));
            return new Values("params", params);
        }
        node.fields().forEachRemaining(field -> {
            String path = StrictReader.child(o.path("params"), field.getKey());
            if (!PARAM_NAME.matcher(field.getKey()).matches()) {
                in.problem(path, "a params name is a lower-case letter, then letters and digits (like maxChangedServices)");
            }
            Object value = in.value(field.getValue(), path);
            if (value != null) {
                params.put(field.getKey(), value);
            }
        });
        return new Values("params", params);
    }


    List<StrictReader.Issue> issues() {
        return in.issues();
    }

    private ZoneId zone(StrictReader.Obj o) {
        String zone = name(o, "zone");
        if (zone == null) {
            return null;
        }
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            in.problem(o.path("zone"), "unknown time zone \"" + zone + "\"; expected an IANA zone like Africa/Addis_Ababa");
            return null;
        }
    }

    private Settings.Branches branches(StrictReader.Obj parent) {
        StrictReader.Obj o = object(parent, "branches", BRANCHES);
        if (o == null) {
            return null;
        }
        List<String> path = list(o, "path", this::name);
        if (path != null && path.isEmpty()) {
            in.problem(o.path("path"), "must name at least the production branch");
        }
        return new Settings.Branches(nonNull(path), name(o, "hotfix"));
    }

    private Settings.Severities severities(StrictReader.Obj parent) {
        StrictReader.Obj o = object(parent, "severity", SEVERITY);
        return o == null ? null : new Settings.Severities(
                nonNull(list(o, "critical", (n, p) -> in.enumValue(n, p, Severity.class))),
                nonNull(list(o, "emergency", (n, p) -> in.enumValue(n, p, Severity.class))));
    }

    private Settings.Windows windows(StrictReader.Obj parent) {
        StrictReader.Obj o = object(parent, "windows", WINDOWS);
        if (o == null) {
            return null;
        }
        StrictReader.Obj p = object(o, "preferred", PREFERRED);
        Settings.PreferredWindow preferred = null;
        if (p != null) {
            LocalTime from = localTime(p, "from");
            LocalTime to = localTime(p, "to");
            if (from != null && to != null && !to.isAfter(from)) {
                in.problem(p.path("to"), "the preferred window ends at " + to + ", not after it starts at " + from);
            }
            preferred = new Settings.PreferredWindow(nonNull(list(p, "days", this::day)), from, to);
        }
        List<Object> freezes = nonNull(list(o, "freezes", this::freeze));
        return new Settings.Windows(
                nonNull(list(o, "criticalOnlyDays", this::day)),
                nonNull(list(o, "emergencyOnlyDays", this::day)),
                preferred,
                freezes.stream().filter(Freeze.class::isInstance).map(Freeze.class::cast).toList(),
                freezes.stream().filter(RecurringFreeze.class::isInstance).map(RecurringFreeze.class::cast).toList(),
                // optional, unlike the other windows: absent is no calendar, as in policies written before it
                o.has("calendars") ? nonNull(list(o, "calendars", this::calendar)) : List.of());
    }

    /**
     * A calendar file: a path inside the policy directory ending in {@code .ics}, never absolute, outside
     * ({@code ..}) or a URL, since a policy is files that were reviewed and nothing is fetched to decide.
     */
    private CalendarFile calendar(JsonNode node, String path) {
        StrictReader.Obj o = in.object(node, path, CALENDAR);
        if (o == null) {
            return null;
        }
        String file = name(o, "file");
        if (file != null) {
            String problem = CalendarFiles.pathProblem(file);
            if (problem != null) {
                in.problem(o.path("file"), problem);
            }
        }
        return new CalendarFile(file, name(o, "reason"));
    }

    /** A freeze: a period ({@code from}, {@code to}) or a recurring one ({@code start}, {@code rrule}, {@code duration}). */
    private Object freeze(JsonNode node, String path) {
        StrictReader.Obj o = in.object(node, path, FREEZE);
        if (o == null) {
            return null;
        }
        if (o.has("rrule") || o.has("start") || o.has("duration")) {
            for (String key : List.of("from", "to")) {
                if (o.has(key)) {
                    in.problem(o.path(key), "a recurring freeze (start, rrule, duration) has no " + key
                            + "; a freeze is either a period (from, to) or recurring");
                }
            }
            return recurringFreeze(o);
        }
        OffsetDateTime from = required(o, "from", o.time("from"));
        OffsetDateTime to = required(o, "to", o.time("to"));
        period(o, from, to);
        return new Freeze(name(o, "name"), from, to, name(o, "reason"));
    }

    private RecurringFreeze recurringFreeze(StrictReader.Obj o) {
        LocalDateTime start = null;
        String startText = required(o, "start", in.text(o.get("start"), o.path("start")));
        if (startText != null) {
            try {
                start = LocalDateTime.parse(startText);
            } catch (DateTimeParseException e) {
                in.problem(o.path("start"), "must be a local date and time without an offset, like 2026-01-30T00:00, "
                        + "in the policy's zone; was \"" + startText + "\"");
            }
        }
        String rrule = required(o, "rrule", in.text(o.get("rrule"), o.path("rrule")));
        if (rrule != null) {
            String problem = FreezeOccurrences.problem(rrule);
            if (problem != null) {
                in.problem(o.path("rrule"), problem);
            }
        }
        Duration duration = duration(o, "duration");
        if (duration != null && duration.isZero()) {
            in.problem(o.path("duration"), "must be more than nothing, like P1D or PT6H; was \"" + duration + "\"");
        }
        return new RecurringFreeze(name(o, "name"), name(o, "reason"), start, rrule, duration);
    }

    private void period(StrictReader.Obj o, OffsetDateTime from, OffsetDateTime to) {
        if (from != null && to != null && !to.isAfter(from)) {
            in.problem(o.path("to"), "ends at " + to + ", not after it starts at " + from);
        }
    }

    private Settings.Checks checks(StrictReader.Obj parent) {
        StrictReader.Obj o = object(parent, "checks", CHECKS);
        return o == null ? null : new Settings.Checks(nonNull(list(o, "required", this::name)),
                name(o, "disasterRecovery"), name(o, "paymentReconciliation"));
    }

    private Settings.Reviews reviews(StrictReader.Obj parent) {
        StrictReader.Obj o = object(parent, "reviews", REVIEWS);
        if (o == null) {
            return null;
        }
        Map<String, Integer> required = new LinkedHashMap<>();
        JsonNode node = required(o, "required", o.get("required"));
        if (node != null && !node.isObject()) {
            in.problem(o.path("required"), "must map branch names to review counts; was " + StrictReader.describe(node));
        } else if (node != null) {
            node.properties().forEach(field -> {
                String path = StrictReader.child(o.path("required"), field.getKey());
                Integer count = in.integer(field.getValue(), path);
                if (count == null || count < 0) {
                    in.problem(path, "must be a count of 0 or more; was " + StrictReader.describe(field.getValue()));
                } else {
                    required.put(field.getKey(), count);
                }
            });
        }
        return new Settings.Reviews(required, nonNull(list(o, "codeOwner", this::name)));
    }

    private Settings.Rollback rollback(StrictReader.Obj parent) {
        StrictReader.Obj o = object(parent, "rollback", ROLLBACK);
        if (o == null) {
            return null;
        }
        Double threshold = required(o, "apiErrorThreshold", o.number("apiErrorThreshold"));
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            in.problem(o.path("apiErrorThreshold"), "must be a fraction from 0 to 1 (0.05 is 5 %); was " + threshold);
        }
        return new Settings.Rollback(threshold == null ? 0 : threshold);
    }

    private Settings.Obligations obligations(StrictReader.Obj parent) {
        StrictReader.Obj o = object(parent, "obligations", OBLIGATIONS);
        return o == null ? null : new Settings.Obligations(name(o, "healthEndpoint"),
                duration(o, "monitoring"), duration(o, "postIncident"));
    }

    private RosterEntry rosterEntry(JsonNode node, String path) {
        StrictReader.Obj o = in.object(node, path, ROSTER_ENTRY);
        return o == null ? null : new RosterEntry(name(o, "id"), Optional.ofNullable(o.text("name")),
                nonNull(list(o, "roles", this::name)), Optional.ofNullable(o.text("contact")));
    }

    private Settings.Waivers waivers(StrictReader.Obj parent) {
        StrictReader.Obj o = object(parent, "waivers", WAIVERS);
        return o == null ? null : new Settings.Waivers(nonNull(list(o, "grantedBy", this::name)),
                nonNull(list(o, "standing", this::standingWaiver)), nonNull(list(o, "never", this::name)));
    }

    private StandingWaiver standingWaiver(JsonNode node, String path) {
        StrictReader.Obj o = in.object(node, path, STANDING_WAIVER);
        if (o == null) {
            return null;
        }
        OffsetDateTime from = required(o, "from", o.time("from"));
        OffsetDateTime to = required(o, "to", o.time("to"));
        period(o, from, to);
        return new StandingWaiver(name(o, "rule"), Optional.ofNullable(o.text("subject")), name(o, "by"),
                name(o, "reason"), from, to);
    }

    private DayOfWeek day(JsonNode node, String path) {
        return in.enumValue(node, path, DayOfWeek.class);
    }

    private String name(JsonNode node, String path) {
        String text = in.text(node, path);
        if (text != null && text.isBlank()) {
            in.problem(path, "must not be blank");
        }
        return text;
    }

    private String name(StrictReader.Obj o, String key) {
        return required(o, key, name(o.get(key), o.path(key)));
    }

    private LocalTime localTime(StrictReader.Obj o, String key) {
        String text = name(o, key);
        if (text == null) {
            return null;
        }
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            in.problem(o.path(key), "must be a local time like \"09:00\"; was \"" + text + "\"");
            return null;
        }
    }

    private Duration duration(StrictReader.Obj o, String key) {
        String text = name(o, key);
        if (text == null) {
            return null;
        }
        try {
            Duration duration = Duration.parse(text);
            if (duration.isNegative()) {
                in.problem(o.path(key), "must not be negative; was \"" + text + "\"");
            }
            return duration;
        } catch (DateTimeParseException e) {
            in.problem(o.path(key), "must be an ISO-8601 duration like \"PT30M\"; was \"" + text + "\"");
            return null;
        }
    }

    private StrictReader.Obj object(StrictReader.Obj parent, String key, List<String> keys) {
        required(parent, key, parent.get(key));
        return parent.object(key, keys);
    }

    private <T> List<T> list(StrictReader.Obj o, String key, BiFunction<JsonNode, String, T> element) {
        List<T> values = required(o, key, o.list(key, element));
        if (values != null) {
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) == null) {
                    in.problem(StrictReader.index(o.path(key), i), "must not be empty");
                }
            }
        }
        return values;
    }

    private <T> T required(StrictReader.Obj o, String key, T value) {
        if (value == null && !o.has(key)) {
            in.problem(o.path(key), "missing: every setting must be given (or inherited with extends)");
        }
        return value;
    }

    private static <T> List<T> nonNull(List<T> values) {
        if (values == null) {
            return List.of();
        }
        List<T> kept = new ArrayList<>(values);
        kept.removeIf(Objects::isNull);
        return kept;
    }
}
