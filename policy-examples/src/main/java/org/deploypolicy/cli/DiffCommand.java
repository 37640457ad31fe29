package org.deploypolicy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.InvalidPolicyException;
import org.deploypolicy.InvalidRequestException;
import org.deploypolicy.PolicyDiff;
import org.deploypolicy.PolicyException;
import org.deploypolicy.PolicyJson;
import org.deploypolicy.PolicyProblem;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deploy-policy diff}: what a policy change would have decided differently. */
@Command(name = "diff", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = Exit.USAGE,
        description = "Decides every input under the base policy and the new one and prints each whose outcome or "
                + "findings differ, then a summary. Inputs: request files (.json), JSON-lines files of requests "
                + "(.jsonl), scenario files (.yaml) or directories of them. Exit 0 when no outcome changed, 1 when "
                + "one did, 3 when an input or a policy cannot be read.")
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

    @Parameters(arity = "1..*", paramLabel = "INPUTS", description = "Request files, JSON-lines files, scenario files or directories.")
    private List<Path> inputs;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            DeploymentPolicy before = PolicyOption.build(base, null);
            DeploymentPolicy after = PolicyOption.build(changed, null);
            Map<String, PolicyRequest> requests = new LinkedHashMap<>();
            for (Path input : inputs) {
                read(input, requests);
            }
            PolicyDiff.Report report = PolicyDiff.compare(before, after, requests);
            for (PolicyDiff.Difference d : report.differences()) {
                out.println(d.input() + " (" + d.request().id() + "): " + d.base().outcome()
                        + (d.outcomeChanged() ? " -> " + d.changed().outcome() : ", findings changed"));
                d.removed().forEach(f -> out.println("  - " + f));
                d.added().forEach(f -> out.println("  + " + f));
            }
            out.println(report.summary());
            out.flush();
            return report.outcomeChanged() ? Exit.REJECTED : Exit.OK;
        } catch (PolicyException e) {
            return Exit.report(spec, e);
        }
    }

    /**
     * Adds the requests of one input, each named by where it came from: a directory's files in path order, a
     * JSON file holding a request (an object with a {@code kind}) or scenarios, each line of a JSON-lines file,
     * the scenarios of a YAML file.
     */
    private static void read(Path input, Map<String, PolicyRequest> requests) {
        String name = input.toString();
        if (Files.isDirectory(input)) {
            try (Stream<Path> files = Files.walk(input)) {
                for (Path file : files.filter(Files::isRegularFile).filter(f -> f.toString().matches(".*\\.(jsonl?|ya?ml)$"))
                        .sorted().toList()) {
                    read(file, requests);
                }
            } catch (IOException e) {
                throw unreadable(name, e);
            }
            return;
        }
        try {
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                readScenarios(input, requests);
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
