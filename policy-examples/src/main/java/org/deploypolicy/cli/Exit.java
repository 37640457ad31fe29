package org.deploypolicy.cli;

import java.io.PrintWriter;

import org.deploypolicy.EvaluationFailedException;
import org.deploypolicy.IoFailedException;
import org.deploypolicy.Outcome;
import org.deploypolicy.PolicyException;
import picocli.CommandLine.Model.CommandSpec;

/** The exit codes of docs/contract.md "The command line". */
final class Exit {
    static final int APPROVED = 0;
    static final int OK = 0;
    static final int REJECTED = 1;
    static final int PENDING = 2;
    static final int UNREADABLE = 3;
    static final int EVALUATION_FAILED = 4;
    static final int USAGE = 64;
    static final int IO_FAILED = 74;

    private Exit() {
    }

    /**
     * Prints every problem of an error to standard error, one {@code location: message} line each, and returns
     * its exit code: 74 when the machine failed (a decision log that cannot be written, an address that cannot
     * be bound), 4 when the evaluation failed, 3 when something could not be read.
     */
    static int report(CommandSpec spec, PolicyException error) {
        PrintWriter err = spec.commandLine().getErr();
        error.problems().forEach(problem -> err.println(problem.describe()));
        err.flush();
        if (error instanceof IoFailedException) {
            return IO_FAILED;
        }
        return error instanceof EvaluationFailedException ? EVALUATION_FAILED : UNREADABLE;
    }

    /**
     * Prints why a file to read (a decision log) cannot be read, and answers 3: the file is input, as a request is,
     * not the 74 of a failed write.
     */
    static int unreadable(CommandSpec spec, IoFailedException error) {
        report(spec, error);
        return UNREADABLE;
    }

    static int of(Outcome outcome) {
        return switch (outcome) {
            case APPROVED -> APPROVED;
            case REJECTED -> REJECTED;
            case PENDING -> PENDING;
        };
    }
}
