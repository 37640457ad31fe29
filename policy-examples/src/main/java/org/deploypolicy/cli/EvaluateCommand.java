package org.deploypolicy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.Callable;

import org.deploypolicy.ApprovalRecord;
import org.deploypolicy.Decision;
import org.deploypolicy.DecisionLog;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.InvalidRequestException;
import org.deploypolicy.PolicyException;
import org.deploypolicy.PolicyJson;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.RequestProblem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code deploy-policy evaluate}: one request in, its decision out, the outcome as the exit code. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = Exit.USAGE,
        description = "Decides a request (JSON, see docs/contract.md) and prints the decision. "
                + "Exit 0 approved, 1 rejected, 2 pending, 3 unreadable, 4 evaluation failed, "
                + "74 the decision log cannot be written (then no decision is printed).")
final class EvaluateCommand implements Callable<Integer> {
    /** How the decision is printed. */
    enum Format { TEXT, JSON, MARKDOWN }

    @ParentCommand
    private DeployPolicyCommand parent;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REQUEST.json|-", description = "The request file, or - for standard input.")
    private String request;

    @Mixin
    private PolicyOption policy;

    @Option(names = "--format", paramLabel = "text|json|markdown", defaultValue = "text",
            description = "text (outcome, findings, what to do next), json (the decision object) "
                    + "or markdown (the approval record).")
    private String format;

    @Option(names = "--log", paramLabel = "FILE",
            description = "Append the decision to this decision log (hash-chained JSON lines; see audit). "
                    + "A decision that cannot be written there is not printed.")
    private java.nio.file.Path log;

    @Option(names = "--log-digest-only",
            description = "With --log: keep only the request's digest in the log, not the request (replay and "
                    + "reports then cannot use those lines).")
    private boolean logDigestOnly;

    @Option(names = "--at", paramLabel = "TIME", converter = TimeConverter.class,
            description = "Judge the request at this time instead of its own (ISO-8601 with an offset).")
    private OffsetDateTime at;

    @Override
    public Integer call() {
        Format chosen = format();
        if (logDigestOnly && log == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--log-digest-only goes with --log FILE");
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            byte[] json = read();
            DeploymentPolicy built = policy.build(log == null ? null : DecisionLog.toFile(log, logDigestOnly
                    ? DecisionLog.Contents.DIGESTS_ONLY : DecisionLog.Contents.REQUESTS));
            PolicyRequest read = built.readRequest(json);
            PolicyRequest judged = at == null ? read : read.withAt(at);
            Decision decision = built.evaluate(judged);
            out.print(switch (chosen) {
                case JSON -> PolicyJson.toJson(decision) + System.lineSeparator();
                case MARKDOWN -> ApprovalRecord.markdown(built, judged, decision);
                case TEXT -> TextReport.of(decision);
            });
            out.flush();
            return Exit.of(decision.outcome());
        } catch (PolicyException e) {
            if (chosen == Format.JSON) {
                spec.commandLine().getOut().println(PolicyJson.toJson(e));
                spec.commandLine().getOut().flush();
            }
            return Exit.report(spec, e);
        }
    }

    private Format format() {
        return switch (format) {
            case "text" -> Format.TEXT;
            case "json" -> Format.JSON;
            case "markdown" -> Format.MARKDOWN;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--format': must be text, json or markdown; was '" + format + "'");
        };
    }

    /** The request's bytes, up to one more than a request may have (which reading then refuses). */
    private byte[] read() {
        try {
            if ("-".equals(request)) {
                return parent.stdin().readNBytes(PolicyJson.MAX_REQUEST_BYTES + 1);
            }
            try (InputStream in = Files.newInputStream(Path.of(request))) {
                return in.readNBytes(PolicyJson.MAX_REQUEST_BYTES + 1);
            }
        } catch (NoSuchFileException e) {
            throw unreadable("no such file");
        } catch (IOException e) {
            throw unreadable(e.getMessage());
        }
    }

    private InvalidRequestException unreadable(String why) {
        return new InvalidRequestException(List.of(new RequestProblem("$", "cannot read " + request + ": " + why)));
    }

    /** {@code --at}: a time as requests spell it (RFC 3339, with an offset); anything else is a usage error. */
    static final class TimeConverter implements CommandLine.ITypeConverter<OffsetDateTime> {
        @Override
        public OffsetDateTime convert(String value) {
            try {
                return PolicyJson.readTime(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
