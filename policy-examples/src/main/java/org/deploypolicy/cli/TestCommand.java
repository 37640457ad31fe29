package org.deploypolicy.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.InvalidPolicyException;
import org.deploypolicy.Scenario;
import org.deploypolicy.ScenarioResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deploy-policy test}: runs scenario files against a policy, like {@code opa test}. */
@Command(name = "test", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = Exit.USAGE,
        description = "Runs scenario files (a request and the decision it must get) against a policy and "
                + "prints each failing one with what it wanted beside what it got, then 'N passed, N failed'. "
                + "Exit 0 when all pass, 1 when one fails, 3 when the policy or a scenario cannot be read.")
final class TestCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private PolicyOption policy;

    @Parameters(arity = "0..*", paramLabel = "SCENARIOS",
            description = "Scenario files or directories. Default: the policy directory's scenarios/.")
    private List<Path> paths = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> sources = paths;
        if (sources.isEmpty()) {
            if (policy.directory == null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "name the scenario files, or a policy directory (--policy DIR) whose scenarios/ to run");
            }
            sources = List.of(policy.directory.resolve("scenarios"));
        }
        try {
            DeploymentPolicy built = policy.build();
            List<Scenario> scenarios = new ArrayList<>();
            for (Path source : sources) {
                scenarios.addAll(Scenario.read(source));
            }
            int passed = 0;
            int failed = 0;
            for (Scenario scenario : scenarios) {
                ScenarioResult result = scenario.run(built);
                if (result.passed()) {
                    passed++;
                } else {
                    failed++;
                    out.println("FAIL " + scenario);
                    result.difference().lines().forEach(line -> out.println("  " + line));
                    out.println();
                }
            }
            out.println(passed + " passed, " + failed + " failed");
            out.flush();
            return failed == 0 ? Exit.OK : Exit.REJECTED;
        } catch (InvalidPolicyException e) {
            return Exit.report(spec, e);
        }
    }
}
