package org.deploypolicy;

/**
 * A problem with a request.
 *
 * @param path    the field, as a JSON path ({@code $.approvals[2].commit})
 * @param message what was wrong
 */
public record RequestProblem(String path, String message) implements Problem {
    @Override
    public String location() {
        return path;
    }
}
