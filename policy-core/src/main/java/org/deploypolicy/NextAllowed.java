package org.deploypolicy;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * When the window and freeze rules that block a request would let it through.
 *
 * @param at          the earliest time at or after the request's time
 * @param preferredAt the earliest such time inside the preferred window
 */
public record NextAllowed(OffsetDateTime at, Optional<OffsetDateTime> preferredAt) {
    public NextAllowed {
        preferredAt = Copies.optional(preferredAt);
    }
}
