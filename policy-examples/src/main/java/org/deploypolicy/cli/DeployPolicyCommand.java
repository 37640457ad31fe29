package org.deploypolicy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;

import org.deploypolicy.IoFailedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code deploy-policy}: the policy for scripts and CI jobs that are not Java. Each subcommand reads JSON or a
 * policy directory and answers with an exit code of docs/contract.md "The command line".
 */
@Command(name = "deploy-policy",
        mixinStandardHelpOptions = true,
        versionProvider = DeployPolicyCommand.Version.class,
        exitCodeOnInvalidInput = Exit.USAGE,
        description = "Decides whether a change may deploy to production, and who may roll it back.",
        subcommands = {EvaluateCommand.class, VerifyCommand.class, InitCommand.class, TestCommand.class,
                DiffCommand.class, AuditCommand.class, ReportCommand.class, ObligationsCommand.class,
                DoneCommand.class, ServeCommand.class, FromGitHubCommand.class, SchemaCommand.class,
                CalendarCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:approved; verify, test, init, audit, report, done, from-github, schema, calendar: all good; diff: "
                        + "no outcome changed; obligations: none overdue",
                "1:rejected; test: a scenario failed; verify --strict: warnings; diff: an outcome changed; "
                        + "audit: the log is broken or its last line torn; obligations: one is overdue; done: already "
                        + "marked done",
                "2:pending",
                "3:the request, the policy, a scenario, a GitHub payload or a decision log could not be read (report, "
                        + "obligations, done: or a log is not sound, or holds a line that is not a decision or done "
                        + "line, or a done line for a request or obligation no decision has)",
                "4:evaluation failed inside the policy",
                "64:usage error",
                "74:the machine failed: a decision log that cannot be written (no decision is printed), an address "
                        + "that cannot be bound"})
public final class DeployPolicyCommand implements Runnable {
    private final InputStream stdin;
    @Spec
    private CommandSpec spec;

    DeployPolicyCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(System.in, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams and returns its exit code. */
    static int run(InputStream stdin, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new DeployPolicyCommand(stdin));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
            if (cause instanceof IOException io) {
                // the machine failed, not a rule: said as IO_FAILED, the file and the system's reason in words
                String file = io instanceof FileSystemException fs && fs.getFile() != null ? fs.getFile()
                        : e instanceof UncheckedIOException unchecked && unchecked.getMessage() != null
                        ? unchecked.getMessage() : "(a file)";
                return Exit.report(cmd.getCommandSpec(), IoFailedException.of(file, "cannot read or write", io));
            }
            cmd.getErr().println("deploy-policy: an unexpected failure, never a decision (please report it): " + e);
            return Exit.EVALUATION_FAILED;
        });
        return commandLine.execute(args);
    }

    InputStream stdin() {
        return stdin;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is required: evaluate, verify, init, test, diff, audit, report, obligations, done, "
                        + "serve, from-github, schema or calendar");
    }

    /** The version of this build, from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = DeployPolicyCommand.class.getPackage().getImplementationVersion();
            return new String[] {"deploy-policy " + (version == null ? "(development build)" : version)};
        }
    }
}
