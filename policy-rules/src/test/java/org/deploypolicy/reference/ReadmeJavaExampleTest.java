package org.deploypolicy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

// The README's imports:
import java.time.OffsetDateTime;
import org.deploypolicy.*;

/**
 * The Java example of the README's "Use it from Java" runs and prints what the README says it prints. The code
 * between the README markers below is the README's, verbatim but for the indentation (and its imports are this
 * file's); a test reads the README and fails when the two differ, so neither can change alone.
 */
class ReadmeJavaExampleTest {
    private static final Path README = Path.of("../README.md");
    private static final Path THIS_FILE =
            Path.of("src/test/java/org/deploypolicy/reference/ReadmeJavaExampleTest.java");
    private static final String SECTION = "## Use it from Java";
    private static final String INDENT = "        ";

    private boolean deployed;

    private void deploy() {
        deployed = true;
    }

    @Test
    void theExampleDecidesAndPrintsWhatTheReadmeSays() throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        Decision decision;
        try {
            decision = theReadmeExample();
        } finally {
            System.setOut(out);
        }

        assertEquals(Outcome.PENDING, decision.outcome());
        assertFalse(deployed);
        String expected = String.join(System.lineSeparator(), readmeBlock("```text")) + System.lineSeparator();
        assertEquals(expected, printed.toString(StandardCharsets.UTF_8), "what the README says the example prints");
    }

    /** The README's example; what it prints goes to {@code System.out}. */
    private Decision theReadmeExample() {
        // README begin
        DeploymentPolicy policy = DeploymentPolicy.builder()
                .classpath("reference")              // or .directory(Path.of("my-policy"))
                .build();                            // throws InvalidPolicyException with file:line:column

        DeploymentRequest request = DeploymentRequest.builder()       // from JSON: PolicyJson.readRequest(json)
                .id("DEP-1042")
                .at(OffsetDateTime.parse("2026-11-26T10:30:00+03:00"))  // leave out for the policy's clock
                .source("staging").target("main")
                .requester("abebe", "DEVELOPER")
                .change(change -> change.summary("Refunds through the payment gateway").type(ChangeType.FEATURE)
                        .major(false).breaking(true).paymentRelated(true).databaseMigrations(true)
                        .author("abebe").headCommit("9f2c1e7").branchedFrom("dev"))
                .approval(approval -> approval.by("selam").role("TECH_LEAD").verdict(Verdict.APPROVED).commit("9f2c1e7"))
                .reviews(1, true)
                .check("api-tests", CheckStatus.PASSED)
                .checklist(list -> list.securityScanCompleted(true).criticalVulnerabilities(0).stagingVerified(true))
                .build();                            // throws InvalidRequestException naming each field at fault

        Decision decision = policy.evaluate(request);
        switch (decision.outcome()) {
            case APPROVED -> deploy();
            case PENDING, REJECTED -> decision.findings().forEach(f ->
                    System.out.println(f.effect() + " " + f.rule() + ": " + f.message()));
        }
        // README end
        return decision;
    }

    @Test
    void theReadmeShowsThisVeryCode() throws IOException {
        List<String> readme = readmeBlock("```java");
        List<String> source = Files.readAllLines(THIS_FILE, StandardCharsets.UTF_8);

        List<String> imports = readme.stream().takeWhile(line -> line.startsWith("import ")).toList();
        assertFalse(imports.isEmpty(), "the README's example starts with its imports");
        imports.forEach(line -> assertTrue(source.contains(line), "this test imports as the README does: " + line));
        List<String> readmeCode = readme.subList(imports.size(), readme.size()).stream()
                .dropWhile(String::isEmpty).toList();

        int begin = source.indexOf(INDENT + "// README begin");
        int end = source.indexOf(INDENT + "// README end");
        assertTrue(begin >= 0 && end > begin, "the markers around the README's code");
        List<String> testCode = new ArrayList<>();
        for (String line : source.subList(begin + 1, end)) {
            testCode.add(line.startsWith(INDENT) ? line.substring(INDENT.length()) : line);
        }

        assertEquals(String.join("\n", readmeCode), String.join("\n", testCode),
                "README.md \"" + SECTION + "\" and " + THIS_FILE.getFileName() + " must show the same code");
    }

    /** The lines of the first code block of the README's Java section whose fence is {@code fence}. */
    private static List<String> readmeBlock(String fence) throws IOException {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        int section = lines.indexOf(SECTION);
        assertTrue(section >= 0, "README.md has a section \"" + SECTION + "\"");
        int start = -1;
        for (int i = section + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            if (lines.get(i).equals(fence)) {
                start = i + 1;
                break;
            }
        }
        assertTrue(start > 0, "README.md \"" + SECTION + "\" has a " + fence + " block");
        int close = lines.subList(start, lines.size()).indexOf("```");
        return List.copyOf(lines.subList(start, start + close));
    }
}
