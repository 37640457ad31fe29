package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;

/**
 * A deploy calendar's iCalendar feed, its lines checked as RFC 5545 asks and read back with ical4j: for the tests of
 * the command and of the service.
 */
public final class CalendarFeed {
    private CalendarFeed() {
    }

    /** Every line of a feed ends in CRLF (no bare CR or LF) and is at most 75 octets (RFC 5545 3.1). */
    public static void assertLines(String feed) {
        assertTrue(feed.startsWith("BEGIN:VCALENDAR\r\n"), feed);
        assertTrue(feed.endsWith("END:VCALENDAR\r\n"), feed);
        String[] lines = feed.split("\r\n", -1);
        for (String line : lines) {
            assertFalse(line.contains("\n") || line.contains("\r"), () -> "a bare line end in: " + line);
            assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 75, () -> "over 75 octets: " + line);
        }
    }

    /** The events of a feed, as ical4j reads it. */
    public static List<VEvent> events(String feed) throws IOException, ParserException {
        Calendar calendar = new CalendarBuilder().build(new StringReader(feed));
        assertEquals("2.0", value(calendar.getRequiredProperty(Property.VERSION)));
        assertEquals("-//deploy-policy//deploy calendar//EN", value(calendar.getRequiredProperty(Property.PRODID)));
        return new ArrayList<>(calendar.<VEvent>getComponents(Component.VEVENT));
    }

    /** An event as {@code start end summary}, its times in UTC. */
    public static String describe(VEvent event) {
        return instant(event.getStartDate().orElseThrow().getDate()) + " "
                + instant(event.getEndDate().orElseThrow().getDate()) + " " + value(event, Property.SUMMARY);
    }

    private static Instant instant(Temporal time) {
        return time instanceof Instant i ? i : time instanceof OffsetDateTime o ? o.toInstant()
                : ((ZonedDateTime) time).toInstant();
    }

    /** The value of an event's property; an assertion error when it has none. */
    public static String value(VEvent event, String name) {
        return event.<Property>getProperty(name).orElseThrow(() -> new AssertionError("no " + name + ": " + event))
                .getValue();
    }

    private static String value(Property property) {
        return property.getValue();
    }
}
