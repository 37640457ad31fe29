package org.deploypolicy.cli;

import org.deploypolicy.Outcome;

/** The exit codes of CONTRACT.md "The command line". */
final class Exit {
    static final int APPROVED = 0;
    static final int OK = 0;
    static final int REJECTED = 1;
    static final int PENDING = 2;
    static final int UNREADABLE = 3;
    static final int EVALUATION_FAILED = 4;
    static final int USAGE = 64;

    private Exit() {
    }

    static int of(Outcome outcome) {
        return switch (outcome) {
            case APPROVED -> APPROVED;
            case REJECTED -> REJECTED;
            case PENDING -> PENDING;
        };
    }
}
