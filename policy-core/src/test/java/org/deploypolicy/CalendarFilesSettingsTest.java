package org.deploypolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calendar files in {@code policy.yaml} ({@code windows.calendars}: a list of {@code file} and {@code reason}):
 * every event of an iCalendar file in the policy directory is a freeze named by its {@code SUMMARY}. All-day events
 * cover their local days in the policy's zone (Europe/Berlin here, from core-base); {@code TZID}, UTC and floating
 * times; {@code RRULE}, {@code RDATE}, {@code EXDATE}; an override ({@code RECURRENCE-ID}) moves or, cancelled,
 * removes one occurrence. A request inside an event is blocked by a freeze rule (the reference policy's
 * {@code window.freeze}, written into the test policy) with the event's name as subject. What cannot be read is a
 * problem at the settings key or at the calendar file's line; named calendars count in the version; a calendar with
 * no event in the coming year is a warning.
 */
class CalendarFilesSettingsTest {
    /** The reference policy's freeze rule: only an emergency deploys inside a freeze. */
    private static final String FREEZE_RULE = """
            package org.deploypolicy.calendars;

            import org.deploypolicy.rules.Deployment;
            import org.deploypolicy.rules.Freeze;

            global org.deploypolicy.rules.Findings findings;

            rule "window.freeze"
                @id("window.freeze")
                @window
            when
                $d : Deployment( production, !emergency, !emergencyHotfix )
                $f : Freeze( this.contains($d.instant) )
            then
                findings.block($f.name(), $d.when() + " is inside the freeze \\"" + $f.name() + "\\" (" + $f.reason()
                        + ", until " + $f.to() + "): only emergencies may deploy.");
            end
            """;

    @TempDir
    Path dir;

    // ---- building policies -------------------------------------------------------------------------------------

    /** An iCalendar file of the given lines between its header (lines 1-3) and its end, with CRLF line endings. */
    private static String ics(String... lines) {
        List<String> all = new ArrayList<>(List.of("BEGIN:VCALENDAR", "VERSION:2.0",
                "PRODID:-//deploy-policy//calendar tests//EN"));
        all.addAll(List.of(lines));
        all.add("END:VCALENDAR");
        return String.join("\r\n", all) + "\r\n";
    }

    /**
     * Settings extending core-base (zone Europe/Berlin, no freeze of its own here) whose calendars are the given
     * {@code file, reason} pairs, one key a line: entry {@code i}'s {@code file} is on line {@code 5 + 2i}.
     */
    private static String settings(String... fileAndReason) {
        StringBuilder yaml = new StringBuilder("extends: core-base\nwindows:\n  freezes: []\n  calendars:\n");
        for (int i = 0; i < fileAndReason.length; i += 2) {
            yaml.append("    - file: \"").append(fileAndReason[i]).append("\"\n");
            yaml.append("      reason: ").append(fileAndReason[i + 1]).append('\n');
        }
        return yaml.toString();
    }

    /** Writes one calendar named by the settings, with the freeze rule, and builds the policy. */
    private DeploymentPolicy withCalendar(String ics) {
        TestPolicies.write(dir.resolve("freeze.drl"), FREEZE_RULE);
        TestPolicies.write(dir.resolve("holidays.ics"), ics);
        TestPolicies.write(dir.resolve("policy.yaml"), settings("holidays.ics", "public holiday"));
        return build(dir);
    }

    private static DeploymentPolicy build(Path directory) {
        return DeploymentPolicy.builder().directory(directory)
                .clock(Clock.fixed(TestPolicies.NOW, ZoneOffset.UTC)).build();
    }

    /** Writes the settings and calendar files (name, text pairs) and returns the error the build fails with. */
    private InvalidPolicyException refused(String settings, String... files) {
        TestPolicies.write(dir.resolve("policy.yaml"), settings);
        for (int i = 0; i < files.length; i += 2) {
            TestPolicies.write(dir.resolve(files[i]), files[i + 1]);
        }
        return assertThrows(InvalidPolicyException.class, () -> build(dir));
    }

