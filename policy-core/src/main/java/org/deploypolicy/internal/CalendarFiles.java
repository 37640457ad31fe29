package org.deploypolicy.internal;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.CalendarComponent;
import org.deploypolicy.PolicyProblem;
import org.deploypolicy.rules.CalendarFile;
import org.deploypolicy.rules.Settings;

/**
 * The calendar files a policy names ({@code windows.calendars}): iCalendar files (RFC 5545) in the policy directory,
 * parsed with ical4j, whose every event is a freeze named by its {@code SUMMARY} with the calendar's reason. An
 * all-day event covers its local days in the policy's zone; an event at a time is in its {@code TZID} (an IANA
 * zone), in UTC ({@code Z}) or, floating, in the policy's zone. {@code RRULE}, {@code RDATE} and {@code EXDATE}
 * are honoured, an event with a {@code RECURRENCE-ID} replaces that occurrence of its series, and a cancelled
 * event ({@code STATUS:CANCELLED}) is no freeze. What cannot be read is a problem naming the file and line.
 */
final class CalendarFiles {
    /** How a calendar file's name ends. */
    static final String EXTENSION = ".ics";

    private static final Pattern DATE = Pattern.compile("\\d{8}");
    private static final Pattern DATE_TIME = Pattern.compile("(\\d{8}T\\d{6})(Z?)");
    private static final DateTimeFormatter BASIC_DATE = DateTimeFormatter.BASIC_ISO_DATE;
    /** An RFC 5545 duration: weeks, or days and a time. */
    private static final Pattern DURATION = Pattern.compile("([+-]?)P(?:(\\d+)W|(?:(\\d+)D)?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+)S)?)?)");

    private CalendarFiles() {
    }

    /**
     * The events of the calendars and what is wrong with them.
     *
     * @param bySource the events of each calendar file, by its entry's index in {@code windows.calendars}
     */
    record Read(Map<Integer, List<FreezeOccurrences.Series>> bySource, List<PolicyProblem> problems) {
        /** Every event that is a freeze, in file order. */
        List<FreezeOccurrences.Series> series() {
            return bySource.values().stream().flatMap(List::stream).toList();
        }
    }

    /** A calendar's path as the policy's files are named: {@code /} between folders, no {@code ./}. */
    static String normal(String file) {
        return file.replace('\\', '/').replaceAll("(^|/)(\\./)+", "$1").replaceAll("/{2,}", "/");
    }

    /** Why a path cannot name a calendar file, in words, or null when it can. */
    static String pathProblem(String file) {
        if (file.startsWith("/") || file.startsWith("\\") || file.matches("^[A-Za-z]:[/\\\\].*")) {
            return "must be a path relative to the policy directory, not absolute; was \"" + file + "\"";
        }
        if (file.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
            return "must be a file in the policy directory, not a URL: a policy is files that were reviewed, and "
                    + "nothing is fetched to decide; was \"" + file + "\"";
        }
        for (String part : file.split("[/\\\\]")) {
            if (part.equals("..")) {
                return "must be a file inside the policy directory (no \"..\"); was \"" + file + "\"";
            }
        }
        if (!file.endsWith(EXTENSION)) {
            return "must be an iCalendar file, whose name ends in " + EXTENSION + "; was \"" + file + "\"";
        }
        return null;
    }

    /**
     * The files {@code windows.calendars} names in the merged settings that the policy has, read only as far as
     * the policy's version needs: whatever is wrong with the list is reported when the settings are read.
     */
    static List<PolicyFiles.SourceFile> named(SettingsLayers layers, JsonNode merged) {
        List<PolicyFiles.SourceFile> files = new ArrayList<>();
        JsonNode list = merged.path("windows").path("calendars");
        for (JsonNode entry : list) {
            JsonNode file = entry.path("file");
            if (file.isTextual() && pathProblem(file.textValue()) == null) {
                PolicyFiles.SourceFile found = find(layers, file.textValue());
                if (found != null && !files.contains(found)) {
                    files.add(found);
                }
            }
        }
        return files;
    }

    /** Reads the calendar files the settings name. */
    static Read read(SettingsLayers layers, Settings settings) {
        Map<Integer, List<FreezeOccurrences.Series>> bySource = new LinkedHashMap<>();
        List<PolicyProblem> problems = new ArrayList<>();
        List<CalendarFile> calendars = settings.windows().calendars();
        for (int i = 0; i < calendars.size(); i++) {
            CalendarFile calendar = calendars.get(i);
            PolicyFiles.SourceFile file = find(layers, calendar.file());
            if (file == null) {
                String key = StrictReader.index("windows.calendars", i) + ".file";
                problems.add(layers.located(key, key + ": no file \"" + calendar.file() + "\" in the policy directory"));
                continue;
            }
            bySource.put(i, new Reader(file, calendar.reason(), settings.zone(), problems).read());
        }
        return new Read(bySource, problems);
    }

