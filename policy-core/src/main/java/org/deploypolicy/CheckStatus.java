package org.deploypolicy;

/** The status of a status check as reported for the head commit. A check not listed has not run. */
public enum CheckStatus { PASSED, FAILED, PENDING }
