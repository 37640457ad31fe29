package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code deploy-policy calendar} in-process: the reference's week of 2026-12-07 as text, JSON and iCalendar; a
 * policy directory's freeze; usage errors and a policy that does not build. {@link CalendarCommandIT} runs it as a
 * process.
 */
class CalendarCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The week: Monday 2026-12-07 to Sunday 2026-12-13, in Addis Ababa (UTC+3, no daylight saving). */
    static final String[] WEEK = {"calendar", "--from", "2026-12-07", "--days", "7"};
    /** A team policy (policy-rules' test policy) that extends the reference with holidays.ics: an offsite on 8-9 December. */
    private static final Path PUBLIC_HOLIDAYS = Path.of("..", "policy-rules", "src", "test", "resources", "policies",
            "public-holidays");

    /**
     * The shape {@code PolicyJson.toJson(DeployCalendar)} documents: {@code {"policy", "zone", "days": [{"date",
     * "weekday", "periods": [{"from", "to", "allows", "severities", "preferred", "freezes": [{"name", "reason"}],
     * "rules": [{"rule", "subject"}]}]}]}}, nothing else.
     */
    private static final JsonSchema SHAPE = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema("""
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object", "additionalProperties": false, "required": ["policy", "zone", "days"],
              "properties": {
                "policy": { "type": "object", "additionalProperties": false, "required": ["name", "version"],
                  "properties": { "name": { "type": "string" },
                                  "version": { "type": "string", "pattern": "^sha256:[0-9a-f]{64}$" } } },
                "zone": { "type": "string", "minLength": 1 },
                "days": { "type": "array", "minItems": 1, "items": {
                  "type": "object", "additionalProperties": false, "required": ["date", "weekday", "periods"],
                  "properties": {
                    "date": { "type": "string", "pattern": "^\\\\d{4}-\\\\d{2}-\\\\d{2}$" },
                    "weekday": { "enum": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"] },
                    "periods": { "type": "array", "minItems": 1, "items": {
                      "type": "object", "additionalProperties": false,
                      "required": ["from", "to", "allows", "severities", "preferred", "freezes", "rules"],
                      "properties": {
                        "from": { "type": "string", "format": "date-time" },
                        "to": { "type": "string", "format": "date-time" },
                        "allows": { "enum": ["ALL", "CRITICAL", "EMERGENCY", "NONE"] },
                        "severities": { "type": "array", "uniqueItems": true,
                                        "items": { "enum": ["P1", "P2", "P3", "P4"] } },
                        "preferred": { "type": "boolean" },
                        "freezes": { "type": "array", "items": {
                          "type": "object", "additionalProperties": false, "required": ["name", "reason"],
                          "properties": { "name": { "type": "string" }, "reason": { "type": "string" } } } },
                        "rules": { "type": "array", "items": {
                          "type": "object", "additionalProperties": false, "required": ["rule"],
                          "properties": { "rule": { "type": "string" }, "subject": { "type": "string" } } } }
                      } } }
                  } } }
              }
            }
            """);

    private static CommandLineTest.Run run(String... args) {
        return CommandLineTest.run(args);
    }

    /** The week's arguments, then more. */
    static String[] week(String... more) {
        return Stream.concat(Stream.of(WEEK), Stream.of(more)).toArray(String[]::new);
    }

    @Test
    void theReferenceWeekAsTextFridayCriticalOnlyWeekendEmergenciesTuesdayAndWednesdayPreferred() {
        CommandLineTest.Run text = run(WEEK);

        assertEquals(0, text.exit(), text.err());
        assertEquals("", text.err());
        List<String> lines = text.out().lines().toList();
        assertTrue(lines.get(0).matches("Deploy calendar of reference \\(sha256:[0-9a-f]{64}\\), times in "
                + "Africa/Addis_Ababa, 2026-12-07 to 2026-12-13"), lines.get(0));
        assertEquals("""
                Mon 2026-12-07  00:00-24:00  all changes
                Tue 2026-12-08  00:00-09:00  all changes
                                09:00-15:00  all changes, preferred
                                15:00-24:00  all changes
                Wed 2026-12-09  00:00-09:00  all changes
                                09:00-15:00  all changes, preferred
                                15:00-24:00  all changes
                Thu 2026-12-10  00:00-24:00  all changes
                Fri 2026-12-11  00:00-24:00  critical only (P1, P2), by window.friday
                Sat 2026-12-12  00:00-24:00  emergencies only (P1), by window.weekend
                Sun 2026-12-13  00:00-24:00  emergencies only (P1), by window.weekend
                """, text.out().substring(text.out().indexOf('\n') + 1));
    }

    @Test
    void jsonHasTheDocumentedShapeAndTheDaysFollowOneAnother() throws IOException {
        CommandLineTest.Run json = run(week("--format", "json"));

        assertEquals(0, json.exit(), json.err());
        assertEquals(java.util.Set.of(), SHAPE.validate(JSON.readTree(json.out())), json.out());
        JsonNode calendar = JSON.readTree(json.out());
        assertEquals("reference", calendar.at("/policy/name").asText());
        assertEquals("Africa/Addis_Ababa", calendar.get("zone").asText());
        JsonNode days = calendar.get("days");
        assertEquals(7, days.size());
        for (int i = 0; i < days.size(); i++) {
            JsonNode day = days.get(i);
            LocalDate date = LocalDate.of(2026, 12, 7).plusDays(i);
            assertEquals(date.toString(), day.get("date").asText());
            assertEquals(date.getDayOfWeek().name(), day.get("weekday").asText());
            // the periods cover the local day from midnight to midnight, each starting where the one before ended
            JsonNode periods = day.get("periods");
            assertEquals(date + "T00:00:00+03:00", periods.get(0).get("from").asText());
            assertEquals(date.plusDays(1) + "T00:00:00+03:00", periods.get(periods.size() - 1).get("to").asText());
            for (int p = 1; p < periods.size(); p++) {
                assertEquals(periods.get(p - 1).get("to").asText(), periods.get(p).get("from").asText(), day.toString());
            }
        }
        JsonNode friday = days.get(4).get("periods");
        assertEquals(1, friday.size());
        assertEquals("CRITICAL", friday.get(0).get("allows").asText());
        assertEquals("[\"P1\",\"P2\"]", friday.get(0).get("severities").toString());
        assertEquals("[{\"rule\":\"window.friday\"}]", friday.get(0).get("rules").toString());
        JsonNode saturday = days.get(5).get("periods").get(0);
        assertEquals("EMERGENCY", saturday.get("allows").asText());
        assertEquals("[\"P1\"]", saturday.get("severities").toString());
        JsonNode tuesday = days.get(1).get("periods");
        assertEquals(3, tuesday.size());
        assertEquals("2026-12-08T09:00:00+03:00", tuesday.get(1).get("from").asText());
        assertEquals("2026-12-08T15:00:00+03:00", tuesday.get(1).get("to").asText());
        assertTrue(tuesday.get(1).get("preferred").asBoolean());
        assertFalse(tuesday.get(0).get("preferred").asBoolean());
        assertEquals("ALL", tuesday.get(1).get("allows").asText());
        assertEquals("[\"P1\",\"P2\",\"P3\",\"P4\"]", tuesday.get(1).get("severities").toString());
    }

    @Test
    void icsIsAnICalendarFeedOfCrlfLinesOfAtMost75OctetsWithTheWeeksEvents() throws Exception {
        CommandLineTest.Run ics = run(week("--format", "ics"));

        assertEquals(0, ics.exit(), ics.err());
        CalendarFeed.assertLines(ics.out());
        List<VEvent> events = CalendarFeed.events(ics.out());
        // Tuesday's and Wednesday's preferred hours, Friday critical only, the weekend for emergencies only
        assertEquals(List.of(
                        "2026-12-08T06:00:00Z 2026-12-08T12:00:00Z Preferred deploy window",
                        "2026-12-09T06:00:00Z 2026-12-09T12:00:00Z Preferred deploy window",
                        "2026-12-10T21:00:00Z 2026-12-11T21:00:00Z Deploys: critical only (P1, P2)",
                        "2026-12-11T21:00:00Z 2026-12-13T21:00:00Z Deploys: emergencies only (P1)"),
                events.stream().map(CalendarFeed::describe).toList());
        for (VEvent event : events) {
            assertEquals("TRANSPARENT", CalendarFeed.value(event, Property.TRANSP));
            assertTrue(CalendarFeed.value(event, Property.UID).endsWith("@deploy-policy"), event::toString);
        }
        assertEquals(ics.out(), run(week("--format", "ics")).out(), "the same calendar is the same bytes");
    }

    @Test
    void aPolicyDirectoryShowsItsFreezeWithItsNameAndReason(@TempDir Path temp) throws Exception {
        Path policy = copy(PUBLIC_HOLIDAYS, temp.resolve("public-holidays"));

        CommandLineTest.Run text = run(week("--policy", policy.toString()));

        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().startsWith("Deploy calendar of public-holidays "), text.out());
        String frozen = "  00:00-24:00  emergencies only (P1), frozen: Company offsite (public holiday), by window.freeze";
        assertTrue(text.out().contains("Tue 2026-12-08" + frozen + "\n"), text.out());
        assertTrue(text.out().contains("Wed 2026-12-09" + frozen + "\n"), text.out());
        assertTrue(text.out().contains("Thu 2026-12-10  00:00-24:00  all changes\n"), text.out());
        assertFalse(text.out().contains("preferred"), "the offsite takes the week's preferred hours: " + text.out());

        JsonNode tuesday = JSON.readTree(run(week("--policy", policy.toString(), "--format", "json")).out())
                .at("/days/1/periods/0");
        assertEquals("[{\"name\":\"Company offsite\",\"reason\":\"public holiday\"}]", tuesday.get("freezes").toString());
        assertEquals("[{\"rule\":\"window.freeze\",\"subject\":\"Company offsite\"}]", tuesday.get("rules").toString());

        CommandLineTest.Run ics = run(week("--policy", policy.toString(), "--format", "ics"));
        CalendarFeed.assertLines(ics.out());
        assertTrue(CalendarFeed.events(ics.out()).stream().map(CalendarFeed::describe).anyMatch(
                "2026-12-07T21:00:00Z 2026-12-09T21:00:00Z Deploy freeze: Company offsite"::equals), ics.out());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "--days, 0",
            "--days, 367",
            "--days, -1",
            "--days, abc",
            "--from, 2026-13-01",
            "--from, 2026-02-30",
            "--from, tomorrow",
            "--from, +999999999-12-31",
            "--from, 9999-12-28",
            "--from, -0001-12-31",
            "--format, xml"})
    void aBadOptionExitsSixtyFourNamingIt(String option, String value) {
        CommandLineTest.Run usage = run("calendar", option, value);

        assertEquals(64, usage.exit(), usage.err());
        assertEquals("", usage.out());
        assertTrue(usage.err().contains("'" + option + "'"), usage.err());
        assertTrue(usage.err().contains(value), usage.err());
    }

    @Test
    void theBoundsOfDaysAreAllowed() {
        assertEquals(2, run("calendar", "--from", "2026-12-07", "--days", "1").out().lines().count());
        CommandLineTest.Run year = run("calendar", "--from", "2026-12-07", "--days", "366", "--format", "json");
        assertEquals(0, year.exit(), year.err());
        assertTrue(year.out().contains("\"date\": \"2027-12-07\""), "366 days from 2026-12-07 end on 2027-12-07");
    }

    @Test
    void aPolicyThatDoesNotBuildExitsThreeNamingTheFile(@TempDir Path policy) throws IOException {
        Files.writeString(policy.resolve("policy.yaml"), "extends: reference\nzone: Mars/Olympus\n");

        CommandLineTest.Run broken = run(week("--policy", policy.toString()));

        assertEquals(3, broken.exit(), broken.err());
        assertEquals("", broken.out());
        assertTrue(broken.err().startsWith("policy.yaml:2:"), broken.err());
        assertTrue(broken.err().contains("Mars/Olympus"), broken.err());
    }

    /** Copies a directory tree. */
    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return to;
    }
}
