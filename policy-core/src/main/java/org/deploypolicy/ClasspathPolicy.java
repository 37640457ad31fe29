package org.deploypolicy;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import org.deploypolicy.internal.Core;

/** Policies shipped on the classpath under {@code deploy-policy/<name>/}, such as {@code reference}. */
public final class ClasspathPolicy {
    private ClasspathPolicy() {
    }

    /**
     * Copies every file of a classpath policy (rules, {@code policy.yaml}, scenarios) into a directory, to
     * start a policy of one's own from. Never overwrites a file.
     *
     * @return the files written
     * @throws InvalidPolicyException        when there is no policy of that name
     * @throws java.io.UncheckedIOException when a file exists already or cannot be written
     */
    public static List<Path> copy(String name, Path target) {
        Objects.requireNonNull(name, "policy name must not be null");
        Objects.requireNonNull(target, "target directory must not be null");
        ClassLoader loader = Objects.requireNonNullElse(Thread.currentThread().getContextClassLoader(),
                ClasspathPolicy.class.getClassLoader());
        return Core.copyClasspathPolicy(name, loader, target);
    }
}
