package org.deploypolicy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class LogTimeTest {
    private static String format(Instant time) {
        StringBuilder line = new StringBuilder();
        LogTime.append(line, time);
        return line.toString();
    }

    @Test
    void aTimeIsWrittenInUtcToTheMicrosecondAndTheSecondIsNotReusedOnceItIsOver() {
        assertEquals("2026-12-06T14:07:31.835549Z", format(Instant.parse("2026-12-06T14:07:31.835549973Z")));
        assertEquals("2026-12-06T14:07:31.000001Z", format(Instant.parse("2026-12-06T14:07:31.000001Z")));
        assertEquals("2026-12-06T14:07:32.000000Z", format(Instant.parse("2026-12-06T14:07:32Z")));
        assertEquals("2027-01-01T00:00:00.500000Z", format(Instant.parse("2027-01-01T00:00:00.5Z")));
        assertEquals("2026-12-06T14:07:31.999999Z", format(Instant.parse("2026-12-06T14:07:31.999999999Z")));
    }
}
