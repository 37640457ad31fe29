package org.deploypolicy.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.deploypolicy.DecisionLog;
import org.deploypolicy.IoFailedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deploy-policy audit}: checks a decision log's hash chain. */
@Command(name = "audit", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = Exit.USAGE,
        description = "Checks a decision log (one hash-chained JSON line per decision). Prints the count of good "
                + "lines and the last hash (keep them: against them a deleted last line shows), or names the first "
                + "broken line. Exit 0 when sound (an empty file is a log of no lines), 1 when a line is edited, "
                + "moved, deleted or torn, 3 when the log does not exist or cannot be read.")
final class AuditCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "LOG", description = "The decision log file.")
    private Path log;

    @Option(names = "--count", paramLabel = "N", description = "The count of lines an earlier audit reported.")
    private Integer count;

    @Option(names = "--last", paramLabel = "HASH", description = "The last hash an earlier audit reported.")
    private String last;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DecisionLog.Audit audit;
        try {
            if ((count == null) != (last == null)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give both --count and --last");
            }
            audit = count == null ? DecisionLog.audit(log) : DecisionLog.audit(log, count, last);
        } catch (IoFailedException e) {
            return Exit.unreadable(spec, e);
        }
        if (!audit.sound()) {
            err.println(log + ":" + audit.brokenLine() + ": " + audit.problem());
            err.println(audit.goodLines() + " good lines before it; last good hash " + audit.lastHash());
            err.flush();
            return Exit.REJECTED;
        }
        out.println("OK: " + audit.goodLines() + " lines, last hash " + audit.lastHash());
        out.flush();
        return Exit.OK;
    }
}
