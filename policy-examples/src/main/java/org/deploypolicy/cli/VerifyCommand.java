package org.deploypolicy.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.InvalidPolicyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code deploy-policy verify}: builds a policy directory and reports every problem with its position. */
@Command(name = "verify", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = Exit.USAGE,
        description = "Builds a policy and reports every problem as file:line:column: message. "
                + "Exit 0 when it is good, 3 when it is not.")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private PolicyOption policy;

    @Override
    public Integer call() {
        try {
            DeploymentPolicy built = policy.build();
            PrintWriter out = spec.commandLine().getOut();
            out.println("OK: policy " + built.id().name() + " " + built.id().version() + ", "
                    + built.rules().size() + " rules");
            out.flush();
            return Exit.OK;
        } catch (InvalidPolicyException e) {
            PrintWriter err = spec.commandLine().getErr();
            e.problems().forEach(problem -> err.println(problem.describe()));
            err.flush();
            return Exit.UNREADABLE;
        }
    }
}
