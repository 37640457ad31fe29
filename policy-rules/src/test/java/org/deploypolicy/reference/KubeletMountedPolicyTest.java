package org.deploypolicy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.deploypolicy.DeploymentPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy directory mounted from a Kubernetes ConfigMap: the kubelet keeps the files in a hidden dated folder, links
 * {@code ..data} to it, and links each file at the top to {@code ..data/FILE}. The policy is read once, by the links
 * at the top, and its version is that of the same files in a plain directory.
 */
class KubeletMountedPolicyTest {
    private static final String SETTINGS = "extends: reference\nname: mounted\n";
    private static final String RULE = """
            package team;
            import org.deploypolicy.rules.Deployment;
            global org.deploypolicy.rules.Findings findings;

            rule "team.freeze-label"
                @id("team.freeze-label")
            when
                $d : Deployment( production, change.labels contains "freeze" )
            then
                findings.block("the change is labelled freeze");
            end
            """;

    @Test
    void eachFileIsReadOnceByItsLinkAtTheTop(@TempDir Path mounted, @TempDir Path plain) throws Exception {
        Path dated = Files.createDirectory(mounted.resolve("..2026_12_06_12_00_00.123456789"));
        Files.writeString(dated.resolve("policy.yaml"), SETTINGS);
        Files.writeString(dated.resolve("team.drl"), RULE);
        Files.createSymbolicLink(mounted.resolve("..data"), dated.getFileName());
        Files.createSymbolicLink(mounted.resolve("policy.yaml"), Path.of("..data/policy.yaml"));
        Files.createSymbolicLink(mounted.resolve("team.drl"), Path.of("..data/team.drl"));
        Files.writeString(plain.resolve("policy.yaml"), SETTINGS);
        Files.writeString(plain.resolve("team.drl"), RULE);

        DeploymentPolicy fromMount = DeploymentPolicy.builder().directory(mounted).build();
        DeploymentPolicy fromDirectory = DeploymentPolicy.builder().directory(plain).build();

        assertEquals(1, fromMount.rules().stream().filter(rule -> "team.freeze-label".equals(rule.id())).count());
        assertEquals(fromDirectory.id(), fromMount.id());
    }
}