    // ---- asking the policy --------------------------------------------------------------------------------------

    private static Decision deployAt(DeploymentPolicy policy, String at) {
        return policy.evaluate(Requests.deploymentTo("prod", OffsetDateTime.parse(at)));
    }

    /** The window.freeze findings of a production deployment at a time: the freezes it is inside. */
    private static List<Finding> freezeFindings(DeploymentPolicy policy, String at) {
        return deployAt(policy, at).findings().stream().filter(f -> f.rule().equals("window.freeze")).toList();
    }

    /** The names of the freezes a production deployment at a time is inside (the findings' subjects). */
    private static List<String> frozenBy(DeploymentPolicy policy, String at) {
        return freezeFindings(policy, at).stream().map(f -> f.subject().orElse("(no subject)")).toList();
    }

    private static void assertFree(DeploymentPolicy policy, String at) {
        assertEquals(List.of(), frozenBy(policy, at), at);
    }

    private static void assertFrozen(DeploymentPolicy policy, String at, String name) {
        assertEquals(List.of(name), frozenBy(policy, at), at);
    }

    /** A problem as {@code file:line: message}. */
    private static List<String> described(InvalidPolicyException error) {
        return error.problems().stream().map(p -> p.file() + ":" + p.line().orElse(-1) + ": " + p.message()).toList();
    }

    private static PolicyProblem onlyProblem(InvalidPolicyException error) {
        assertEquals(1, error.problems().size(), Requests.describe(error));
        return error.problems().get(0);
    }

    // ---- all-day events ------------------------------------------------------------------------------------

    @Test
    void anAllDayEventFreezesItsLocalDayInThePolicyZoneAndAMultiDayEndIsExclusive() {
        DeploymentPolicy policy = withCalendar(ics(
                "BEGIN:VEVENT",
                "UID:unity@calendar.test",
                "SUMMARY:Day of German Unity",
                "DTSTART;VALUE=DATE:20301003",
                "END:VEVENT",
                "BEGIN:VEVENT",
                "UID:offsite@calendar.test",
                "SUMMARY:Company offsite",
                "DTSTART;VALUE=DATE:20301111",
                "DTEND;VALUE=DATE:20301113",
                "END:VEVENT"));

        List<Finding> inside = freezeFindings(policy, "2030-10-03T12:00:00+02:00");
        assertEquals(1, inside.size(), inside.toString());
        assertEquals(Effect.BLOCK, inside.get(0).effect());
        assertEquals("Day of German Unity", inside.get(0).subject().orElseThrow());
        assertTrue(inside.get(0).message().contains("\"Day of German Unity\" (public holiday"), inside.get(0).message());
        assertEquals(Outcome.REJECTED, deployAt(policy, "2030-10-03T12:00:00+02:00").outcome());

        // the local day in Berlin (+02:00 in October), not the day in UTC
        assertFrozen(policy, "2030-10-03T00:00:00+02:00", "Day of German Unity");
        assertFrozen(policy, "2030-10-02T22:30:00Z", "Day of German Unity");
        assertFrozen(policy, "2030-10-03T23:59:00+02:00", "Day of German Unity");
        assertFree(policy, "2030-10-02T23:59:00+02:00");
        assertFree(policy, "2030-10-04T00:00:00+02:00");
        assertFree(policy, "2030-10-03T23:30:00Z");
        assertEquals(Outcome.APPROVED, deployAt(policy, "2030-10-04T00:00:00+02:00").outcome());

        // DTEND 13 November is the first day outside: 11 and 12 November are frozen (+01:00 in November)
        assertFree(policy, "2030-11-10T23:59:00+01:00");
        assertFrozen(policy, "2030-11-11T00:00:00+01:00", "Company offsite");
        assertFrozen(policy, "2030-11-12T23:59:00+01:00", "Company offsite");
        assertFree(policy, "2030-11-13T00:00:00+01:00");
    }

    // ---- RRULE, EXDATE, RDATE ------------------------------------------------------------------------------

