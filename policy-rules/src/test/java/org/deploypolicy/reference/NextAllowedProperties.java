package org.deploypolicy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.DoubleRange;
import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.Effect;
import org.deploypolicy.NextAllowed;
import org.deploypolicy.Severity;

/**
 * What must hold for the next allowed time (docs/contract.md {@code nextAllowed}) under policies that extend the
 * reference with freezes of a minute or more, other zones, other windows and standing waivers of window rules:
 * at {@code nextAllowed.at} no window or freeze rule blocks the same request, and one minute earlier (when that
 * is still at or after the request's time) one does; no time in between lets it through; at
 * {@code preferredAt} no window rule speaks at all, and a minute earlier one does.
 *
 * <p>Building a policy costs about 0.3 s, so the teams are built once, each with freezes (adjacent, overlapping,
 * a minute long or a week long, written with assorted offsets) and, for two teams, standing waivers drawn from a
 * fixed seed; the properties draw the team, the request's time (mostly at or near the edge of a freeze, a
 * waiver's period or summer time), the offset it is written in, severity and path.
 */
class NextAllowedProperties {
    private static final OffsetDateTime FIRST = OffsetDateTime.parse("2026-10-15T00:00:00Z");
    private static final OffsetDateTime LAST = OffsetDateTime.parse("2027-04-15T00:00:00Z");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final List<String> OFFSETS = List.of("Z", "+03:00", "+01:00", "-05:00", "+05:45", "-03:30");

    /**
     * A team's windows: the zone and the weekday settings of {@code windows}; with {@code standing}, the team also
     * grants standing waivers of window rules for drawn periods (a release slot inside a freeze, a Friday
     * afternoon), which open the windows too.
     */
    private record Windows(String name, String zone, String criticalOnlyDays, String emergencyOnlyDays,
                           String preferredDays, String preferredFrom, String preferredTo, boolean standing) {
    }

    private static final List<Windows> WINDOWS = List.of(
            new Windows("addis", "Africa/Addis_Ababa", "[FRIDAY]", "[SATURDAY, SUNDAY]", "[TUESDAY, WEDNESDAY]",
                    "09:00", "15:00", false),
            new Windows("berlin", "Europe/Berlin", "[THURSDAY, FRIDAY]", "[SATURDAY, SUNDAY]", "[MONDAY, TUESDAY]",
                    "10:00", "16:00", true),
            new Windows("kathmandu", "Asia/Kathmandu", "[]", "[SATURDAY]", "[SUNDAY, WEDNESDAY]", "09:30",
                    "14:30", true));

    /** A built policy, its zone, the instants near which its window rules change, and what was drawn for it. */
    record Team(String name, DeploymentPolicy policy, ZoneId zone, List<OffsetDateTime> edges, String drawn) {
        @Override
        public String toString() {
            return name + " " + drawn;
        }
    }

    private static final List<Team> TEAMS = teams();

