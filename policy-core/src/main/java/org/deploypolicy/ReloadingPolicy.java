package org.deploypolicy;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A policy that can be rebuilt from its directory while it serves. {@link #reload()} builds the directory
 * again and, only if it builds, swaps the new policy in atomically; a directory that does not build leaves the
 * last good policy serving and says why. An evaluation finishes on the policy it started with, and every
 * decision names the version that made it. Thread-safe.
 */
public final class ReloadingPolicy {
    private final Supplier<DeploymentPolicy> build;
    private final AtomicReference<DeploymentPolicy> current;
    private final Object reloading = new Object();

    private ReloadingPolicy(Supplier<DeploymentPolicy> build) {
        this.build = build;
        this.current = new AtomicReference<>(build.get());
    }

    /**
     * Builds the directory's policy and serves it.
     *
     * @throws InvalidPolicyException when the directory does not build at first
     */
    public static ReloadingPolicy of(Path directory) {
        Objects.requireNonNull(directory, "policy directory must not be null");
        return of(() -> DeploymentPolicy.builder().directory(directory).build());
    }

    /**
     * Serves what {@code build} makes, calling it again on each reload (for a builder with a clock or a class
     * loader of its own).
     *
     * @throws InvalidPolicyException when the first build fails
     */
    public static ReloadingPolicy of(Supplier<DeploymentPolicy> build) {
        return new ReloadingPolicy(Objects.requireNonNull(build, "build must not be null"));
    }

    /** The policy serving now. */
    public DeploymentPolicy current() {
        return current.get();
    }

    /** Decides a request with the policy serving when the call starts. */
    public Decision evaluate(PolicyRequest request) {
        return current.get().evaluate(request);
    }

    /**
     * Rebuilds the policy. Reloads are serialised; evaluations go on meanwhile.
     *
     * @return the version now serving and, if the rebuild failed, why (the last good policy still serves)
     */
    public Reload reload() {
        synchronized (reloading) {
            try {
                DeploymentPolicy rebuilt = build.get();
                current.set(rebuilt);
                return new Reload(rebuilt.id(), Optional.empty());
            } catch (InvalidPolicyException e) {
                return new Reload(current.get().id(), Optional.of(e));
            }
        }
    }

    /**
     * What a reload did.
     *
     * @param serving the policy serving after it
     * @param failure why the rebuild failed, when it did; then {@code serving} is the last good policy
     */
    public record Reload(PolicyId serving, Optional<InvalidPolicyException> failure) {
        /** Whether the rebuilt policy now serves. */
        public boolean succeeded() {
            return failure.isEmpty();
        }
    }
}
