package org.deploypolicy.internal;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.deploypolicy.ChangeType;
import org.deploypolicy.DeployCalendar;
import org.deploypolicy.DeployCalendar.Allows;
import org.deploypolicy.DeployCalendar.FreezeInForce;
import org.deploypolicy.DeployCalendar.Period;
import org.deploypolicy.DeployCalendar.Restriction;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.Effect;
import org.deploypolicy.Finding;
import org.deploypolicy.Severity;
import org.deploypolicy.rules.Freeze;
import org.deploypolicy.rules.Settings;

/**
 * Works out a policy's deploy calendar: on each local day, at its start and at each time a window can change (the
 * times the next-allowed search tries), the window rules decide probe requests (a normal-path production deploy
 * with no severity, then one with each critical and each emergency severity); a stretch of time in which they
 * decide alike is one period.
 */
final class DeployCalendars {
    private final Engine engine;
    private final Settings settings;
    private final DeploymentRequest normal;
    /** The severities probed, critical and emergency, in order. */
    private final List<Severity> probed;
    private final List<DeploymentRequest> severe = new ArrayList<>();

    private DeployCalendars(Engine engine) {
        this.engine = engine;
        this.settings = engine.settings();
        this.normal = probe(null);
        Set<Severity> severities = new TreeSet<>(settings.severity().critical());
        severities.addAll(settings.severity().emergency());
        this.probed = List.copyOf(severities);
        probed.forEach(severity -> severe.add(probe(severity)));
    }

    /**
     * The calendar of {@code days} local days from {@code from}.
     *
     * @throws IllegalArgumentException when {@code days} is not from 1 to {@link DeployCalendar#MAX_DAYS}, or the
     *                                  calendar would leave the years 0001 to 9999
     */
    static DeployCalendar of(Engine engine, LocalDate from, int days) {
        if (days < 1 || days > DeployCalendar.MAX_DAYS) {
            throw new IllegalArgumentException("days must be from 1 to " + DeployCalendar.MAX_DAYS + "; was " + days);
        }
        if (!DeployCalendar.fits(from, days)) {
            throw new IllegalArgumentException("the calendar must lie in the years 0001 to 9999; from " + from
                    + " for " + days + " days does not");
        }
        DeployCalendars calendars = new DeployCalendars(engine);
        List<DeployCalendar.Day> result = new ArrayList<>();
        for (int i = 0; i < days; i++) {
            result.add(calendars.day(from.plusDays(i)));
        }
        return new DeployCalendar(engine.id(), engine.settings().zone(), result);
    }

    private DeployCalendar.Day day(LocalDate date) {
        OffsetDateTime start = date.atStartOfDay(settings.zone()).toOffsetDateTime();
        OffsetDateTime end = date.plusDays(1).atStartOfDay(settings.zone()).toOffsetDateTime();
        TreeSet<OffsetDateTime> times = new TreeSet<>(Comparator.comparing(OffsetDateTime::toInstant));
        times.add(start);
        engine.windowTimes(date).stream()
                .filter(t -> t.toInstant().isAfter(start.toInstant()) && t.toInstant().isBefore(end.toInstant()))
                .forEach(times::add);
        times.add(end);
        List<Period> periods = new ArrayList<>();
        OffsetDateTime[] edges = times.toArray(OffsetDateTime[]::new);
        for (int i = 0; i + 1 < edges.length; i++) {
            Period period = periodAt(edges[i], edges[i + 1]);
            Period last = periods.isEmpty() ? null : periods.get(periods.size() - 1);
            if (last != null && alike(last, period)) {
                periods.set(periods.size() - 1, extended(last, period.to()));
            } else {
                periods.add(period);
            }
        }
        return new DeployCalendar.Day(date, periods);
    }

    /** A period that says what {@code period} says, from its start until {@code to}. */
    static Period extended(Period period, OffsetDateTime to) {
        return new Period(period.from(), to, period.allows(), period.severities(), period.preferred(),
                period.freezes(), period.rules());
    }

    /** Whether two periods say the same (and so are one). */
    static boolean alike(Period a, Period b) {
        return a.allows() == b.allows() && a.severities().equals(b.severities()) && a.preferred() == b.preferred()
                && a.freezes().equals(b.freezes()) && a.rules().equals(b.rules());
    }

    private Period periodAt(OffsetDateTime from, OffsetDateTime to) {
        List<Finding> findings = engine.windowsAt(normal, from);
        boolean blocked = findings.stream().anyMatch(f -> f.effect() == Effect.BLOCK);
        // what the normal probe passes every severity passes: the severe probes are asked only when it is blocked
        List<Severity> passing = blocked ? new ArrayList<>() : Arrays.asList(Severity.values());
        for (int i = 0; blocked && i < probed.size(); i++) {
            if (engine.windowsAt(severe.get(i), from).stream().noneMatch(f -> f.effect() == Effect.BLOCK)) {
                passing.add(probed.get(i));
            }
        }
        Allows allows;
        if (!blocked) {
            allows = Allows.ALL;
        } else if (all(passing, settings.severity().critical())) {
            allows = Allows.CRITICAL;
        } else if (all(passing, settings.severity().emergency())) {
            allows = Allows.EMERGENCY;
        } else {
            allows = Allows.NONE;
        }
        Set<Restriction> rules = new LinkedHashSet<>();
        findings.stream().filter(f -> f.effect() == Effect.BLOCK)
                .sorted(Comparator.comparing(Finding::rule).thenComparing(f -> f.subject().orElse("")))
                .forEach(f -> rules.add(new Restriction(f.rule(), f.subject())));
        Set<FreezeInForce> freezes = new LinkedHashSet<>();
        List<Freeze> inForce = findings.isEmpty() ? List.of() : engine.freezesAt(from.toInstant());
        for (Finding finding : findings) {
            Optional<String> subject = finding.subject();
            inForce.stream().filter(freeze -> subject.isPresent() && freeze.name().equals(subject.get()))
                    .forEach(freeze -> freezes.add(new FreezeInForce(freeze.name(), freeze.reason())));
        }
        return new Period(from, to, allows, passing, !blocked && findings.isEmpty(), List.copyOf(freezes),
                List.copyOf(rules));
    }

    private static boolean all(List<Severity> passing, List<Severity> wanted) {
        return !wanted.isEmpty() && passing.containsAll(wanted);
    }

    /** A production deploy on the normal path (from the branch before production), of a severity or none. */
    private DeploymentRequest probe(Severity severity) {
        Settings.Branches branches = settings.branches();
        String production = branches.production();
        String source = Objects.requireNonNullElse(branches.before(production), production);
        return new DeploymentRequest("calendar-probe", Optional.empty(), source, production,
                new org.deploypolicy.Requester("deploy-calendar", List.of()),
                new org.deploypolicy.Change(Optional.of("deploy calendar probe"),
                        severity == null ? ChangeType.FEATURE : ChangeType.FIX, Optional.ofNullable(severity),
                        false, false, false, false, "deploy-calendar", "0000000", Optional.of(source), List.of()),
                List.of(), null, null, null, List.of());
    }
}