    private static List<Team> teams() {
        Random random = new Random(20261127L);
        Path root = Path.of("target", "next-allowed-properties");
        List<Team> teams = new ArrayList<>();
        for (Windows windows : WINDOWS) {
            ZoneId zone = ZoneId.of(windows.zone());
            List<OffsetDateTime[]> freezes = freezes(random, zone, windows);
            StringBuilder yaml = new StringBuilder("""
                    extends: reference
                    name: next-allowed-%s
                    zone: %s
                    windows:
                      criticalOnlyDays: %s
                      emergencyOnlyDays: %s
                      preferred: { days: %s, from: "%s", to: "%s" }
                      freezes:
                    """.formatted(windows.name(), windows.zone(), windows.criticalOnlyDays(),
                    windows.emergencyOnlyDays(), windows.preferredDays(), windows.preferredFrom(),
                    windows.preferredTo()));
            List<OffsetDateTime> edges = new ArrayList<>();
            for (int i = 0; i < freezes.size(); i++) {
                OffsetDateTime[] freeze = freezes.get(i);
                ZoneOffset written = ZoneOffset.of(OFFSETS.get(random.nextInt(OFFSETS.size())));
                yaml.append("    - { name: f").append(i).append(", from: ")
                        .append(TIME.format(freeze[0].withOffsetSameInstant(written))).append(", to: ")
                        .append(TIME.format(freeze[1].withOffsetSameInstant(written))).append(", reason: drawn }\n");
                edges.add(freeze[0]);
                edges.add(freeze[1]);
            }
            StringBuilder described = new StringBuilder(freezes.stream().map(f -> "[" + f[0] + ", " + f[1] + ")")
                    .collect(Collectors.joining(" ", "freezes ", "")));
            if (windows.standing()) {
                yaml.append("""
                        waivers:
                          grantedBy: [TECH_LEAD]
                          standing:
                        """);
                for (String[] waiver : standingWaivers(random, freezes)) {
                    OffsetDateTime from = OffsetDateTime.parse(waiver[2]);
                    OffsetDateTime to = OffsetDateTime.parse(waiver[3]);
                    yaml.append("    - { rule: ").append(waiver[0])
                            .append(waiver[1] == null ? "" : ", subject: " + waiver[1])
                            .append(", by: selam, reason: drawn, from: ").append(TIME.format(from))
                            .append(", to: ").append(TIME.format(to)).append(" }\n");
                    edges.add(from);
                    edges.add(to);
                    described.append(" waiver ").append(waiver[0]).append(waiver[1] == null ? "" : " " + waiver[1])
                            .append(" [").append(from).append(", ").append(to).append(")");
                }
            }
            zone.getRules().getTransitions().stream()
                    .map(t -> t.getInstant().atOffset(ZoneOffset.UTC))
                    .filter(t -> t.isAfter(FIRST) && t.isBefore(LAST))
                    .forEach(edges::add);
            Path directory = root.resolve(windows.name());
            try {
                Files.createDirectories(directory);
                Files.writeString(directory.resolve("policy.yaml"), yaml);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            teams.add(new Team(windows.name(), DeploymentPolicy.builder().directory(directory).build(), zone,
                    List.copyOf(edges), described.toString()));
        }
        return List.copyOf(teams);
    }

    /**
     * Seven freezes between {@link #FIRST} and {@link #LAST}, on whole minutes: some adjacent to or overlapping the
     * one before, some starting at a local midnight or at the preferred window's start, lasting from one minute to
     * a week.
     */
    private static List<OffsetDateTime[]> freezes(Random random, ZoneId zone, Windows windows) {
        long minutes = ChronoUnit.MINUTES.between(FIRST, LAST);
        List<OffsetDateTime[]> freezes = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            OffsetDateTime start = FIRST.plusMinutes((long) (random.nextDouble() * (minutes - 8 * 24 * 60)));
            int shape = random.nextInt(6);
            if (i > 0 && shape == 0) {
                start = freezes.get(i - 1)[1];
            } else if (i > 0 && shape == 1) {
                OffsetDateTime[] before = freezes.get(i - 1);
                start = before[0].plusMinutes(ChronoUnit.MINUTES.between(before[0], before[1]) / 2);
            } else if (shape == 2) {
                start = start.atZoneSameInstant(zone).toLocalDate().atStartOfDay(zone).toOffsetDateTime();
            } else if (shape == 3) {
                start = start.atZoneSameInstant(zone).toLocalDate().atTime(LocalTime.parse(windows.preferredFrom()))
                        .atZone(zone).toOffsetDateTime();
            }
            long length = switch (random.nextInt(4)) {
                case 0 -> 1;
                case 1 -> 2 + random.nextInt(119);
                case 2 -> 2 * 60 + random.nextInt(46 * 60);
                default -> 2 * 24 * 60 + random.nextInt(5 * 24 * 60);
            };
            freezes.add(new OffsetDateTime[] {start.withOffsetSameInstant(ZoneOffset.UTC),
                    start.plusMinutes(length).withOffsetSameInstant(ZoneOffset.UTC)});
        }
        return freezes;
    }

