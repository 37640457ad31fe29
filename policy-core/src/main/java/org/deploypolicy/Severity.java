package org.deploypolicy;

/** The severity of the incident a change answers, P1 (platform down, payments failing) to P4. */
public enum Severity { P1, P2, P3, P4 }
