package org.deploypolicy;

/** What kind of change is deployed. Shown on the approval record; the branches, not the type, choose the path. */
public enum ChangeType { FEATURE, FIX, HOTFIX }
