package org.deploypolicy;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

import org.deploypolicy.internal.Core;

/**
 * A rule author's test: a request, optionally a time, and the decision (or error) it must get. Scenario files
 * are YAML or JSON, one scenario or a list per file:
 *
 * <pre>{@code
 * note: Friday feature is blocked until Monday
 * request: { ...a request... }
 * at: 2026-11-27T10:00:00+03:00      # optional: overrides request.at
 * want:
 *   outcome: REJECTED
 *   findings:                         # the exact set of (rule, effect, subject); messages are not compared
 *     - { rule: window.friday, effect: BLOCK }
 *   obligations: []                   # optional: the exact set of (rule, due)
 *   nextAllowed: { at: 2026-11-30T00:00:00+03:00 }   # optional
 * }</pre>
 *
 * An expected error is {@code want: { error: INVALID_REQUEST, paths: [$.change.severity] }}.
 */
public final class Scenario {
    private final String file;
    private final String note;
    private final Supplier<PolicyRequest> request;
    private final Function<DeploymentPolicy, ScenarioResult> check;

    /** For the scenario reader; scenarios come from {@link #read(Path)}. */
    public Scenario(String file, String note, Supplier<PolicyRequest> request,
                    Function<DeploymentPolicy, ScenarioResult> check) {
        this.file = Objects.requireNonNull(file, "file");
        this.note = Objects.requireNonNull(note, "note");
        this.request = Objects.requireNonNull(request, "request");
        this.check = Objects.requireNonNull(check, "check");
    }

    /**
     * Reads the scenarios of a file, or of every {@code .yaml}, {@code .yml} and {@code .json} file under a
     * directory, in path order.
     *
     * @throws InvalidPolicyException naming the file, line and column of a scenario that cannot be read
     */
    public static List<Scenario> read(Path fileOrDirectory) {
        return Core.readScenarios(fileOrDirectory);
    }

    /** The file it came from. */
    public String file() {
        return file;
    }

    /** What it shows, in a sentence. */
    public String note() {
        return note;
    }

    /**
     * The scenario's request, at the scenario's time when it gives one.
     *
     * @throws InvalidRequestException when the request is not valid (as in a scenario that expects an error)
     */
    public PolicyRequest request() {
        return request.get();
    }

    /** Decides the scenario's request with {@code policy} and compares the decision with what it wants. */
    public ScenarioResult run(DeploymentPolicy policy) {
        return check.apply(policy);
    }

    @Override
    public String toString() {
        return file + ": " + note;
    }
}