    @Test
    void aYearlyRuleIsHonouredWithoutItsExcludedDatesAndWithItsAddedOnes() {
        DeploymentPolicy policy = withCalendar(ics(
                "BEGIN:VEVENT",
                "UID:genna@calendar.test",
                "SUMMARY:Genna",
                "DTSTART;VALUE=DATE:20300107",
                "RRULE:FREQ=YEARLY",
                "EXDATE;VALUE=DATE:20320107",
                "RDATE;VALUE=DATE:20320108",
                "END:VEVENT"));

        assertFrozen(policy, "2030-01-07T12:00:00+01:00", "Genna");
        assertFrozen(policy, "2031-01-07T12:00:00+01:00", "Genna");
        assertFree(policy, "2031-01-08T12:00:00+01:00");
        // 2032: excluded on the 7th, added on the 8th
        assertFree(policy, "2032-01-07T12:00:00+01:00");
        assertFrozen(policy, "2032-01-08T12:00:00+01:00", "Genna");
        assertFrozen(policy, "2033-01-07T12:00:00+01:00", "Genna");
        assertFree(policy, "2033-01-08T12:00:00+01:00");
        // nothing before DTSTART
        assertFree(policy, "2029-01-07T12:00:00+01:00");
    }

    /**
     * RFC 5545 has {@code UNTIL} in UTC when {@code DTSTART} has a {@code TZID} (as calendar programs write it): it
     * bounds the series at that instant, not at that local time in the event's zone.
     */
    @Test
    void aUtcUntilBoundsASeriesInAZoneAtThatInstant() {
        DeploymentPolicy policy = withCalendar(ics(
                // Mondays 09:00 in Berlin (08:00 UTC in winter) until the one on 27 January, inclusive
                "BEGIN:VEVENT",
                "UID:berlin@calendar.test",
                "SUMMARY:Berlin review",
                "DTSTART;TZID=Europe/Berlin:20310106T090000",
                "DURATION:PT1H",
                "RRULE:FREQ=WEEKLY;UNTIL=20310127T080000Z",
                "END:VEVENT",
                // daily 09:00 in New York (14:00 UTC) until 13:00 UTC on 9 January: the last is on the 8th
                "BEGIN:VEVENT",
                "UID:ny@calendar.test",
                "SUMMARY:New York review",
                "DTSTART;TZID=America/New_York:20310106T090000",
                "DURATION:PT1H",
                "RRULE:FREQ=DAILY;UNTIL=20310109T130000Z",
                "END:VEVENT"));

        assertFrozen(policy, "2031-01-20T09:30:00+01:00", "Berlin review");
        assertFrozen(policy, "2031-01-27T09:30:00+01:00", "Berlin review");
        assertFree(policy, "2031-02-03T09:30:00+01:00");

        assertFrozen(policy, "2031-01-08T09:30:00-05:00", "New York review");
        assertFree(policy, "2031-01-09T09:30:00-05:00");
    }

    // ---- TZID, UTC and floating times -----------------------------------------------------------------------

