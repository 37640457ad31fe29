package org.deploypolicy.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/** The command line run in-process, for tests outside this package (as {@link CommandLineTest} runs it). */
public final class Cli {
    private Cli() {
    }

    /** What one run printed and returned. */
    public record Run(int exit, String out, String err) {
    }

    /** Runs the command line with these arguments and no standard input. */
    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = DeployPolicyCommand.run(new ByteArrayInputStream(new byte[0]), new PrintWriter(out),
                new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }
}
