package org.deploypolicy;

/**
 * What a decision says: {@code REJECTED} if any finding blocks, else {@code PENDING} if any finding
 * requires something, else {@code APPROVED}.
 */
public enum Outcome { APPROVED, PENDING, REJECTED }
