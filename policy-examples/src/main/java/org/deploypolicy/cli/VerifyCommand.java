package org.deploypolicy.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.InvalidPolicyException;
import org.deploypolicy.PolicyProblem;
import org.deploypolicy.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deploy-policy verify}: builds a policy directory and reports every problem with its position. */
@Command(name = "verify", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = Exit.USAGE,
        description = "Builds a policy and reports every problem as file:line:column: message, and what is "
                + "likely a mistake as file:line:column: warning: message. Then decides a generated set of requests "
                + "and the scenarios of the policy and of the policy it extends: a rule that throws on one is a "
                + "problem, a rule of the policy's own files that fires on none a warning. Exit 0 when it builds and "
                + "no rule throws (1 with --strict and a warning), 3 when not.")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private PolicyOption policy;

    @Option(names = "--strict", description = "Exit 1 when there is a warning.")
    private boolean strict;

    /** The scenarios of the policy directory ({@code scenarios/}), which verify decides too; none without one. */
    private List<Scenario> ownScenarios() {
        Path scenarios = policy.directory == null ? null : policy.directory.resolve("scenarios");
        return scenarios != null && Files.isDirectory(scenarios) ? Scenario.read(scenarios) : List.of();
    }

    @Override
    public Integer call() {
        try {
            DeploymentPolicy built = policy.build();
            List<PolicyProblem> warnings = new ArrayList<>(built.warnings());
            warnings.addAll(built.exercise(ownScenarios()));
            PrintWriter err = spec.commandLine().getErr();
            warnings.forEach(warning -> err.println(warning.location() + ": warning: " + warning.message()));
            err.flush();
            PrintWriter out = spec.commandLine().getOut();
            out.println("OK: policy " + built.id().name() + " " + built.id().version() + ", "
                    + built.rules().size() + " rules" + (warnings.isEmpty() ? "" : ", " + warnings.size() + " warning(s)"));
            out.flush();
            return strict && !warnings.isEmpty() ? Exit.REJECTED : Exit.OK;
        } catch (InvalidPolicyException e) {
            return Exit.report(spec, e);
        }
    }
}
