package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.Outcome;
import org.deploypolicy.PolicyDiff;
import org.deploypolicy.PolicyJson;
import org.deploypolicy.PolicyRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The impact of a policy change that makes Friday emergency-only, over the sample requests. */
class DiffCommandTest {
    @TempDir
    static Path fridayOff;

    @BeforeAll
    static void writePolicy() throws IOException {
        writeFridayOff(fridayOff);
    }

    /** A policy directory that extends the reference one and makes Friday emergency-only. */
    static Path writeFridayOff(Path directory) throws IOException {
        Files.writeString(directory.resolve("policy.yaml"), """
                extends: reference
                name: friday-emergency-only
                windows:
                  criticalOnlyDays: []
                  emergencyOnlyDays: [FRIDAY, SATURDAY, SUNDAY]
                """);
        return directory;
    }

    @Test
    void theCommandPrintsEachChangedDecisionAndExitsOneWhenAnOutcomeChanged() {
        CommandLineTest.Run diff = CommandLineTest.run("diff", "--policy", fridayOff.toString(), "samples");
        assertEquals(1, diff.exit(), diff.err());
        assertEquals(List.of(
                "samples/critical-fix-friday.json (DEP-1044): APPROVED -> REJECTED",
                "  + window.weekend BLOCK",
                "samples/friday-feature.json (DEP-1041): REJECTED, findings changed",
                "  - window.friday BLOCK",
                "  + window.weekend BLOCK",
                "9 inputs, 2 changed: 1 newly rejected, 0 newly approved, 0 newly pending, 1 findings only"),
                diff.out().lines().toList());
    }

    @Test
    void aPolicyComparedWithItselfChangesNothing() {
        CommandLineTest.Run diff = CommandLineTest.run("diff", "--policy", fridayOff.toString(),
                "--base", fridayOff.toString(), "samples", "../policy-rules/src/main/resources/deploy-policy/reference/scenarios/windows.yaml");
        assertEquals(0, diff.exit(), diff.err());
        assertEquals(0, diff.out().lines().filter(l -> !l.contains(" inputs, ")).count(), diff.out());
    }

    @Test
    void jsonLinesAreReadOneRequestPerLine(@TempDir Path temp) throws IOException {
        Path log = temp.resolve("requests.jsonl");
        String friday = PolicyJson.toJson(PolicyJson.readRequest(Files.readString(Path.of("samples/critical-fix-friday.json"))))
                .replaceAll("\\s*\\n\\s*", " ");
        String tuesday = PolicyJson.toJson(PolicyJson.readRequest(Files.readString(Path.of("samples/normal-tuesday-release.json"))))
                .replaceAll("\\s*\\n\\s*", " ");
        Files.writeString(log, tuesday + "\n" + friday + "\n");
        CommandLineTest.Run diff = CommandLineTest.run("diff", "--policy", fridayOff.toString(), log.toString());
        assertEquals(1, diff.exit());
        assertEquals(log + ":2 (DEP-1044): APPROVED -> REJECTED", diff.out().lines().findFirst().orElseThrow());
    }

    @Test
    void theJavaApiGivesTheSameReport() throws IOException {
        Map<String, PolicyRequest> requests = new LinkedHashMap<>();
        try (var files = Files.list(Path.of("samples"))) {
            for (Path file : files.sorted().toList()) {
                requests.put(file.getFileName().toString(), PolicyJson.readRequest(Files.readString(file)));
            }
        }
        PolicyDiff.Report report = PolicyDiff.compare(DeploymentPolicy.builder().classpath("reference").build(),
                DeploymentPolicy.builder().directory(fridayOff).build(), requests);
        assertEquals(List.of("critical-fix-friday.json", "friday-feature.json"),
                report.differences().stream().map(PolicyDiff.Difference::input).toList());
        PolicyDiff.Difference fix = report.differences().get(0);
        assertEquals(Outcome.APPROVED, fix.base().outcome());
        assertEquals(Outcome.REJECTED, fix.changed().outcome());
        assertEquals(Set.of("window.weekend BLOCK"), fix.added());
        assertEquals(true, report.outcomeChanged());
    }
}
