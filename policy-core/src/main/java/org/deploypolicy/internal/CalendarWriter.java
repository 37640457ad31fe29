package org.deploypolicy.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.property.CalScale;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtEnd;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Summary;
import net.fortuna.ical4j.model.property.Transp;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Version;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.validate.ValidationException;
import org.deploypolicy.DeployCalendar;
import org.deploypolicy.DeployCalendar.Allows;
import org.deploypolicy.DeployCalendar.Period;
import org.deploypolicy.Severity;

/**
 * Writes a deploy calendar for people: as text, a line for each period of each day; as an iCalendar feed (RFC 5545,
 * written by ical4j: CRLF line ends, long lines folded), each restricted stretch and each preferred window an event.
 */
final class CalendarWriter {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd", Locale.ENGLISH);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
    static final String PRODUCT = "-//deploy-policy//deploy calendar//EN";

    private CalendarWriter() {
    }

    /** The calendar as text, a line for each period of each day. */
    static String text(DeployCalendar calendar) {
        StringBuilder out = new StringBuilder();
        List<DeployCalendar.Day> days = calendar.days();
        out.append("Deploy calendar of ").append(calendar.policy().name()).append(" (")
                .append(calendar.policy().version()).append("), times in ").append(calendar.zone().getId());
        if (!days.isEmpty()) {
            out.append(", ").append(days.get(0).date()).append(" to ").append(days.get(days.size() - 1).date());
        }
        out.append('\n');
        for (DeployCalendar.Day day : days) {
            String date = DAY.format(day.date());
            // on a day the clocks change, a time of day may be there twice: each time then says its offset
            boolean offsets = day.periods().stream().map(p -> p.from().getOffset()).distinct().count() > 1
                    || !day.periods().get(0).from().getOffset().equals(
                    day.periods().get(day.periods().size() - 1).to().getOffset());
            for (int i = 0; i < day.periods().size(); i++) {
                Period period = day.periods().get(i);
                out.append(i == 0 ? date : " ".repeat(date.length())).append("  ")
                        .append(clock(period.from(), false, offsets)).append('-')
                        .append(clock(period.to(), true, offsets)).append("  ").append(describe(period)).append('\n');
            }
        }
        return out.toString();
    }

    /** A time of day in the calendar's zone, with its offset when asked; the end of a day is 24:00. */
    private static String clock(OffsetDateTime time, boolean end, boolean offset) {
        String text = end && time.toLocalTime().equals(LocalTime.MIDNIGHT) ? "24:00" : CLOCK.format(time);
        return offset ? text + time.getOffset() : text;
    }

    /**
     * What a period allows, in words: {@code all changes, preferred}, {@code critical only (P1, P2), by
     * window.friday}, {@code emergencies only (P1), frozen: year-end (Closing the books), by window.freeze}.
     */
    static String describe(Period period) {
        StringBuilder text = new StringBuilder(switch (period.allows()) {
            case ALL -> "all changes";
            case CRITICAL -> "critical only (" + severities(period) + ")";
            case EMERGENCY -> "emergencies only (" + severities(period) + ")";
            case NONE -> "closed to every change";
        });
        if (period.preferred()) {
            text.append(", preferred");
        }
        if (!period.freezes().isEmpty()) {
            text.append(", frozen: ").append(period.freezes().stream().map(f -> f.name() + " (" + f.reason() + ")")
                    .collect(Collectors.joining(", ")));
        }
        if (!period.rules().isEmpty()) {
            text.append(", by ").append(period.rules().stream().map(DeployCalendar.Restriction::rule).distinct()
                    .collect(Collectors.joining(", ")));
        }
        return text.toString();
    }

    private static String severities(Period period) {
        return period.severities().stream().map(Severity::name).collect(Collectors.joining(", "));
    }

    /** The title of an event of the feed. */
    private static String summary(Period period) {
        if (period.allows() == Allows.ALL) {
            return period.preferred() ? "Preferred deploy window" : "Deploys: all changes";
        }
        if (!period.freezes().isEmpty()) {
            return "Deploy freeze: " + period.freezes().stream().map(DeployCalendar.FreezeInForce::name)
                    .collect(Collectors.joining(", "));
        }
        return switch (period.allows()) {
            case CRITICAL -> "Deploys: critical only (" + severities(period) + ")";
            case EMERGENCY -> "Deploys: emergencies only (" + severities(period) + ")";
            default -> "Deploys: closed";
        };
    }

