package org.deploypolicy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.deploypolicy.DecisionHistory;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.InvalidPolicyException;
import org.deploypolicy.InvalidRequestException;
import org.deploypolicy.PolicyDiff;
import org.deploypolicy.PolicyException;
import org.deploypolicy.PolicyJson;
import org.deploypolicy.PolicyProblem;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.Scenario;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deploy-policy diff}: what a policy change would have decided differently. */
@Command(name = "diff", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = Exit.USAGE,
        description = "Decides every input under the base policy and the new one and prints each whose outcome or "
                + "findings differ, then a summary. Inputs: request files (.json), JSON-lines files of requests "
                + "(.jsonl), scenario files (.yaml), decision logs or directories of them. A decision log's "
                + "requests are decided again at the time they were decided, under the new policy, and compared with "
                + "the decisions the log recorded (with --base: with the base policy's at that time); --from and "
                + "--to pick the log's period, and a line tells how many production deploys the new policy would "
                + "have blocked or let through. Exit 0 when no outcome changed, 1 when one did, 3 when an input or a "
                + "policy cannot be read (or a log line keeps only its request's digest).")
final class DiffCommand implements Callable<Integer> {
    /** Made when diff first reads a file: picocli makes every command to run any one of them. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    @Spec
    private CommandSpec spec;

    @Option(names = "--policy", paramLabel = "NEW", required = true, description = "The changed policy directory.")
    private Path changed;

    @Option(names = "--base", paramLabel = "OLD", description = "The policy directory it changes. Default: the reference policy.")
    private Path base;

    @Parameters(arity = "1..*", paramLabel = "INPUTS",
            description = "Request files, JSON-lines files, scenario files, decision logs or directories.")
    private List<Path> inputs;

    @Option(names = "--from", paramLabel = "DATE", description = "Replay only what the logs decided from this day on "
            + "(in the new policy's zone).")
    private LocalDate from;

    @Option(names = "--to", paramLabel = "DATE", description = "Replay only what the logs decided up to this day, "
            + "inclusive.")
    private LocalDate to;

    @Override
    public Integer call() {
        if (from != null && to != null && to.isBefore(from)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--to " + to + " is before --from " + from + ": the period ends before it starts");
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            DeploymentPolicy after = PolicyOption.build(changed, null);
            Map<String, PolicyRequest> requests = new LinkedHashMap<>();
            List<DecisionHistory.Log> logs = new ArrayList<>();
            for (Path input : inputs) {
                read(input, requests, logs);
            }
            DeploymentPolicy before = base != null || !requests.isEmpty() ? PolicyOption.build(base, null) : null;
            PolicyDiff.Replay replay = logs.isEmpty() ? null
                    : PolicyDiff.replay(base == null ? null : before, after, logged(logs, after));
            PolicyDiff.Report report = PolicyDiff.compare(before == null ? after : before, after, requests);
            List<PolicyDiff.Difference> differences = new ArrayList<>(replay == null ? List.of()
                    : replay.report().differences());
            differences.addAll(report.differences());
            for (PolicyDiff.Difference d : differences) {
                out.println(d.input() + " (" + d.request().id() + "): " + d.base().outcome()
                        + (d.outcomeChanged() ? " -> " + d.changed().outcome() : ", findings changed"));
                d.removed().forEach(f -> out.println("  - " + f));
                d.added().forEach(f -> out.println("  + " + f));
            }
            PolicyDiff.Report all = new PolicyDiff.Report(report.inputs()
                    + (replay == null ? 0 : replay.report().inputs()), differences);
            out.println(all.summary());
            if (replay != null) {
                out.println(replay.productionSummary() + (base == null ? " (against what the logs recorded)"
                        : " (against " + base + ")"));
            }
            out.flush();
            return all.outcomeChanged() ? Exit.REJECTED : Exit.OK;
        } catch (PolicyException e) {
            return Exit.report(spec, e);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            return Exit.UNREADABLE;
        }
    }

    /**
     * The decisions of the logs, merged by time, in the period; a log that is not sound, or holds a line that is
     * not a decision or a done line, is refused naming its file and line.
     */
    private List<DecisionHistory.Decided> logged(List<DecisionHistory.Log> logs, DeploymentPolicy policy) {
        List<String> problems = new ArrayList<>(DecisionHistory.problems(logs).stream().map(Object::toString).toList());
        for (DecisionHistory.Log log : logs) {
            if (!log.audit().sound()) {
                problems.add(0, log.broken().orElseThrow()
                        + " (audit the log; diff replays sound logs only)");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join(System.lineSeparator(), problems));
        }
        ZoneId zone = policy.settings().zone();
        List<DecisionHistory.Decided> decided = new ArrayList<>();
        for (DecisionHistory.Entry entry : DecisionHistory.merged(logs)) {
            if (entry instanceof DecisionHistory.Decided d) {
                LocalDate day = d.decidedAt().atZoneSameInstant(zone).toLocalDate();
                if ((from == null || !day.isBefore(from)) && (to == null || !day.isAfter(to))) {
                    decided.add(d);
                }
            }
        }
        return decided;
    }