    @Test
    void anEventAtATimeIsInItsTzidInUtcOrFloatingInThePolicyZone() {
        DeploymentPolicy policy = withCalendar(ics(
                // 18 March 2031: New York is on summer time (-04:00), Berlin not yet (+01:00): 09:00 there is
                // 14:00 in Berlin, five hours apart where they are six most of the year
                "BEGIN:VEVENT",
                "UID:ny@calendar.test",
                "SUMMARY:New York launch",
                "DTSTART;TZID=America/New_York:20310318T090000",
                "DURATION:PT2H",
                "END:VEVENT",
                // 23:00 UTC on 5 November is midnight in Berlin (+01:00)
                "BEGIN:VEVENT",
                "UID:utc@calendar.test",
                "SUMMARY:Data centre move",
                "DTSTART:20301105T230000Z",
                "DTEND:20301106T010000Z",
                "END:VEVENT",
                // floating: 09:00-10:00 in Berlin
                "BEGIN:VEVENT",
                "UID:floating@calendar.test",
                "SUMMARY:Audit",
                "DTSTART:20301107T090000",
                "DTEND:20301107T100000",
                "END:VEVENT"));

        assertFree(policy, "2031-03-18T13:59:00+01:00");
        assertFrozen(policy, "2031-03-18T14:00:00+01:00", "New York launch");
        assertFrozen(policy, "2031-03-18T09:30:00-04:00", "New York launch");
        assertFrozen(policy, "2031-03-18T15:59:00+01:00", "New York launch");
        assertFree(policy, "2031-03-18T16:00:00+01:00");
        // where the offsets were taken as six hours apart, 15:00-17:00 Berlin would be frozen instead
        assertFree(policy, "2031-03-18T16:30:00+01:00");

        assertFree(policy, "2030-11-05T23:59:00+01:00");
        assertFrozen(policy, "2030-11-06T00:00:00+01:00", "Data centre move");
        assertFrozen(policy, "2030-11-06T01:59:00+01:00", "Data centre move");
        assertFree(policy, "2030-11-06T02:00:00+01:00");

        assertFree(policy, "2030-11-07T08:59:00+01:00");
        assertFrozen(policy, "2030-11-07T09:00:00+01:00", "Audit");
        assertFrozen(policy, "2030-11-07T08:30:00Z", "Audit");
        // 09:30 UTC is 10:30 in Berlin: a floating time is not UTC
        assertFree(policy, "2030-11-07T09:30:00Z");
        assertFree(policy, "2030-11-07T10:00:00+01:00");
    }

    // ---- overrides ----------------------------------------------------------------------------------------

    @Test
    void anOverrideMovesItsOccurrenceAndACancelledOneRemovesIt() {
        DeploymentPolicy policy = withCalendar(ics(
                // Mondays 10:00-11:00 in Berlin, four times from 4 November 2030
                "BEGIN:VEVENT",
                "UID:review@calendar.test",
                "SUMMARY:Release review",
                "DTSTART;TZID=Europe/Berlin:20301104T100000",
                "DURATION:PT1H",
                "RRULE:FREQ=WEEKLY;COUNT=4",
                "END:VEVENT",
                // the second moves to Tuesday 14:00; its RECURRENCE-ID is given in UTC (09:00Z is 10:00 in Berlin)
                "BEGIN:VEVENT",
                "UID:review@calendar.test",
                "RECURRENCE-ID:20301111T090000Z",
                "SUMMARY:Release review (moved)",
                "DTSTART;TZID=Europe/Berlin:20301112T140000",
                "DURATION:PT1H",
                "END:VEVENT",
                // the third is cancelled
                "BEGIN:VEVENT",
                "UID:review@calendar.test",
                "RECURRENCE-ID;TZID=Europe/Berlin:20301118T100000",
                "STATUS:CANCELLED",
                "SUMMARY:Release review",
                "DTSTART;TZID=Europe/Berlin:20301118T100000",
                "DURATION:PT1H",
                "END:VEVENT",
                // a cancelled event of its own is no freeze
                "BEGIN:VEVENT",
                "UID:party@calendar.test",
                "STATUS:CANCELLED",
                "SUMMARY:Party",
                "DTSTART;VALUE=DATE:20301120",
                "END:VEVENT"));

        assertFrozen(policy, "2030-11-04T10:30:00+01:00", "Release review");
        assertFree(policy, "2030-11-11T10:30:00+01:00");
        assertFree(policy, "2030-11-12T13:59:00+01:00");
        assertFrozen(policy, "2030-11-12T14:30:00+01:00", "Release review (moved)");
        assertFree(policy, "2030-11-12T15:00:00+01:00");
        assertFree(policy, "2030-11-18T10:30:00+01:00");
        assertFrozen(policy, "2030-11-25T10:30:00+01:00", "Release review");
        assertFree(policy, "2030-12-02T10:30:00+01:00");
        assertFree(policy, "2030-11-20T12:00:00+01:00");
    }

    // ---- next allowed ----------------------------------------------------------------------------------------

