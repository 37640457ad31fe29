package org.deploypolicy.rules;

import java.util.List;
import java.util.Optional;

/**
 * A person on the policy's roster: with a roster, people hold exactly the roles it gives them.
 *
 * @param id      the person's id, as requests name them
 * @param name    their name, for the approval record
 * @param roles   the roles they hold
 * @param contact how to reach them (email, Slack), for the approval record
 */
public record RosterEntry(String id, Optional<String> name, List<String> roles, Optional<String> contact) {
    public RosterEntry {
        name = name == null ? Optional.empty() : name;
        roles = List.copyOf(roles);
        contact = contact == null ? Optional.empty() : contact;
    }
}
