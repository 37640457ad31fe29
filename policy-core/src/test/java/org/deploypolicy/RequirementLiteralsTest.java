package org.deploypolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An approval requirement whose literal arguments cannot work is an error of the build at its line, all of them
 * reported together: a role that is not a role name, a count below 1, an any-of list without a role.
 */
class RequirementLiteralsTest {
    @TempDir
    Path dir;

    @Test
    void eachRequirementThatCannotWorkIsAnErrorAtItsArgument() {
        TestPolicies.copyCore(dir);
        TestPolicies.write(dir.resolve("team.drl"), """
                package org.deploypolicy.requirements;

                import java.util.List;
                import org.deploypolicy.rules.Deployment;

                global org.deploypolicy.rules.Findings findings;

                rule "team.requirements"
                    @id("team.requirements")
                when
                    Deployment( production )
                then
                    findings.requireApproval("Tech Lead", "a Tech Lead approves");
                    findings.requireApprovals(0, "SECURITY_LEAD", "none at all?");
                    findings.requireApprovals(-2, "SECURITY_LEAD", "fewer than none?");
                    findings.requireApprovalOfAny(List.of(), "anyone?");
                    findings.requireApprovalOfAny(List.of("TECH_LEAD", "ceo"), "a Tech Lead or the CEO");
                    findings.requireApprovals(2, "TECH_LEAD", "two Tech Leads");
                end
                """);

        InvalidPolicyException error = assertThrows(InvalidPolicyException.class,
                () -> DeploymentPolicy.builder().directory(dir).build());

        assertEquals(List.of(
                        "team.drl:13:29: findings.requireApproval: \"Tech Lead\" is not a role name; a role is capital "
                                + "letters, digits and _, starting with a letter, like TECH_LEAD",
                        "team.drl:14:30: findings.requireApprovals asks for 0 approvals; ask for 1 or more",
                        "team.drl:15:30: findings.requireApprovals asks for -2 approvals; ask for 1 or more",
                        "team.drl:16:34: findings.requireApprovalOfAny names no role; name the roles any of which may "
                                + "approve, like List.of(\"TECH_LEAD\", \"CEO\")",
                        "team.drl:17:55: findings.requireApprovalOfAny: \"ceo\" is not a role name; a role is capital "
                                + "letters, digits and _, starting with a letter, like TECH_LEAD"),
                error.problems().stream().map(p -> p.location() + ": " + p.message()).toList());
    }
}