    /**
     * Five standing waivers {rule, subject or null, from, to} of window rules, granted by selam (the Tech Lead of
     * every request here, by the role the request's approval claims): most start inside a freeze, on whole minutes,
     * and last from one minute to two days.
     */
    private static List<String[]> standingWaivers(Random random, List<OffsetDateTime[]> freezes) {
        List<String[]> waivers = new ArrayList<>();
        long minutes = ChronoUnit.MINUTES.between(FIRST, LAST);
        for (int i = 0; i < 5; i++) {
            int k = random.nextInt(freezes.size());
            OffsetDateTime[] freeze = freezes.get(k);
            String[] rule = switch (random.nextInt(5)) {
                case 0, 1 -> new String[] {"window.freeze", "f" + k};
                case 2 -> new String[] {"window.friday", null};
                case 3 -> new String[] {"window.weekend", null};
                default -> new String[] {"window.preferred", null};
            };
            long frozen = ChronoUnit.MINUTES.between(freeze[0], freeze[1]);
            OffsetDateTime from = random.nextInt(4) > 0
                    ? freeze[0].plusMinutes((long) (random.nextDouble() * frozen))
                    : FIRST.plusMinutes((long) (random.nextDouble() * (minutes - 3 * 24 * 60)));
            long length = random.nextBoolean() ? 1 + random.nextInt(180) : 1 + random.nextInt(2 * 24 * 60);
            waivers.add(new String[] {rule[0], rule[1], from.toString(), from.plusMinutes(length).toString()});
        }
        return waivers;
    }

    /** One request put to one team's policy. */
    record Ask(Team team, DeploymentRequest request) {
        @Override
        public String toString() {
            return team.name() + " at " + request.at().orElseThrow() + " from " + request.source() + " severity "
                    + request.change().severity().map(Enum::name).orElse("none") + " (" + team.drawn() + ")";
        }

        OffsetDateTime at() {
            return request.at().orElseThrow();
        }

        Decision decideAt(OffsetDateTime time) {
            return team.policy().evaluate(request.withAt(time));
        }
    }

