package org.deploypolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DeploymentPolicy#roleNames()}: the roles of the roster and of {@code waivers.grantedBy}, and the string
 * literals of the rule files that read as role names, but those in comments and those that name a label or a check.
 */
class PolicyRoleNamesTest {
    private static final String TEAM_RULES = """
            package org.deploypolicy.team;

            import org.deploypolicy.rules.Deployment;
            import org.deploypolicy.rules.Vote;

            global org.deploypolicy.rules.Findings findings;

            // "A payment change needs the RELEASE_MANAGER" is what the rule enforces; "IN_A_COMMENT" is no role.
            rule "team.release-manager"
                @id("team.release-manager")
            when
                Deployment( production, change.paymentRelated, !hasLabel( "NO_RELEASE" ),
                            statusOf("LEDGER") == null )
            then
                /* "ALSO_IN_A_COMMENT" */
                findings.requireRole("RELEASE_MANAGER");
            end

            rule "team.qa"
                @id("team.qa")
            when
                $v : Vote( role == 'QA_LEAD', rejected )
            then
                findings.block("Rejected by QA: \\"" + $v.getBy() + "\\" said no (HOTFIX or NOT).");
            end
            """;

    @TempDir
    Path dir;

    @Test
    void thePolicyNamesTheRolesOfItsRosterItsGrantorsAndItsRules() {
        TestPolicies.write(dir.resolve("policy.yaml"), """
                extends: core-base
                name: team
                roster:
                  - { id: selam, roles: [TECH_LEAD] }
                  - { id: kebede, roles: [ON_CALL, DEVELOPER] }
                waivers:
                  grantedBy: [CEO]
                """);
        TestPolicies.write(dir.resolve("team.drl"), TEAM_RULES);
        DeploymentPolicy policy = DeploymentPolicy.builder().directory(dir).build();
        assertEquals(Set.of("TECH_LEAD", "ON_CALL", "DEVELOPER", "CEO", "RELEASE_MANAGER", "QA_LEAD"),
                policy.roleNames());
    }

    @Test
    void aPolicyWithoutRolesNamesNone() {
        assertEquals(Set.of(), TestPolicies.core().roleNames());
    }
}
