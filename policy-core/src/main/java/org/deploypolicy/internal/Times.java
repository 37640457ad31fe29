package org.deploypolicy.internal;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The one time syntax of requests, settings, scenario files and command-line options: RFC 3339,
 * {@code YYYY-MM-DDThh:mm[:ss[.fraction]]} then {@code Z} or {@code +hh:mm}/{@code -hh:mm}, {@code T} and {@code Z}
 * in either case, years 0001 to 9999, offsets up to 18:00. {@code java.time}'s ISO parser takes more
 * ({@code +03}, {@code +03:00:30}, {@code 10:30:00.+03:00}), which the contract does not.
 */
final class Times {
    /** What a time must look like, for messages. */
    static final String EXPECTED = "a time with an offset, like 2026-11-24T10:30:00+03:00";

    private Times() {
    }

    /**
     * Reads a time, scanning it once (by hand: a regular expression and a parse per field cost a request more than a
     * microsecond a time).
     *
     * @return the time, or null when {@code text} breaks the syntax or names no such time ({@link #problem} says why)
     */
    static OffsetDateTime parse(String text) {
        Fields f = Fields.scan(text);
        return f != null && f.problem(text) == null ? f.time() : null;
    }

    /** Why {@code text} is not a time, in words, or null when it is one. */
    static String problem(String text) {
        Fields f = Fields.scan(text);
        return f != null ? f.problem(text)
                : "must be " + EXPECTED + " (seconds and a fraction optional; Z or +hh:mm); was \"" + text + "\"";
    }

    /** The fields of a text with the syntax, each a number as written (not yet checked against the calendar). */
    private record Fields(int year, int month, int day, int hour, int minute, int second, int nanos, int sign,
                          int offsetHours, int offsetMinutes) {
        /** The fields, or null when the text breaks the syntax. */
        static Fields scan(String t) {
            int n = t.length();
            if (n < 17 || t.charAt(4) != '-' || t.charAt(7) != '-' || (t.charAt(10) != 'T' && t.charAt(10) != 't')
                    || t.charAt(13) != ':') {
                return null;
            }
            int year = digits(t, 0, 4);
            int month = digits(t, 5, 2);
            int day = digits(t, 8, 2);
            int hour = digits(t, 11, 2);
            int minute = digits(t, 14, 2);
            if ((year | month | day | hour | minute) < 0) {
                return null;
            }
            int i = 16;
            int second = 0;
            int nanos = 0;
            if (t.charAt(i) == ':') {
                second = i + 3 <= n ? digits(t, i + 1, 2) : -1;
                if (second < 0) {
                    return null;
                }
                i += 3;
                if (i < n && t.charAt(i) == '.') {
                    int from = ++i;
                    while (i < n && i - from < 9 && isDigit(t.charAt(i))) {
                        nanos = nanos * 10 + (t.charAt(i++) - '0');
                    }
                    if (i == from) {
                        return null;
                    }
                    for (int k = i - from; k < 9; k++) {
                        nanos *= 10;
                    }
                }
            }
            if (i == n - 1 && (t.charAt(i) == 'Z' || t.charAt(i) == 'z')) {
                return new Fields(year, month, day, hour, minute, second, nanos, 0, 0, 0);
            }
            if (i != n - 6 || (t.charAt(i) != '+' && t.charAt(i) != '-') || t.charAt(i + 3) != ':') {
                return null;
            }
            int offsetHours = digits(t, i + 1, 2);
            int offsetMinutes = digits(t, i + 4, 2);
            if ((offsetHours | offsetMinutes) < 0) {
                return null;
            }
            return new Fields(year, month, day, hour, minute, second, nanos, t.charAt(i) == '-' ? -1 : 1, offsetHours,
                    offsetMinutes);
        }

        /** What is wrong with a time that has the syntax: a year 0000, an hour 24, an offset past 18:00, no such date. */
        String problem(String text) {
            if (year < 1) {
                return "must be a time from year 0001 to 9999; was \"" + text + "\"";
            }
            if (hour > 23 || minute > 59 || second > 59) {
                return "no such time of day (hours 00-23, minutes and seconds 00-59); was \"" + text + "\"";
            }
            if (sign != 0 && (offsetMinutes > 59 || offsetHours > 18 || offsetHours == 18 && offsetMinutes > 0)) {
                return "the offset must be from -18:00 to +18:00; was \"" + text + "\"";
            }
            try {
                LocalDate.of(year, month, day);
            } catch (DateTimeException e) {
                return "no such date; was \"" + text + "\"";
            }
            return null;
        }

        OffsetDateTime time() {
            ZoneOffset offset = sign == 0 ? ZoneOffset.UTC
                    : ZoneOffset.ofHoursMinutes(sign * offsetHours, sign * offsetMinutes);
            return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, offset);
        }

        /** The number {@code count} ASCII digits at {@code from} spell, or -1 when one is not a digit. */
        private static int digits(String t, int from, int count) {
            int value = 0;
            for (int i = from; i < from + count; i++) {
                char c = t.charAt(i);
                if (!isDigit(c)) {
                    return -1;
                }
                value = value * 10 + (c - '0');
            }
            return value;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }
}