    /**
     * Adds the requests of one input, each named by where it came from: a directory's files in path order, a
     * JSON file holding a request (an object with a {@code kind}) or scenarios, each line of a JSON-lines file,
     * the scenarios of a YAML file.
     */
    private void read(Path input, Map<String, PolicyRequest> requests, List<DecisionHistory.Log> logs) {
        String name = input.toString();
        if (Files.isDirectory(input)) {
            try (Stream<Path> files = Files.walk(input)) {
                for (Path file : files.filter(Files::isRegularFile).filter(f -> f.toString().matches(".*\\.(jsonl?|ya?ml)$"))
                        .sorted().toList()) {
                    read(file, requests, logs);
                }
            } catch (IOException e) {
                throw unreadable(name, e);
            }
            return;
        }
        try {
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                readScenarios(input, requests);
            } else if (!name.endsWith(".json") && isDecisionLog(input)) {
                // a log by its content, whatever its name (decisions.jsonl, decisions.log)
                Path real = input.toRealPath();
                if (logs.stream().anyMatch(log -> realPath(log.file()).equals(real))) {
                    throw new CommandLine.ParameterException(spec.commandLine(), name
                            + ": the same decision log given twice; each is read once");
                }
                logs.add(DecisionHistory.read(input));
            } else if (name.endsWith(".jsonl")) {
                List<String> lines = Files.readAllLines(input, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    if (!lines.get(i).isBlank()) {
                        requests.put(name + ":" + (i + 1), readLine(name, i + 1, lines.get(i)));
                    }
                }
            } else {
                String json = Files.readString(input, StandardCharsets.UTF_8);
                if (name.endsWith(".json") && !Json.MAPPER.readTree(json).has("kind")) {
                    readScenarios(input, requests);
                } else {
                    requests.put(name, PolicyJson.readRequest(json));
                }
            }
        } catch (IOException e) {
            throw unreadable(name, e);
        }
    }

    private static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    /** Whether a JSON-lines file is a decision log: its first line has a {@code seq}, a {@code prev} and a hash. */
    private static boolean isDecisionLog(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            String first = lines.filter(line -> !line.isBlank()).findFirst().orElse("");
            try {
                JsonNode line = Json.MAPPER.readTree(first);
                return line != null && line.has("seq") && line.has("prev") && line.has("hash");
            } catch (IOException e) {
                return false;
            }
        }
    }

    private static void readScenarios(Path file, Map<String, PolicyRequest> requests) {
        for (Scenario scenario : Scenario.read(file)) {
            requests.put(scenario.toString(), scenario.request());
        }
    }

    private static InvalidPolicyException unreadable(String name, IOException e) {
        return new InvalidPolicyException(List.of(new PolicyProblem(name, null, null, "cannot read: " + e.getMessage())));
    }

    private static PolicyRequest readLine(String file, int line, String json) {
        try {
            return PolicyJson.readRequest(json);
        } catch (InvalidRequestException e) {
            throw new InvalidPolicyException(e.problems().stream().map(p -> new PolicyProblem(file,
                    java.util.OptionalInt.of(line), null, p.describe())).toList());
        }
    }
}
