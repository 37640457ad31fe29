package org.deploypolicy;

/** A person's verdict on a change or a rollback. */
public enum Verdict { APPROVED, REJECTED }
