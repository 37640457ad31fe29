package org.deploypolicy.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.InvalidPolicyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code deploy-policy schema}: the JSON Schema of a request to a policy, its {@code attributes} those the policy
 * declares, for editors, CI jobs and services that build requests.
 */
@Command(name = "schema", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = Exit.USAGE,
        description = "Prints the JSON Schema (draft 2020-12) of a request to the policy: the contract's request "
                + "schema with the attributes the policy declares. Exit 0, or 3 when the policy does not build.")
final class SchemaCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private PolicyOption policy;

    @Override
    public Integer call() {
        try {
            DeploymentPolicy built = policy.build();
            PrintWriter out = spec.commandLine().getOut();
            out.println(built.requestSchema());
            out.flush();
            return Exit.OK;
        } catch (InvalidPolicyException e) {
            return Exit.report(spec, e);
        }
    }
}