    @Test
    void theNextAllowedTimeOfARequestInsideAnEventIsTheEventsEnd() {
        DeploymentPolicy policy = withCalendar(ics(
                "BEGIN:VEVENT",
                "UID:offsite@calendar.test",
                "SUMMARY:Company offsite",
                "DTSTART;VALUE=DATE:20301111",
                "DTEND;VALUE=DATE:20301113",
                "END:VEVENT",
                "BEGIN:VEVENT",
                "UID:ny@calendar.test",
                "SUMMARY:New York launch",
                "DTSTART;TZID=America/New_York:20310318T090000",
                "DURATION:PT2H",
                "END:VEVENT"));

        Decision offsite = deployAt(policy, "2030-11-11T15:00:00+01:00");
        assertEquals(Outcome.REJECTED, offsite.outcome());
        assertEquals(OffsetDateTime.parse("2030-11-13T00:00:00+01:00"), offsite.nextAllowed().orElseThrow().at());

        Decision launch = deployAt(policy, "2031-03-18T14:30:00+01:00");
        assertEquals(Outcome.REJECTED, launch.outcome());
        assertEquals(OffsetDateTime.parse("2031-03-18T16:00:00+01:00"), launch.nextAllowed().orElseThrow().at());
    }

    // ---- problems ------------------------------------------------------------------------------------------

    @Test
    void aMissingFileIsAProblemAtItsKey() {
        PolicyProblem problem = onlyProblem(refused(settings("holidays.ics", "public holiday", "missing.ics",
                "other"), "holidays.ics", ics()));

        assertEquals("policy.yaml", problem.file());
        assertEquals(7, problem.line().orElse(-1), problem.describe());
        assertTrue(problem.message().startsWith("windows.calendars[1].file: no file \"missing.ics\""),
                problem.message());
    }

    @Test
    void aPathOutsideThePolicyAnAbsolutePathAUrlOrAFileNotEndingInIcsIsRefusedAtItsKey() {
        InvalidPolicyException error = refused(settings("../x.ics", "r", "/abs.ics", "r", "https://x/y.ics", "r",
                "holidays.txt", "r"), "holidays.txt", ics());

        List<PolicyProblem> problems = error.problems();
        assertEquals(4, problems.size(), Requests.describe(error));
        assertTrue(problems.stream().allMatch(p -> p.file().equals("policy.yaml")), Requests.describe(error));
        assertEquals(List.of(5, 7, 9, 11), problems.stream().map(p -> p.line().orElse(-1)).toList(),
                Requests.describe(error));
        List<String> messages = problems.stream().map(PolicyProblem::message).toList();
        assertTrue(messages.get(0).startsWith("windows.calendars[0].file: must be a file inside the policy directory "
                + "(no \"..\")"), messages.get(0));
        assertTrue(messages.get(1).startsWith("windows.calendars[1].file: must be a path relative to the policy "
                + "directory, not absolute"), messages.get(1));
        assertTrue(messages.get(2).startsWith("windows.calendars[2].file: must be a file in the policy directory, "
                + "not a URL"), messages.get(2));
        assertTrue(messages.get(3).startsWith("windows.calendars[3].file: must be an iCalendar file, whose name ends "
                + "in .ics"), messages.get(3));
    }

