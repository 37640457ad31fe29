package org.deploypolicy.server;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A log line's time: UTC to the microsecond, {@code 2026-12-06T14:07:31.835549Z}. Formatting a time costs an access
 * line more than the rest of it, so the text up to the second is kept and written again while the second lasts.
 */
final class LogTime {
    private static final DateTimeFormatter TO_THE_SECOND = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    /** The last second formatted, with its text (replaced whole, so a reader never sees one without the other). */
    private static volatile Second last = new Second(Long.MIN_VALUE, "");

    private record Second(long epochSecond, String text) {
    }

    private LogTime() {
    }

    static void append(StringBuilder line, Instant time) {
        Second second = last;
        if (second.epochSecond() != time.getEpochSecond()) {
            second = new Second(time.getEpochSecond(), TO_THE_SECOND.format(time));
            last = second;
        }
        int micros = time.getNano() / 1000;
        line.append(second.text()).append('.');
        for (int digit = 100_000; digit > 0; digit /= 10) {
            line.append((char) ('0' + micros / digit % 10));
        }
        line.append('Z');
    }
}
