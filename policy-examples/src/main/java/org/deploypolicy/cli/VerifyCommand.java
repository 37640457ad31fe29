package org.deploypolicy.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.InvalidPolicyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deploy-policy verify}: builds a policy directory and reports every problem with its position. */
@Command(name = "verify", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = Exit.USAGE,
        description = "Builds a policy and reports every problem as file:line:column: message, and what is "
                + "likely a mistake as file:line:column: warning: message. Exit 0 when it builds (1 with --strict "
                + "and a warning), 3 when it does not.")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private PolicyOption policy;

    @Option(names = "--strict", description = "Exit 1 when there is a warning.")
    private boolean strict;

    @Override
    public Integer call() {
        try {
            DeploymentPolicy built = policy.build();
            PrintWriter err = spec.commandLine().getErr();
            built.warnings().forEach(warning -> err.println(warning.location() + ": warning: " + warning.message()));
            err.flush();
            PrintWriter out = spec.commandLine().getOut();
            int warnings = built.warnings().size();
            out.println("OK: policy " + built.id().name() + " " + built.id().version() + ", "
                    + built.rules().size() + " rules" + (warnings == 0 ? "" : ", " + warnings + " warning(s)"));
            out.flush();
            return strict && warnings > 0 ? Exit.REJECTED : Exit.OK;
        } catch (InvalidPolicyException e) {
            return Exit.report(spec, e);
        }
    }
}