    @Test
    void aFileThatIsNotICalendarIsAProblemInThatFileAtItsLine() {
        InvalidPolicyException error = refused(settings("hello.ics", "r", "broken.ics", "r"),
                "hello.ics", "hello\r\n",
                // an event ended as a to-do on line 6
                "broken.ics", ics("BEGIN:VEVENT", "SUMMARY:Half an event", "END:VTODO"));

        List<String> problems = described(error);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("broken.ics:6: cannot be read as iCalendar (RFC 5545)"), problems.get(0));
        assertTrue(problems.get(0).contains("VTODO"), problems.get(0));
        assertTrue(problems.get(1).startsWith("hello.ics:1: cannot be read as iCalendar (RFC 5545)"), problems.get(1));
    }

    @Test
    void eachMistakeOfAnEventIsAProblemAtItsLineAllReportedTogether() {
        String calendar = ics(
                "BEGIN:VEVENT",                                         // 4
                "UID:b@calendar.test",
                "SUMMARY:Windows zone",
                "DTSTART;TZID=W. Europe Standard Time:20310101T090000", // 7
                "DURATION:PT1H",
                "END:VEVENT",
                "BEGIN:VEVENT",                                         // 10
                "UID:c@calendar.test",
                "DTSTART;VALUE=DATE:20310102",
                "END:VEVENT",
                "BEGIN:VEVENT",                                         // 14
                "UID:f@calendar.test",
                "SUMMARY:No length",
                "DTSTART:20310105T090000",
                "END:VEVENT",
                "BEGIN:VEVENT",                                         // 19
                "UID:g@calendar.test",
                "SUMMARY:No start",
                "DURATION:PT1H",
                "END:VEVENT",
                "BEGIN:VEVENT",                                         // 24
                "UID:h@calendar.test",
                "SUMMARY:Backwards",
                "DTSTART:20310106T100000",
                "DTEND:20310106T090000",                                // 28
                "END:VEVENT",
                "BEGIN:VEVENT",                                         // 30
                "UID:i@calendar.test",
                "SUMMARY:Periods",
                "DTSTART;VALUE=DATE:20310107",
                "RDATE;VALUE=PERIOD:20310201T090000Z/PT1H",             // 34
                "END:VEVENT",
                "BEGIN:VEVENT",                                         // 36
                "UID:j@calendar.test",
                "SUMMARY:Nothing",
                "DTSTART;VALUE=DATE:20310108",
                "DTEND;VALUE=DATE:20310108",                            // 40
                "END:VEVENT");
        InvalidPolicyException error = refused(settings("holidays.ics", "public holiday"), "holidays.ics", calendar);

        List<String> problems = described(error);
        assertEquals(7, problems.size(), String.join("\n", problems));
        assertLine(problems, 7, "DTSTART: TZID \"W. Europe Standard Time\" is not an IANA time zone");
        assertLine(problems, 10, "an event has no SUMMARY");
        assertLine(problems, 14, "the event \"No length\" at a time has neither DTEND nor DURATION");
        assertLine(problems, 19, "the event \"No start\" has no DTSTART");
        assertLine(problems, 28, "the event \"Backwards\" must last more than nothing");
        assertLine(problems, 34, "RDATE: periods are not read");
        assertLine(problems, 40, "the event \"Nothing\" must last more than nothing");
    }

    /**
     * ical4j refuses a recurrence rule it cannot read while parsing the file, so the problem is at the rule's line
     * (and the file's other events are not read).
     */
    @Test
    void aRecurrenceRuleThatCannotBeReadIsAProblemAtItsLine() {
        InvalidPolicyException error = refused(settings("holidays.ics", "public holiday"), "holidays.ics", ics(
                "BEGIN:VEVENT",
                "UID:a@calendar.test",
                "SUMMARY:Bad rule",
                "DTSTART;VALUE=DATE:20310101",
                "RRULE:FREQ=SOMETIMES",                                 // 8
                "END:VEVENT"));

        PolicyProblem problem = onlyProblem(error);
        assertEquals("holidays.ics", problem.file());
        assertEquals(8, problem.line().orElse(-1), problem.describe());
        assertTrue(problem.message().contains("SOMETIMES"), problem.message());
    }

    @Test
    void aDurationThatIsNoRfc5545DurationIsAProblemAtItsLine() {
        InvalidPolicyException error = refused(settings("empty.ics", "r", "words.ics", "r"),
                "empty.ics", ics("BEGIN:VEVENT", "UID:d@calendar.test", "SUMMARY:Empty duration",
                        "DTSTART:20310103T090000", "DURATION:PT", "END:VEVENT"),
                "words.ics", ics("BEGIN:VEVENT", "UID:e@calendar.test", "SUMMARY:Duration in words",
                        "DTSTART:20310104T090000", "DURATION:1 hour", "END:VEVENT"));

        List<PolicyProblem> problems = error.problems();
        assertEquals(2, problems.size(), Requests.describe(error));
        assertEquals(List.of("empty.ics:8", "words.ics:8"), problems.stream()
                .map(p -> p.file() + ":" + p.line().orElse(-1)).toList(), Requests.describe(error));
        assertTrue(problems.stream().allMatch(p -> p.message().toLowerCase(java.util.Locale.ROOT).contains("duration")),
                Requests.describe(error));
    }

    /** One problem at {@code holidays.ics:line} whose message contains a fragment. */
    private static void assertLine(List<String> problems, int line, String fragment) {
        String at = "holidays.ics:" + line + ": ";
        List<String> found = problems.stream().filter(p -> p.startsWith(at) && p.contains(fragment)).toList();
        assertEquals(1, found.size(), "no single problem at line " + line + " with \"" + fragment + "\" among:\n"
                + String.join("\n", problems));
    }

    // ---- the version --------------------------------------------------------------------------------------

    @Test
    void aNamedCalendarCountsInTheVersionAndAnUnnamedOneDoesNotNorDoLineEndings() {
        String holidays = ics("BEGIN:VEVENT", "UID:unity@calendar.test", "SUMMARY:Day of German Unity",
                "DTSTART;VALUE=DATE:20301003", "RRULE:FREQ=YEARLY", "END:VEVENT");
        TestPolicies.write(dir.resolve("policy.yaml"), settings("holidays.ics", "public holiday"));
        TestPolicies.write(dir.resolve("holidays.ics"), holidays);
        String version = build(dir).id().version();

        TestPolicies.write(dir.resolve("holidays.ics"), holidays.replace("German Unity", "Unity"));
        String changed = build(dir).id().version();
        assertNotEquals(version, changed, "a named calendar's bytes changed");

        TestPolicies.write(dir.resolve("holidays.ics"), holidays.replace("\r\n", "\n"));
        assertEquals(version, build(dir).id().version(), "LF instead of CRLF");

        TestPolicies.write(dir.resolve("holidays.ics"), holidays);
        TestPolicies.write(dir.resolve("drafts/other.ics"), holidays);
        assertEquals(version, build(dir).id().version(), "an .ics file no entry names was added");

        TestPolicies.write(dir.resolve("drafts/other.ics"), holidays.replace("German Unity", "Unity"));
        assertEquals(version, build(dir).id().version(), "an .ics file no entry names changed");
    }

    // ---- warnings ------------------------------------------------------------------------------------------

    @Test
    void aCalendarWithNoEventInTheComingYearIsAWarningAndOneWithAYearlyEventIsNot() {
        TestPolicies.write(dir.resolve("policy.yaml"), settings("old.ics", "public holiday", "yearly.ics",
                "public holiday"));
        TestPolicies.write(dir.resolve("old.ics"), ics("BEGIN:VEVENT", "UID:old@calendar.test",
                "SUMMARY:Offsite 2020", "DTSTART;VALUE=DATE:20200311", "DTEND;VALUE=DATE:20200313", "END:VEVENT"));
        TestPolicies.write(dir.resolve("yearly.ics"), ics("BEGIN:VEVENT", "UID:unity@calendar.test",
                "SUMMARY:Day of German Unity", "DTSTART;VALUE=DATE:20201003", "RRULE:FREQ=YEARLY", "END:VEVENT"));

        List<PolicyProblem> warnings = build(dir).warnings().stream()
                .filter(w -> w.message().startsWith("windows.calendars")).toList();

        assertEquals(1, warnings.size(), warnings.toString());
        PolicyProblem warning = warnings.get(0);
        assertEquals("windows.calendars[0]: the calendar \"old.ics\" has no event in the next year (1 event in it); "
                + "it cannot apply", warning.message());
        assertEquals("policy.yaml", warning.file());
        assertEquals(5, warning.line().orElse(-1), warning.describe());
        assertFalse(warning.message().contains("yearly.ics"));
    }
}
