package org.deploypolicy;

/**
 * Which policy made a decision.
 *
 * @param name    the policy's name from its settings
 * @param version {@code sha256:} and the hash of every rule file and setting, so it changes whenever they do
 */
public record PolicyId(String name, String version) {
}
