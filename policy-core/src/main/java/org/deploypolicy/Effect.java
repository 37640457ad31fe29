package org.deploypolicy;

/** What a finding does to the outcome, in the order findings are listed. */
public enum Effect {
    /** Something present forbids the request; no approval fixes it as asked. */
    BLOCK,
    /** Something is still missing (an approval, a checklist item, evidence of a run); adding it can fix it. */
    REQUIRE,
    /** Worth knowing; never changes the outcome. */
    ADVISE
}
