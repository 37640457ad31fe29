package org.deploypolicy;

/**
 * A failure of the machine rather than of a request or a policy: a file that cannot be read or written, an
 * address that cannot be bound.
 *
 * @param file    the file, as it was given ({@code /var/log/decisions.jsonl}); for an address, {@code host:port}
 * @param message what could not be done and the system's reason in words ({@code cannot write the decision
 *                log: no such directory})
 */
public record IoProblem(String file, String message) implements Problem {
    @Override
    public String location() {
        return file;
    }
}
