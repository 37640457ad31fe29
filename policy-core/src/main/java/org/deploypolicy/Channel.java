package org.deploypolicy;

/** How an approval was given: on the pull request, or by word of mouth (Slack, phone) with a record named. */
public enum Channel { PULL_REQUEST, VERBAL }