    /** The policy's file a {@code windows.calendars} entry names, or null when it has none of that path. */
    private static PolicyFiles.SourceFile find(SettingsLayers layers, String file) {
        return layers.calendars().get(layers.calendarPath(normal(file)));
    }

    /** Reads one calendar file. */
    private static final class Reader {
        private final PolicyFiles.SourceFile file;
        private final String reason;
        private final ZoneId policyZone;
        private final List<PolicyProblem> problems;
        private final int before;

        Reader(PolicyFiles.SourceFile file, String reason, ZoneId policyZone, List<PolicyProblem> problems) {
            this.file = file;
            this.reason = reason;
            this.policyZone = policyZone;
            this.problems = problems;
            this.before = problems.size();
        }

        List<FreezeOccurrences.Series> read() {
            String text = new String(file.bytes(), StandardCharsets.UTF_8);
            Calendar calendar;
            try {
                calendar = new CalendarBuilder().build(new StringReader(text));
            } catch (ParserException e) {
                int at = e.getLineNo() > 0 ? e.getLineNo() : 1;
                String[] lines = text.split("\r\n|\n|\r", -1);
                String shown = at <= lines.length && !lines[at - 1].isBlank() ? " at \"" + lines[at - 1].strip() + "\"" : "";
                String reason = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                        : e.getMessage().replaceFirst("^Error at line \\d+:", "");
                problem(at, "cannot be read as iCalendar (RFC 5545)" + shown + ": " + reason);
                return List.of();
            } catch (IOException | RuntimeException e) {
                problem(1, "cannot be read as iCalendar (RFC 5545): " + e.getMessage());
                return List.of();
            }
            List<Map<String, Integer>> lines = eventLines(text);
            List<CalendarComponent> events = calendar.getComponents(Component.VEVENT);
            List<Event> read = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                Event event = event(events.get(i), i < lines.size() ? lines.get(i) : Map.of());
                if (event != null) {
                    read.add(event);
                }
            }
            // an event with a RECURRENCE-ID replaces that occurrence of the series with its UID
            Map<String, Event> masters = new HashMap<>();
            read.stream().filter(e -> e.recurrenceId == null && e.uid != null).forEach(e -> masters.put(e.uid, e));
            for (Event override : read) {
                Event master = override.recurrenceId == null ? null : masters.get(override.uid);
                if (master != null) {
                    master.exdates.add(override.recurrenceId.in(master.zone));
                }
            }
            List<FreezeOccurrences.Series> series = new ArrayList<>();
            for (Event event : read) {
                if (!event.cancelled) {
                    series.add(new FreezeOccurrences.Series(event.name, reason, file.path() + ":" + event.line,
                            event.zone, event.start, event.rrule, true, event.rdates, event.exdates, event.duration));
                }
            }
            return problems.size() == before ? series : List.of();
        }

        /** One {@code VEVENT} as read, or null when it cannot be (its problems are reported). */
        private Event event(Component component, Map<String, Integer> lines) {
            int line = lines.getOrDefault("BEGIN", 1);
            Event event = new Event(line);
            event.uid = value(component, Property.UID).orElse(null);
            event.cancelled = value(component, Property.STATUS).map(s -> s.equalsIgnoreCase("CANCELLED")).orElse(false);
            Optional<String> summary = value(component, Property.SUMMARY).filter(s -> !s.isBlank());
            if (summary.isEmpty()) {
                problem(line, "an event has no SUMMARY: every event is a freeze, named by its SUMMARY");
            }
            event.name = summary.orElse(null);
            Optional<Property> start = component.getProperty(Property.DTSTART);
            if (start.isEmpty()) {
                problem(line, "the event \"" + event.name + "\" has no DTSTART");
                return null;
            }
            int startLine = lines.getOrDefault(Property.DTSTART, line);
            Time begins = time(start.get(), startLine);
            if (begins == null) {
                return null;
            }
            event.zone = begins.zone == null ? policyZone : begins.zone;
            event.start = begins.local;
            event.duration = duration(component, event, begins, lines);
            Optional<Property> recurrenceId = component.getProperty(Property.RECURRENCE_ID);
            if (recurrenceId.isPresent()) {
                event.recurrenceId = time(recurrenceId.get(), lines.getOrDefault(Property.RECURRENCE_ID, line));
            }
            Optional<String> rrule = value(component, Property.RRULE);
            if (rrule.isPresent()) {
                int at = lines.getOrDefault(Property.RRULE, line);
                String problem = FreezeOccurrences.problem(rrule.get());
                if (problem == null) {
                    problem = trial(event, rrule.get());
                }
                if (problem != null) {
                    problem(at, "RRULE " + problem);
                } else {
                    event.rrule = rrule.get();
                }
            }
            for (Property exdate : component.getProperties(Property.EXDATE)) {
                for (Time time : times(exdate, lines.getOrDefault(Property.EXDATE, line))) {
                    event.exdates.add(time.in(event.zone));
                }
            }
            for (Property rdate : component.getProperties(Property.RDATE)) {
                for (Time time : times(rdate, lines.getOrDefault(Property.RDATE, line))) {
                    event.rdates.add(time.in(event.zone));
                }
            }
            return event.duration == null || event.name == null ? null : event;
        }

