package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The command line run in-process, as a CI script would call it: exit codes, output, messages. */
class CommandLineTest {
    static final Path SAMPLES = Path.of("samples");

    /** What one run printed and returned. */
    record Run(int exit, String out, String err) {
    }

    static Run withInput(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = DeployPolicyCommand.run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Run run(String... args) {
        return withInput("", args);
    }

    static Stream<Path> samples() throws IOException {
        return Files.list(SAMPLES).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest(name = "{0} exits {1}")
    @CsvSource({
            "normal-tuesday-release.json, 0",
            "friday-feature.json, 1",
            "critical-fix-friday.json, 0",
            "p1-hotfix-saturday-night.json, 0",
            "breaking-change-pending-ceo.json, 2",
            "rollback-api-errors.json, 0",
            "rollback-payment-failures.json, 2",
            "rollback-security-incident.json, 0",
            "rollback-customer-bug.json, 0"})
    void eachSampleGetsItsExitCode(String sample, int exit) {
        assertEquals(exit, run("evaluate", SAMPLES.resolve(sample).toString()).exit());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void eachSampleIsAValidRequestAndItsOutputValid(Path sample) throws IOException {
        Schemas.assertValid(Schemas.REQUEST, Files.readString(sample));
        Run json = run("evaluate", sample.toString(), "--format", "json");
        Schemas.assertValid(json.exit() == 4 ? Schemas.ERROR : Schemas.DECISION, json.out());
    }

    @Test
    void textPutsTheOutcomeFirstThenFindingsThenWhatToDo() {
        Run text = run("evaluate", SAMPLES.resolve("friday-feature.json").toString());
        assertEquals(1, text.exit());
        assertTrue(text.out().startsWith("REJECTED  DEP-1041"), text.out());
        assertTrue(text.out().contains("BLOCK   window.friday"), text.out());
        assertTrue(text.out().contains("Next: "), text.out());
        assertEquals("", text.err());
    }

    @Test
    void dashReadsStandardInputAndAtOverridesTheRequestTime() throws IOException {
        String friday = Files.readString(SAMPLES.resolve("friday-feature.json"));
        assertEquals(1, withInput(friday, "evaluate", "-").exit());
        assertEquals(0, withInput(friday, "evaluate", "-", "--at", "2026-11-25T10:00:00+03:00").exit());
        Run json = withInput(friday, "evaluate", "-", "--at", "2026-11-25T07:00:00Z", "--format", "json");
        assertTrue(json.out().contains("\"evaluatedAt\": \"2026-11-25T10:00:00+03:00\""), json.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON           | {"kind": "DEPLOYMENT",                  | $
            unknown field at the top | "aprovals": []                          | $.aprovals
            unknown nested field     | "change": {"sevrity": "P1"}             | $.change.sevrity
            missing target           | "target": null                          | $.target
            severity P7              | "change": {"severity": "P7"}            | $.change.severity
            lower-case enum          | "change": {"severity": "p1"}            | $.change.severity
            time in words            | "at": "next tuesday"                    | $.at
            time without offset      | "at": "2026-11-24T10:30:00"             | $.at
            """)
    void badInputExitsThreeNamingTheField(String what, String change, String path) throws IOException {
        String request = what.equals("malformed JSON") ? change : edit(change);
        Run text = withInput(request, "evaluate", "-");
        assertEquals(3, text.exit(), text.err());
        assertTrue(text.err().lines().anyMatch(line -> line.startsWith(path + ": ")), text.err());
        if (what.equals("severity P7")) {
            assertTrue(text.err().contains("must be one of P1, P2, P3, P4; was \"P7\""), text.err());
        }
        Run json = withInput(request, "evaluate", "-", "--format", "json");
        assertEquals(3, json.exit());
        Schemas.assertValid(Schemas.ERROR, json.out());
        assertTrue(json.out().contains("\"path\": \"" + path + "\""), json.out());
    }

    /** The Tuesday sample with one top-level field replaced or added, or one field of {@code change} replaced. */
    private static String edit(String field) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode request = (com.fasterxml.jackson.databind.node.ObjectNode)
                mapper.readTree(SAMPLES.resolve("normal-tuesday-release.json").toFile());
        com.fasterxml.jackson.databind.node.ObjectNode edit = (com.fasterxml.jackson.databind.node.ObjectNode)
                mapper.readTree("{" + field + "}");
        edit.properties().forEach(e -> {
            if (e.getKey().equals("change")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) request.get("change"))
                        .setAll((com.fasterxml.jackson.databind.node.ObjectNode) e.getValue());
            } else {
                request.set(e.getKey(), e.getValue());
            }
        });
        return mapper.writeValueAsString(request);
    }

    @Test
    void aPolicyWithABrokenRuleIsReportedWithFileLineAndColumn(@TempDir Path policy) throws IOException {
        Files.writeString(policy.resolve("policy.yaml"), "extends: reference\nname: broken\n");
        Files.writeString(policy.resolve("broken.drl"), """
                package team;
                import org.deploypolicy.rules.Deployment;

                rule "team.broken"
                    @id("team.broken")
                when
                    Deployment( production ==
                then
                end
                """);
        Run evaluate = run("evaluate", SAMPLES.resolve("friday-feature.json").toString(), "--policy", policy.toString());
        assertEquals(3, evaluate.exit());
        assertTrue(evaluate.err().lines().anyMatch(line -> line.matches("broken\\.drl:\\d+:\\d+: .+")), evaluate.err());
        Run verify = run("verify", "--policy", policy.toString());
        assertEquals(3, verify.exit());
        assertEquals(evaluate.err(), verify.err());
        Run json = run("evaluate", SAMPLES.resolve("friday-feature.json").toString(), "--policy", policy.toString(),
                "--format", "json");
        Schemas.assertValid(Schemas.ERROR, json.out());
        assertTrue(json.out().contains("\"file\": \"broken.drl\""), json.out());
    }

    @Test
    void verifySummarisesAGoodPolicy() {
        Run verify = run("verify");
        assertEquals(0, verify.exit());
        assertTrue(verify.out().matches("OK: policy reference sha256:[0-9a-f]{64}, \\d+ rules\\R"), verify.out());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            frobnicate
            evaluate --colour samples/friday-feature.json
            evaluate samples/friday-feature.json --at tomorrow
            evaluate samples/friday-feature.json --at 2026-11-24T10:30:00+03
            evaluate samples/friday-feature.json --at 2026-11-24T10:30:00+03:00:30
            evaluate samples/friday-feature.json --at 2026-11-24T10:30:00.+03:00
            evaluate samples/friday-feature.json --format xml
            evaluate
            """)
    void usageErrorsExitSixtyFour(String args) {
        Run usage = run(args.split(" "));
        assertEquals(64, usage.exit(), usage.err());
        assertTrue(!usage.err().isBlank());
    }

    @Test
    void anUnreadableRequestFileIsNamed() {
        Run missing = run("evaluate", "no-such-request.json");
        assertEquals(3, missing.exit());
        assertEquals("$: cannot read no-such-request.json: no such file", missing.err().strip());
    }

    @Test
    void anOptionTimeIsSpeltAsInARequestLowerCaseTAndZIncluded() {
        assertEquals(1, run("evaluate", "samples/friday-feature.json", "--at", "2026-11-27t10:00z").exit());
        Run offsetSeconds = run("evaluate", "samples/friday-feature.json", "--at", "2026-11-24T10:30:00+03:00:30");
        assertTrue(offsetSeconds.err().contains("was \"2026-11-24T10:30:00+03:00:30\""), offsetSeconds.err());
    }
}
