package org.deploypolicy.reference;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.NextAllowed;
import org.deploypolicy.Severity;

/**
 * Team window rules that block a weekday from one time of day to another and declare both edges in their
 * {@code @window} (as times, or as names of {@code params} texts), with a weekly recurring freeze and an event of a
 * calendar file (all day, or at a time in another zone) or without, get the exact next allowed time: at
 * {@code nextAllowed.at} no window rule blocks, and every minute from the request's time up to it is still blocked
 * (checked minute by minute over at most three days). The teams extend the reference (Fridays for critical changes,
 * weekends for emergencies), so their windows meet the reference's too. Each team drawn is written into a
 * directory under {@code target} and built once (building costs about 0.3 s).
 */
class DeclaredEdgesProperties {
    private static final ZoneId ZONE = ZoneId.of("Africa/Addis_Ababa");
    /** Monday 23 November 2026: the week the requests fall in. */
    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);
    private static final int CHECKED_MINUTES = 3 * 24 * 60;
    private static final Map<Team, DeploymentPolicy> BUILT = new ConcurrentHashMap<>();

    /** A team's window: no production deploys on {@code day} in {@code [from, to)}, the edges named by params or not. */
    record TeamWindow(DayOfWeek day, LocalTime from, LocalTime to, boolean params) {
        @Override
        public String toString() {
            return day + " " + from + "-" + to + (params ? " (params)" : "");
        }
    }

    /** A weekly recurring freeze: on {@code day} from {@code start}, for {@code minutes} (past midnight, too). */
    record WeeklyFreeze(DayOfWeek day, LocalTime start, int minutes) {
        /** Its occurrence in the week of {@link #MONDAY}. */
        OffsetDateTime[] thisWeek() {
            OffsetDateTime from = MONDAY.with(TemporalAdjusters.nextOrSame(day)).atTime(start).atZone(ZONE)
                    .toOffsetDateTime();
            return new OffsetDateTime[] {from, from.plusMinutes(minutes)};
        }
    }

    /**
     * An event of a calendar file in the week of {@link #MONDAY}: all day (its local day in the policy's zone) or at
     * a time in Europe/Berlin for {@code minutes}.
     */
    record CalendarEvent(LocalDate date, LocalTime berlinTime, int minutes) {
        OffsetDateTime[] span() {
            if (berlinTime == null) {
                return new OffsetDateTime[] {date.atStartOfDay(ZONE).toOffsetDateTime(),
                        date.plusDays(1).atStartOfDay(ZONE).toOffsetDateTime()};
            }
            OffsetDateTime from = date.atTime(berlinTime).atZone(ZoneId.of("Europe/Berlin")).toOffsetDateTime()
                    .atZoneSameInstant(ZONE).toOffsetDateTime();
            return new OffsetDateTime[] {from, from.plusMinutes(minutes)};
        }
    }

    /** A team's windows, freeze and calendar event. */
    record Team(List<TeamWindow> windows, Optional<WeeklyFreeze> freeze, Optional<CalendarEvent> event) {
        @Override
        public String toString() {
            return windows + freeze.map(f -> " freeze " + f).orElse("") + event.map(e -> " event " + e).orElse("");
        }
    }

    /** One request put to one team's policy. */
    record Ask(Team team, DeploymentRequest request) {
        @Override
        public String toString() {
            return team + " at " + request.at().orElseThrow() + " severity "
                    + request.change().severity().map(Enum::name).orElse("none");
        }

        OffsetDateTime at() {
            return request.at().orElseThrow();
        }

        Decision decideAt(OffsetDateTime time) {
            return policy(team).evaluate(request.withAt(time));
        }
    }

    private static DeploymentPolicy policy(Team team) {
        return BUILT.computeIfAbsent(team, DeclaredEdgesProperties::build);
    }

    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss");

    private static DeploymentPolicy build(Team team) {
        List<TeamWindow> windows = team.windows();
        StringBuilder yaml = new StringBuilder("extends: reference\nname: declared-edges\n");
        String calendar = null;
        if (team.freeze().isPresent() || team.event().isPresent()) {
            yaml.append("windows:\n");
        }
        team.freeze().ifPresent(f -> yaml.append("  freezes:\n    - { name: weekly, reason: drawn, start: ")
                .append(LocalDate.of(2026, 11, 2).with(TemporalAdjusters.nextOrSame(f.day())).atTime(f.start()))
                .append(", rrule: \"FREQ=WEEKLY;BYDAY=").append(f.day().name(), 0, 2).append("\", duration: PT")
                .append(f.minutes()).append("M }\n"));
        if (team.event().isPresent()) {
            CalendarEvent e = team.event().get();
            yaml.append("  calendars:\n    - { file: drawn.ics, reason: drawn }\n");
            String when = e.berlinTime() == null
                    ? "DTSTART;VALUE=DATE:" + e.date().format(DateTimeFormatter.BASIC_ISO_DATE)
                    : "DTSTART;TZID=Europe/Berlin:" + e.date().atTime(e.berlinTime()).format(BASIC) + "\r\nDURATION:PT"
                    + e.minutes() + "M";
            calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//drawn//EN\r\nBEGIN:VEVENT\r\n"
                    + "UID:drawn@test\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:drawn event\r\n" + when
                    + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        }
        StringBuilder rules = new StringBuilder("""
                package team;
                import java.time.DayOfWeek;
                import java.time.LocalTime;
                import org.deploypolicy.rules.Deployment;
                global org.deploypolicy.rules.Findings findings;
                """);
        String params = windows.stream().filter(TeamWindow::params).map(w -> "  from" + windows.indexOf(w) + ": \""
                + w.from() + "\"\n  to" + windows.indexOf(w) + ": \"" + w.to() + "\"\n").collect(Collectors.joining());
        if (!params.isEmpty()) {
            yaml.append("params:\n").append(params);
        }
        for (int i = 0; i < windows.size(); i++) {
            TeamWindow w = windows.get(i);
            String declared = w.params() ? "\"from" + i + "\", \"to" + i + "\"" : "\"" + w.from() + "\", \"" + w.to() + "\"";
            rules.append("""

                    rule "window.team-%d"
                        @id("window.team-%d")
                        @window(%s)
                    when
                        $d : Deployment( production, !emergency, !emergencyHotfix, day == DayOfWeek.%s,
                                         time >= LocalTime.of(%d, %d), time < LocalTime.of(%d, %d) )
                    then
                        findings.block($d.when() + ": team window %d");
                    end
                    """.formatted(i, i, declared, w.day(), w.from().getHour(), w.from().getMinute(),
                    w.to().getHour(), w.to().getMinute(), i));
        }
        try {
            Path directory = Files.createTempDirectory(Files.createDirectories(Path.of("target", "declared-edges")), "team");
            Files.writeString(directory.resolve("policy.yaml"), yaml);
            Files.writeString(directory.resolve("team.drl"), rules);
            if (calendar != null) {
                Files.writeString(directory.resolve("drawn.ics"), calendar);
            }
            return DeploymentPolicy.builder().directory(directory).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- arbitraries ---------------------------------------------------------------------------------------------

    private static Arbitrary<TeamWindow> windows() {
        Arbitrary<Integer> from = Arbitraries.integers().between(0, 24 * 60 - 2);
        return from.flatMap(start -> Combinators.combine(Arbitraries.of(DayOfWeek.class),
                Arbitraries.integers().between(start + 1, 24 * 60 - 1), Arbitraries.of(false, true))
                .as((day, end, params) -> new TeamWindow(day, LocalTime.of(start / 60, start % 60),
                        LocalTime.of(end / 60, end % 60), params)));
    }

    private static Arbitrary<WeeklyFreeze> freezes() {
        return Combinators.combine(Arbitraries.of(DayOfWeek.class), Arbitraries.integers().between(0, 24 * 60 - 1),
                Arbitraries.integers().between(1, 10 * 60))
                .as((day, start, minutes) -> new WeeklyFreeze(day, LocalTime.of(start / 60, start % 60), minutes));
    }

    private static Arbitrary<CalendarEvent> events() {
        Arbitrary<LocalDate> date = Arbitraries.integers().between(0, 6).map(MONDAY::plusDays);
        Arbitrary<CalendarEvent> allDay = date.map(d -> new CalendarEvent(d, null, 0));
        Arbitrary<CalendarEvent> timed = Combinators.combine(date, Arbitraries.integers().between(0, 24 * 60 - 1),
                Arbitraries.integers().between(1, 8 * 60))
                .as((d, start, minutes) -> new CalendarEvent(d, LocalTime.of(start / 60, start % 60), minutes));
        return Arbitraries.oneOf(allDay, timed);
    }

    @Provide
    Arbitrary<Ask> asks() {
        Arbitrary<Team> teams = Combinators.combine(windows().list().ofMinSize(1).ofMaxSize(3),
                freezes().optional(0.5), events().optional(0.5)).as(Team::new);
        return teams.flatMap(team -> {
            List<OffsetDateTime[]> spans = new java.util.ArrayList<>();
            team.windows().forEach(w -> {
                OffsetDateTime day = MONDAY.with(TemporalAdjusters.nextOrSame(w.day())).atStartOfDay(ZONE)
                        .toOffsetDateTime();
                spans.add(new OffsetDateTime[] {day.plusMinutes(w.from().toSecondOfDay() / 60),
                        day.plusMinutes(w.to().toSecondOfDay() / 60)});
            });
            team.freeze().ifPresent(f -> spans.add(f.thisWeek()));
            team.event().ifPresent(e -> spans.add(e.span()));
            Arbitrary<OffsetDateTime> anywhere = Arbitraries.integers().between(0, 7 * 24 * 60 - 1)
                    .map(minute -> MONDAY.atStartOfDay(ZONE).plusMinutes(minute).toOffsetDateTime());
            Arbitrary<OffsetDateTime> inASpan = Arbitraries.of(spans).flatMap(span -> Arbitraries.integers()
                    .between(-30, (int) java.time.Duration.between(span[0], span[1]).toMinutes())
                    .map(minute -> span[0].plusMinutes(minute)));
            Arbitrary<OffsetDateTime> at = Arbitraries.frequencyOf(Tuple.of(4, inASpan), Tuple.of(1, anywhere));
            Arbitrary<Severity> severity = Arbitraries.of(Severity.P2, Severity.P3).injectNull(0.5);
            return Combinators.combine(at, severity).as((time, sev) ->
                    new Ask(team, Reference.deployment(time, "staging", "main", sev)));
        });
    }

    // --- properties ----------------------------------------------------------------------------------------------

    @Property(tries = 20, edgeCases = EdgeCasesMode.NONE)
    void atTheNextAllowedTimeNoWindowRuleBlocksAndEveryMinuteBeforeItIsBlocked(@ForAll("asks") Ask ask) {
        Optional<NextAllowed> blocked = NextAllowedProperties.whenBlocked(ask.decideAt(ask.at()));
        if (blocked.isEmpty()) {
            return;
        }
        NextAllowed next = blocked.get();

        assertFalse(next.at().isBefore(ask.at()), "at or after the request's time");
        Decision atNext = ask.decideAt(next.at());
        assertFalse(NextAllowedProperties.windowBlocks(atNext), () -> "at " + next.at() + ": " + atNext.findings());
        for (int minute = 1; minute <= CHECKED_MINUTES; minute++) {
            OffsetDateTime between = ask.at().plusMinutes(minute);
            if (!between.isBefore(next.at())) {
                break;
            }
            assertTrue(NextAllowedProperties.windowBlocks(ask.decideAt(between)), () -> between + " is before the next allowed time "
                    + next.at() + ", yet no window rule blocks");
        }
    }
}
