package org.deploypolicy.internal;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one time syntax of requests, settings, scenario files and command-line options: RFC 3339,
 * {@code YYYY-MM-DDThh:mm[:ss[.fraction]]} then {@code Z} or {@code +hh:mm}/{@code -hh:mm}, {@code T} and {@code Z}
 * in either case, years 0001 to 9999, offsets up to 18:00. {@code java.time}'s ISO parser takes more
 * ({@code +03}, {@code +03:00:30}, {@code 10:30:00.+03:00}), which the contract does not.
 */
final class Times {
    /** What a time must look like, for messages. */
    static final String EXPECTED = "a time with an offset, like 2026-11-24T10:30:00+03:00";

    private static final Pattern SYNTAX = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?(?:([Zz])|([+-])(\\d{2}):(\\d{2}))");

    private Times() {
    }

    /**
     * Reads a time, matching it once.
     *
     * @return the time, or null when {@code text} breaks the syntax or names no such time ({@link #problem} says why)
     */
    static OffsetDateTime parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        return m.matches() && problem(m, text) == null ? read(m) : null;
    }

    /** Why {@code text} is not a time, in words, or null when it is one. */
    static String problem(String text) {
        Matcher m = SYNTAX.matcher(text);
        return m.matches() ? problem(m, text)
                : "must be " + EXPECTED + " (seconds and a fraction optional; Z or +hh:mm); was \"" + text + "\"";
    }

    /** What is wrong with a time that has the syntax: a year 0000, an hour 24, an offset past 18:00, no such date. */
    private static String problem(Matcher m, String text) {
        int year = Integer.parseInt(m.group(1));
        if (year < 1) {
            return "must be a time from year 0001 to 9999; was \"" + text + "\"";
        }
        if (Integer.parseInt(m.group(4)) > 23 || Integer.parseInt(m.group(5)) > 59
                || m.group(6) != null && Integer.parseInt(m.group(6)) > 59) {
            return "no such time of day (hours 00-23, minutes and seconds 00-59); was \"" + text + "\"";
        }
        if (m.group(9) != null) {
            int hours = Integer.parseInt(m.group(10));
            int minutes = Integer.parseInt(m.group(11));
            if (minutes > 59 || hours > 18 || hours == 18 && minutes > 0) {
                return "the offset must be from -18:00 to +18:00; was \"" + text + "\"";
            }
        }
        try {
            LocalDate.of(year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (DateTimeException e) {
            return "no such date; was \"" + text + "\"";
        }
        return null;
    }

    private static OffsetDateTime read(Matcher m) {
        String fraction = m.group(7) == null ? "" : m.group(7);
        int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
        ZoneOffset offset = m.group(8) != null ? ZoneOffset.UTC
                : ZoneOffset.ofHoursMinutes(sign(m) * Integer.parseInt(m.group(10)), sign(m) * Integer.parseInt(m.group(11)));
        return OffsetDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
                nanos, offset);
    }

    private static int sign(Matcher m) {
        return "-".equals(m.group(9)) ? -1 : 1;
    }
}