    // --- arbitraries ---------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<Ask> asks() {
        return Arbitraries.of(TEAMS).flatMap(team -> {
            Arbitrary<OffsetDateTime> nearAnEdge = Arbitraries.of(team.edges()).flatMap(edge -> Arbitraries.oneOf(
                    Arbitraries.longs().between(-180, 180).map(edge::plusSeconds),
                    Arbitraries.longs().between(-4 * 86_400L, 4 * 86_400L).map(edge::plusSeconds)));
            Arbitrary<OffsetDateTime> anywhere = Arbitraries.longs()
                    .between(0, ChronoUnit.SECONDS.between(FIRST, LAST)).map(FIRST::plusSeconds);
            Arbitrary<OffsetDateTime> at = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(team.edges())),
                    Tuple.of(4, nearAnEdge), Tuple.of(2, anywhere));
            Arbitrary<ZoneOffset> written = Arbitraries.of(OFFSETS).map(ZoneOffset::of);
            Arbitrary<Severity> severity = Arbitraries.of(Severity.class).injectNull(0.5);
            Arbitrary<String> source = Arbitraries.frequency(Tuple.of(4, "staging"), Tuple.of(1, "hotfix/fix-login"));
            return Combinators.combine(at, written, severity, source).as((time, offset, sev, from) ->
                    new Ask(team, Reference.deployment(time.withOffsetSameInstant(offset), from, "main", sev)));
        });
    }

    // --- properties ----------------------------------------------------------------------------------------------

    /** A counting BLOCK under a {@code window.*} id: a window or freeze rule stops the change. */
    static boolean windowBlocks(Decision decision) {
        return decision.findings().stream().anyMatch(f -> f.counts() && f.effect() == Effect.BLOCK
                && f.rule().startsWith("window."));
    }

    /**
     * The next allowed time of a decision a window rule blocks (there must be one), or empty when none blocks (the
     * decision must then have none).
     */
    static Optional<NextAllowed> whenBlocked(Decision decision) {
        Statistics.label("window rules").collect(windowBlocks(decision) ? "block" : "let through");
        if (!windowBlocks(decision)) {
            assertEquals(Optional.empty(), decision.nextAllowed(), "no window rule blocks");
            return Optional.empty();
        }
        return Optional.of(decision.nextAllowed()
                .orElseThrow(() -> new AssertionError("a window rule blocks but there is no next allowed time")));
    }

    /** Any counting finding under a {@code window.*} id: blocked, or outside the preferred window. */
    private static boolean windowsSpeak(Decision decision) {
        return decision.findings().stream().anyMatch(f -> f.counts() && f.rule().startsWith("window."));
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void atTheNextAllowedTimeNoWindowRuleBlocksAndAMinuteEarlierOneDoes(@ForAll("asks") Ask ask) {
        Decision decision = ask.team().policy().evaluate(ask.request());
        Statistics.label("team").collect(ask.team().name());
        Optional<NextAllowed> blocked = whenBlocked(decision);
        if (blocked.isEmpty()) {
            return;
        }
        NextAllowed next = blocked.get();

        assertFalse(next.at().isBefore(ask.at()), "at or after the request's time");
        assertEquals(ask.team().zone().getRules().getOffset(next.at().toInstant()), next.at().getOffset(),
                "written with the policy zone's offset");
        Decision atNext = ask.decideAt(next.at());
        assertFalse(windowBlocks(atNext), () -> "at " + next.at() + ": " + atNext.findings());
        OffsetDateTime earlier = next.at().minusMinutes(1);
        Statistics.label("a minute earlier").collect(earlier.isBefore(ask.at()) ? "before the request" : "checked");
        if (!earlier.isBefore(ask.at())) {
            assertTrue(windowBlocks(ask.decideAt(earlier)), () -> "a minute earlier, " + earlier
                    + ", the windows already let the change through");
        }
    }

    @Property(tries = 150, edgeCases = EdgeCasesMode.NONE)
    void everyTimeBeforeTheNextAllowedTimeIsStillBlocked(@ForAll("asks") Ask ask,
                                                         @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false)
                                                         double fraction) {
        Decision decision = ask.team().policy().evaluate(ask.request());
        Optional<NextAllowed> next = decision.nextAllowed();
        if (next.isEmpty()) {
            return;
        }
        long seconds = Duration.between(ask.at(), next.get().at()).toSeconds();
        OffsetDateTime between = ask.at().plusSeconds((long) (fraction * seconds));

        assertTrue(windowBlocks(ask.decideAt(between)), () -> between + " is before the next allowed time "
                + next.get().at() + ", yet no window rule blocks");
    }

    @Property(tries = 150, edgeCases = EdgeCasesMode.NONE)
    void atThePreferredTimeNoWindowRuleSpeaksAndAMinuteEarlierOneDoes(@ForAll("asks") Ask ask) {
        Decision decision = ask.team().policy().evaluate(ask.request());
        Optional<NextAllowed> next = decision.nextAllowed();
        if (next.isEmpty()) {
            return;
        }
        OffsetDateTime preferred = next.get().preferredAt()
                .orElseThrow(() -> new AssertionError("every team has a preferred window every week"));

        assertFalse(preferred.isBefore(next.get().at()), "the preferred time is not before the next allowed time");
        assertEquals(ask.team().zone().getRules().getOffset(preferred.toInstant()), preferred.getOffset());
        Decision atPreferred = ask.decideAt(preferred);
        assertFalse(windowsSpeak(atPreferred), () -> "at " + preferred + ": " + atPreferred.findings());
        OffsetDateTime earlier = preferred.minusMinutes(1);
        if (!earlier.isBefore(ask.at())) {
            assertTrue(windowsSpeak(ask.decideAt(earlier)), () -> "a minute earlier, " + earlier
                    + ", the change was already inside the preferred window and let through");
        }
    }
}
