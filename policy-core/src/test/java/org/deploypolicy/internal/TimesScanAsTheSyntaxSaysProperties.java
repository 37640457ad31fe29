package org.deploypolicy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The time reader scans by hand; the syntax it reads is the contract's, written here as the regular expression it
 * replaced, and both must agree on every text: which are times, which time, and what is wrong with the rest.
 */
class TimesScanAsTheSyntaxSaysProperties {
    private static final Pattern SYNTAX = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2})"
            + "(?::(\\d{2})(?:\\.(\\d{1,9}))?)?(?:([Zz])|([+-])(\\d{2}):(\\d{2}))");

    @Property(tries = 3000)
    void aTimeIsReadAsTheSyntaxReadsIt(@ForAll("nearTimes") String text) {
        assertEquals(bySyntax(text), Times.parse(text), text);
        assertEquals(bySyntax(text) != null, Times.problem(text) == null, text);
    }

    @Example
    void theFormsTheContractNames() {
        assertEquals(OffsetDateTime.of(2026, 11, 24, 10, 30, 0, 0, ZoneOffset.ofHours(3)),
                Times.parse("2026-11-24T10:30:00+03:00"));
        assertEquals(OffsetDateTime.of(2026, 11, 24, 10, 30, 0, 0, ZoneOffset.UTC), Times.parse("2026-11-24t10:30z"));
        assertEquals(OffsetDateTime.of(2026, 11, 24, 10, 30, 0, 500_000_000, ZoneOffset.ofHoursMinutes(-1, -30)),
                Times.parse("2026-11-24T10:30:00.5-01:30"));
        for (String refused : List.of("2026-11-24T10:30:00", "2026-11-24T10:30:00+03", "2026-11-24T10:30:00.+03:00",
                "2026-11-24T10:30:00.1234567890Z", "2026-02-30T10:30Z", "0000-01-01T00:00Z", "2026-11-24T24:00Z",
                "2026-11-24T10:30+18:01", "2026-11-24 10:30Z", "2026-11-24T10:30Z ", "")) {
            assertNull(Times.parse(refused), refused);
            assertNotNull(Times.problem(refused), refused);
        }
    }

    /** Times, and texts one edit away from one: a character changed, dropped or added. */
    @Provide
    Arbitrary<String> nearTimes() {
        Arbitrary<String> times = Arbitraries.of("2026-11-24T10:30:00+03:00", "2026-11-24T10:30Z", "1999-12-31t23:59:59z",
                "2028-02-29T00:00:00.123456789-18:00", "0001-01-01T00:00:00.1+18:00", "2026-11-24T10:30:00.5-01:30");
        Arbitrary<Character> characters = Arbitraries.of('0', '1', '2', '3', '5', '9', '-', ':', '.', '+', 'T', 't',
                'Z', 'z', ' ', '٣');
        return times.flatMap(time -> Arbitraries.oneOf(
                Arbitraries.just(time),
                Arbitraries.integers().between(0, time.length() - 1).flatMap(at -> characters.map(c ->
                        time.substring(0, at) + c + time.substring(at + 1))),
                Arbitraries.integers().between(0, time.length() - 1).map(at ->
                        time.substring(0, at) + time.substring(at + 1)),
                Arbitraries.integers().between(0, time.length()).flatMap(at -> characters.map(c ->
                        time.substring(0, at) + c + time.substring(at)))));
    }

    /** The time the syntax and java.time make of a text, or null. */
    private static OffsetDateTime bySyntax(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            return null;
        }
        String fraction = m.group(7) == null ? "" : m.group(7);
        int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
        int sign = "-".equals(m.group(9)) ? -1 : 1;
        try {
            if (Integer.parseInt(m.group(1)) < 1 || m.group(9) != null && Integer.parseInt(m.group(10)) > 18) {
                return null;
            }
            ZoneOffset offset = m.group(8) != null ? ZoneOffset.UTC
                    : ZoneOffset.ofHoursMinutes(sign * Integer.parseInt(m.group(10)), sign * Integer.parseInt(m.group(11)));
            return OffsetDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)), nanos, offset);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
