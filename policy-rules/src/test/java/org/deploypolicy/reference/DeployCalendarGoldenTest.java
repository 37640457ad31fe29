package org.deploypolicy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.CalendarComponent;
import net.fortuna.ical4j.validate.ValidationResult;
import org.deploypolicy.DeployCalendar;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.PolicyId;
import org.deploypolicy.PolicyJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deploy calendar of the reference and of the test policies with calendars, recurring freezes and their own
 * window rules, as text, JSON and iCalendar, against the files a person checked ({@code src/test/resources/calendars};
 * the policy version is masked there, as it changes with every rule). The iCalendar feed passes ical4j's validation,
 * and its events are the restricted stretches and preferred windows the calendar's periods say.
 */
class DeployCalendarGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/calendars");
    private static final Map<String, DeploymentPolicy> POLICIES = new ConcurrentHashMap<>();

    static Stream<Arguments> calendars() {
        return Stream.of(
                Arguments.of("reference", "2026-12-07", 14),
                Arguments.of("public-holidays", "2026-12-07", 35),
                Arguments.of("month-end-freeze", "2026-12-21", 14),
                Arguments.of("berlin-sunday-maintenance", "2026-03-26", 7),
                Arguments.of("berlin-sunday-maintenance", "2026-10-22", 7),
                Arguments.of("late-thursday", "2026-12-07", 7));
    }

    @ParameterizedTest(name = "{0} from {1}, {2} days")
    @MethodSource("calendars")
    void theCalendarIsTheOneChecked(String policy, String from, int days) throws IOException {
        DeployCalendar calendar = masked(policy, from, days);
        String name = policy + "-" + from;
        assertGolden(name + ".txt", calendar.toText());
        assertGolden(name + ".json", PolicyJson.toJson(calendar) + "\n");
        assertGolden(name + ".ics", calendar.toICalendar());
    }

    @ParameterizedTest(name = "{0} from {1}, {2} days")
    @MethodSource("calendars")
    void theFeedIsValidICalendarWhoseEventsAreTheRestrictedAndPreferredPeriods(String policy, String from, int days)
            throws IOException, ParserException {
        DeployCalendar calendar = masked(policy, from, days);
        String ics = calendar.toICalendar();
        for (String line : ics.split("\r\n")) {
            assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 75, () -> "a line longer than 75 octets: " + line);
            assertFalse(line.contains("\n") || line.contains("\r"), "lines end in CRLF");
        }
        assertTrue(ics.endsWith("END:VCALENDAR\r\n"));
        Calendar parsed = new CalendarBuilder().build(new StringReader(ics));
        ValidationResult validation = parsed.validate();
        assertFalse(validation.hasErrors(), validation::toString);

        List<Span> events = new ArrayList<>();
        List<String> uids = new ArrayList<>();
        for (CalendarComponent event : parsed.<CalendarComponent>getComponents(Component.VEVENT)) {
            uids.add(value(event, Property.UID));
            String summary = value(event, Property.SUMMARY);
            events.add(new Span(instant(value(event, Property.DTSTART)), instant(value(event, Property.DTEND)),
                    summary.equals("Preferred deploy window") ? "preferred" : "restricted"));
        }
        assertEquals(uids.size(), uids.stream().distinct().count(), "UIDs are unique");
        // every restricted or preferred period lies in one event of its kind, and the events cover nothing else
        Duration covered = Duration.ZERO;
        for (DeployCalendar.Day day : calendar.days()) {
            for (DeployCalendar.Period period : day.periods()) {
                for (String kind : kinds(period)) {
                    Instant start = period.from().toInstant();
                    Instant end = period.to().toInstant();
                    long holding = events.stream().filter(e -> e.kind().equals(kind)
                            && !e.from().isAfter(start) && !e.to().isBefore(end)).count();
                    assertEquals(1, holding, () -> kind + " period " + period + " is in one event");
                    covered = covered.plus(Duration.between(start, end));
                }
            }
        }
        Duration total = events.stream().map(e -> Duration.between(e.from(), e.to())).reduce(Duration.ZERO, Duration::plus);
        assertEquals(covered, total, "the events cover the restricted and preferred periods and nothing else");
    }

    @org.junit.jupiter.api.Test
    void aFeedOfDaysWithoutRestrictionsOrPreferredHoursHasOneEventSayingSo() throws IOException, ParserException {
        String ics = masked("reference", "2026-12-07", 1).toICalendar();
        Calendar parsed = new CalendarBuilder().build(new StringReader(ics));
        assertFalse(parsed.validate().hasErrors(), () -> parsed.validate().toString());
        List<CalendarComponent> events = parsed.getComponents(Component.VEVENT);
        assertEquals(1, events.size(), ics);
        assertEquals("Deploys: all changes", value(events.get(0), Property.SUMMARY));
        assertEquals("20261206T210000Z", value(events.get(0), Property.DTSTART));
        assertEquals("20261207T210000Z", value(events.get(0), Property.DTEND));
    }

    private record Span(Instant from, Instant to, String kind) {
    }

    private static List<String> kinds(DeployCalendar.Period period) {
        List<String> kinds = new ArrayList<>();
        if (period.allows() != DeployCalendar.Allows.ALL) {
            kinds.add("restricted");
        }
        if (period.preferred()) {
            kinds.add("preferred");
        }
        return kinds;
    }

    private static String value(Component component, String name) {
        return component.<Property>getProperty(name).map(Property::getValue).orElseThrow();
    }

    private static Instant instant(String utc) {
        return Instant.parse(utc.substring(0, 4) + "-" + utc.substring(4, 6) + "-" + utc.substring(6, 11) + ":"
                + utc.substring(11, 13) + ":" + utc.substring(13));
    }

    /** The policy's calendar with its version masked, as the golden files have it. */
    private static DeployCalendar masked(String policy, String from, int days) {
        DeploymentPolicy built = POLICIES.computeIfAbsent(policy, name -> name.equals("reference") ? Reference.POLICY
                : Reference.testPolicy(name));
        DeployCalendar calendar = built.calendar(LocalDate.parse(from), days);
        return new DeployCalendar(new PolicyId(calendar.policy().name(), "sha256:VERSION"), calendar.zone(),
                calendar.days());
    }

    private static void assertGolden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(file, actual);
        }
        assertTrue(Files.exists(file), () -> "no golden file " + file + " (run with -Dgolden.update=true, then check it)");
        assertEquals(Files.readString(file), actual, name);
    }
}
