package org.deploypolicy.rules;

import java.time.Duration;
import java.time.LocalDateTime;

/**
 * A recurring freeze from the settings ({@code windows.freezes} with {@code start}, {@code rrule} and
 * {@code duration}): each occurrence of the RFC 5545 recurrence rule from {@code start} is the freeze
 * {@code [occurrence, occurrence + duration)} in the policy's zone. Rules see each occurrence that matters to a
 * request as a {@link Freeze} fact of the same name and reason.
 *
 * @param name     the freeze's name, the subject of its findings
 * @param reason   why there is a freeze
 * @param start    the first occurrence, a local date and time without an offset ({@code 2026-01-30T00:00})
 * @param rrule    the recurrence rule ({@code FREQ=MONTHLY;BYDAY=-1FR})
 * @param duration how long each occurrence lasts ({@code P1D}, {@code PT6H}); positive
 */
public record RecurringFreeze(String name, String reason, LocalDateTime start, String rrule, Duration duration) {
}