    /**
     * The calendar as an iCalendar feed: each stretch of periods in a row (across days) that are restricted alike, and
     * each preferred window, is an event, in UTC, transparent (it takes no one's time). An event's {@code UID} is
     * made from the policy's name, the event's kind and its start, so that it stays the same from one fetch of the
     * feed to the next; {@code DTSTAMP} is the start of the calendar's first day, so that the same calendar is the
     * same bytes. No {@code METHOD}: the feed is a calendar to read, not a scheduling message (RFC 5546).
     */
    static String iCalendar(DeployCalendar calendar) {
        List<Period> periods = new ArrayList<>();
        calendar.days().forEach(day -> periods.addAll(day.periods()));
        Instant stamp = periods.isEmpty() ? Instant.EPOCH : periods.get(0).from().toInstant();
        List<Period> events = new ArrayList<>(runs(periods, p -> p.allows() != Allows.ALL, false));
        events.addAll(runs(periods, Period::preferred, true));
        events.sort((a, b) -> a.from().toInstant().compareTo(b.from().toInstant()));
        if (events.isEmpty() && !periods.isEmpty()) {
            // a feed has at least one event (RFC 5545): days with no restriction and no preferred hours say so
            Period first = periods.get(0);
            events.add(new Period(first.from(), periods.get(periods.size() - 1).to(), Allows.ALL, first.severities(),
                    false, List.of(), List.of()));
        }

        Calendar ics = new Calendar()
                .add(new ProdId(PRODUCT))
                .add(new Version(new net.fortuna.ical4j.model.ParameterList(), Version.VALUE_2_0))
                .add(new CalScale(CalScale.VALUE_GREGORIAN))
                .add(new XProperty("X-WR-CALNAME", "Deploys: " + calendar.policy().name()))
                .add(new XProperty("X-WR-TIMEZONE", calendar.zone().getId()));
        for (Period event : events) {
            String kind = event.allows() != Allows.ALL ? event.allows().name().toLowerCase(Locale.ROOT)
                    : event.preferred() ? "preferred" : "open";
            VEvent vevent = new VEvent(false)
                    .add(new Uid(uid(calendar.policy().name(), kind, event)))
                    .add(new DtStamp(stamp))
                    .add(new DtStart<>(event.from().toInstant()))
                    .add(new DtEnd<>(event.to().toInstant()))
                    .add(new Summary(summary(event)))
                    .add(new Description((event.allows() != Allows.ALL ? "Production deploys: " + describe(event)
                            : event.preferred()
                            ? "The preferred window: every change may deploy, and no window rule advises against it"
                            : "Every change may deploy: no window rule restricts these days") + ". Policy " + calendar.policy().name()
                            + " (" + calendar.policy().version() + ")."))
                    .add(new Transp(Transp.VALUE_TRANSPARENT));
            ics.add(vevent);
        }
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(true).output(ics, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ValidationException e) {
            throw new IllegalStateException("the deploy calendar is not valid iCalendar: " + e.getMessage(), e);
        }
        return out.toString();
    }

    /**
     * The stretches of periods in a row that a test keeps, each merged into one period; those that say the same
     * (restricted alike, or both preferred when {@code preferredOnly}) are one stretch.
     */
    private static List<Period> runs(List<Period> periods, Predicate<Period> kept, boolean preferredOnly) {
        List<Period> runs = new ArrayList<>();
        Period run = null;
        for (Period period : periods) {
            if (!kept.test(period)) {
                if (run != null) {
                    runs.add(run);
                    run = null;
                }
                continue;
            }
            if (run != null && run.to().toInstant().equals(period.from().toInstant())
                    && (preferredOnly || DeployCalendars.alike(run, period))) {
                run = DeployCalendars.extended(run, period.to());
            } else {
                if (run != null) {
                    runs.add(run);
                }
                run = period;
            }
        }
        if (run != null) {
            runs.add(run);
        }
        return runs;
    }

    private static String uid(String policy, String kind, Period event) {
        var digest = Sha256.digest();
        digest.update((policy + "\n" + kind + "\n" + event.from().toInstant()).getBytes(StandardCharsets.UTF_8));
        return Sha256.hex(digest).substring(0, 32) + "@deploy-policy";
    }
}
