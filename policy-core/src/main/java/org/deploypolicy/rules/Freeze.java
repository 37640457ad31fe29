package org.deploypolicy.rules;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A freeze period from the settings ({@code windows.freezes}): only an emergency deploys inside it.
 *
 * @param name   the freeze's name, the subject of its findings
 * @param from   when it starts (inside)
 * @param to     when it ends (outside: periods are half-open)
 * @param reason why there is a freeze
 */
public record Freeze(String name, OffsetDateTime from, OffsetDateTime to, String reason) {
    /** Whether {@code instant} lies in {@code [from, to)}. */
    public boolean contains(Instant instant) {
        return !instant.isBefore(from.toInstant()) && instant.isBefore(to.toInstant());
    }
}