        /** Expands a rule over a year from its start, so that a rule ical4j reads but cannot expand is reported. */
        private static String trial(Event event, String rrule) {
            try {
                new FreezeOccurrences.Series("", "", "", event.zone, event.start, rrule, true, List.of(), Set.of(),
                        Duration.ofDays(1)).startsBetween(event.start, event.start.plusYears(1));
                return null;
            } catch (RuntimeException e) {
                return "cannot be expanded from DTSTART " + event.start + ": " + e.getMessage();
            }
        }

        /** How long each occurrence lasts: {@code DTEND} minus {@code DTSTART}, {@code DURATION}, or a day. */
        private Duration duration(Component component, Event event, Time begins, Map<String, Integer> lines) {
            Optional<Property> end = component.getProperty(Property.DTEND);
            Optional<String> duration = value(component, Property.DURATION);
            Duration length;
            int at;
            if (end.isPresent()) {
                at = lines.getOrDefault(Property.DTEND, event.line);
                Time ends = time(end.get(), at);
                if (ends == null) {
                    return null;
                }
                if (ends.date != begins.date) {
                    problem(at, "DTEND must be a " + (begins.date ? "date" : "date and time") + " as DTSTART is");
                    return null;
                }
                LocalDateTime local = ends.in(event.zone);
                long days = java.time.temporal.ChronoUnit.DAYS.between(begins.local.toLocalDate(), local.toLocalDate());
                // whole days are nominal, as the occurrences count them; the rest is exact
                length = Duration.ofDays(days).plus(Duration.between(begins.local.plusDays(days), local));
            } else if (duration.isPresent()) {
                at = lines.getOrDefault(Property.DURATION, event.line);
                length = duration(duration.get(), at);
                if (length == null) {
                    return null;
                }
            } else if (begins.date) {
                return Duration.ofDays(1);
            } else {
                problem(event.line, "the event \"" + event.name + "\" at a time has neither DTEND nor DURATION: "
                        + "a freeze needs a length");
                return null;
            }
            if (length.isNegative() || length.isZero()) {
                problem(at, "the event \"" + event.name + "\" must last more than nothing; it lasts " + length);
                return null;
            }
            if (begins.date && length.toSeconds() % 86_400 != 0) {
                problem(at, "an all-day event lasts whole days; was " + length);
                return null;
            }
            return length;
        }

        private Duration duration(String text, int line) {
            Matcher m = DURATION.matcher(text.trim());
            if (!m.matches() || text.trim().equals("P") || text.trim().endsWith("T")) {
                problem(line, "DURATION must be an RFC 5545 duration like P1D, PT6H or P1W; was \"" + text + "\"");
                return null;
            }
            Duration length = m.group(2) != null ? Duration.ofDays(7L * Long.parseLong(m.group(2)))
                    : Duration.ofDays(number(m.group(3))).plusHours(number(m.group(4)))
                    .plusMinutes(number(m.group(5))).plusSeconds(number(m.group(6)));
            return m.group(1).equals("-") ? length.negated() : length;
        }

        private static long number(String group) {
            return group == null ? 0 : Long.parseLong(group);
        }

        /** A date or date-time property's one value. */
        private Time time(Property property, int line) {
            List<Time> times = times(property, line);
            if (times.size() > 1) {
                problem(line, property.getName() + " must have one value; has " + times.size());
                return null;
            }
            return times.isEmpty() ? null : times.get(0);
        }

