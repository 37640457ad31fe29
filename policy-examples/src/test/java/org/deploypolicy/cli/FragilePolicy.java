package org.deploypolicy.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A policy extending the reference with a rule, {@code team.fragile}, that throws on every production deployment. */
public final class FragilePolicy {
    private FragilePolicy() {
    }

    /** Writes the policy into a directory and returns the directory. */
    public static Path writeTo(Path directory) throws IOException {
        Files.writeString(directory.resolve("policy.yaml"), "extends: reference\nname: fragile\n");
        Files.writeString(directory.resolve("fragile.drl"), """
                package team;
                import org.deploypolicy.rules.Deployment;
                global org.deploypolicy.rules.Findings findings;

                rule "team.fragile"
                    @id("team.fragile")
                when
                    Deployment( production )
                then
                    findings.advise("ratio " + (1 / 0));
                end
                """);
        return directory;
    }
}