        /** A date or date-time property's values ({@code EXDATE} and {@code RDATE} may list several). */
        private List<Time> times(Property property, int line) {
            String name = property.getName();
            Optional<String> valueType = parameter(property, Parameter.VALUE);
            if (valueType.isPresent() && valueType.get().equalsIgnoreCase("PERIOD")) {
                problem(line, name + ": periods are not read; give the start dates or times");
                return List.of();
            }
            ZoneId zone = null;
            Optional<String> tzid = parameter(property, Parameter.TZID);
            if (tzid.isPresent()) {
                try {
                    zone = ZoneId.of(tzid.get());
                } catch (DateTimeException e) {
                    problem(line, name + ": TZID \"" + tzid.get() + "\" is not an IANA time zone (like Europe/Berlin)");
                    return List.of();
                }
            }
            List<Time> times = new ArrayList<>();
            for (String value : property.getValue().split(",")) {
                Time time = time(name, value.trim(), zone, line);
                if (time == null) {
                    return List.of();
                }
                times.add(time);
            }
            return times;
        }

        private Time time(String name, String value, ZoneId zone, int line) {
            try {
                if (DATE.matcher(value).matches()) {
                    return new Time(LocalDate.parse(value, BASIC_DATE).atStartOfDay(), null, true);
                }
                Matcher m = DATE_TIME.matcher(value);
                if (m.matches()) {
                    LocalDateTime local = LocalDateTime.parse(m.group(1), FreezeOccurrences.BASIC_DATE_TIME);
                    return m.group(2).isEmpty() ? new Time(local, zone, false)
                            : new Time(local, ZoneOffset.UTC, false);
                }
            } catch (DateTimeParseException e) {
                // reported below
            }
            problem(line, name + " must be a date (20261225) or a date and time (20261225T090000, "
                    + "20261225T090000Z); was \"" + value + "\"");
            return null;
        }

        private static Optional<String> value(Component component, String name) {
            return component.<Property>getProperty(name).map(Property::getValue);
        }

        private static Optional<String> parameter(Property property, String name) {
            return property.<Parameter>getParameter(name).map(Parameter::getValue);
        }

        private void problem(int line, String message) {
            problems.add(new PolicyProblem(file.path(), OptionalInt.of(line), null, message));
        }

        /**
         * Where each event's lines are: for the n-th {@code VEVENT} of the file, the line it begins at
         * ({@code BEGIN}) and the first line of each of its own properties (not those of a component inside it).
         */
        private static List<Map<String, Integer>> eventLines(String text) {
            List<Map<String, Integer>> events = new ArrayList<>();
            String[] physical = text.split("\r\n|\n|\r", -1);
            List<String> stack = new ArrayList<>();
            Map<String, Integer> current = null;
            for (int i = 0; i < physical.length; i++) {
                String line = physical[i];
                if (line.isEmpty() || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                    continue;
                }
                String name = line.split("[;:]", 2)[0].toUpperCase(Locale.ROOT);
                if (name.equals("BEGIN")) {
                    String component = line.substring(line.indexOf(':') + 1).trim().toUpperCase(Locale.ROOT);
                    stack.add(component);
                    if (component.equals("VEVENT") && stack.size() == 2) {
                        current = new HashMap<>();
                        current.put("BEGIN", i + 1);
                        events.add(current);
                    }
                } else if (name.equals("END")) {
                    if (!stack.isEmpty()) {
                        stack.remove(stack.size() - 1);
                    }
                } else if (current != null && stack.size() == 2 && stack.get(1).equals("VEVENT")) {
                    current.putIfAbsent(name, i + 1);
                }
            }
            return events;
        }
    }

    /**
     * A date or date-time as a calendar file gives it.
     *
     * @param local a local time (a date at its start)
     * @param zone  its zone: a TZID's or UTC; null for a date or a floating time, which are the policy's
     * @param date  whether it is a date (an all-day value)
     */
    private record Time(LocalDateTime local, ZoneId zone, boolean date) {
        /** The same moment as a local time in another zone (a date or floating time is taken as it is). */
        LocalDateTime in(ZoneId other) {
            if (zone == null || zone.equals(other)) {
                return local;
            }
            return local.atZone(zone).withZoneSameInstant(other).toLocalDateTime();
        }
    }

    /** One event of a calendar file, as read. */
    private static final class Event {
        final int line;
        String uid;
        String name;
        boolean cancelled;
        ZoneId zone;
        LocalDateTime start;
        Duration duration;
        String rrule;
        Time recurrenceId;
        final List<LocalDateTime> rdates = new ArrayList<>();
        final Set<LocalDateTime> exdates = new HashSet<>();

        Event(int line) {
            this.line = line;
        }
    }
}
