package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.deploypolicy.DecisionHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code obligations} and {@code done}: the obligations of approved deploys, open, overdue and done at chosen times,
 * read from decision logs, and the chained line that marks one done.
 */
class ObligationsFollowedUpTest {
    /** normal-tuesday-release (DEP-1040) is decided at 10:30 EAT: monitoring is due at 11:00, the others at no time. */
    private static final String BEFORE_DUE = "2026-11-24T10:45:00+03:00";
    private static final String AFTER_DUE = "2026-11-24T11:30:00+03:00";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path logOf(String name, String... samples) {
        Path log = dir.resolve(name);
        for (String sample : samples) {
            CommandLineTest.Run run = CommandLineTest.run("evaluate", "samples/" + sample + ".json", "--log", log.toString());
            assertTrue(run.exit() <= 2, run.err());
        }
        return log;
    }

    private static JsonNode json(CommandLineTest.Run run) throws IOException {
        return JSON.readTree(run.out());
    }

    /** The state of each obligation of the JSON listing, as {@code REQUEST rule STATE}. */
    private static List<String> states(JsonNode listing) {
        List<String> states = new ArrayList<>();
        listing.get("obligations").forEach(o -> states.add(o.get("requestId").asText() + " " + o.get("rule").asText()
                + " " + o.get("state").asText()));
        return states;
    }

    @Test
    void anObligationIsOpenBeforeItsDueTimeAndOverdueAfterItWhichExitsOne() throws IOException {
        Path log = logOf("decisions.jsonl", "normal-tuesday-release");

        CommandLineTest.Run before = CommandLineTest.run("obligations", log.toString(), "--at", BEFORE_DUE);
        assertEquals(0, before.exit(), before.err());
        assertTrue(before.out().startsWith("Obligations at " + BEFORE_DUE + ": 0 overdue, 4 open, 0 done\n"), before.out());
        assertTrue(before.out().matches("(?s).*\nOPEN +DEP-1040 +obligation\\.monitoring +2026-11-24T11:00:00\\+03:00 +"
                + "Monitor the deployment \\(for 30 minutes\\)\n.*"), before.out());

        CommandLineTest.Run after = CommandLineTest.run("obligations", log.toString(), "--at", AFTER_DUE);
        assertEquals(1, after.exit(), after.err());
        assertTrue(after.out().startsWith("Obligations at " + AFTER_DUE + ": 1 overdue, 3 open, 0 done\n"), after.out());
        assertTrue(after.out().contains("\nOVERDUE  DEP-1040  obligation.monitoring "), after.out());
        assertEquals("", after.err());

        CommandLineTest.Run atTheDueTime = CommandLineTest.run("obligations", log.toString(), "--at",
                "2026-11-24T08:00:00Z");
        assertEquals(0, atTheDueTime.exit(), "due at 11:00 EAT is not overdue at that instant: " + atTheDueTime.out());
    }

    @Test
    void anObligationWithoutADueTimeIsOpenUntilDoneAndNeverOverdue() throws IOException {
        Path log = logOf("decisions.jsonl", "normal-tuesday-release");

        CommandLineTest.Run years = CommandLineTest.run("obligations", log.toString(), "--at", "2036-01-01T00:00:00Z",
                "--format", "json");
        assertEquals(1, years.exit());
        assertEquals(List.of("DEP-1040 obligation.health-check OPEN", "DEP-1040 obligation.monitoring OVERDUE",
                "DEP-1040 obligation.smoke-tests OPEN", "DEP-1040 obligation.rollback-ready OPEN"), states(json(years)));

        assertEquals(0, CommandLineTest.run("done", log.toString(), "--request", "DEP-1040", "--rule",
                "obligation.smoke-tests", "--by", "selam").exit());
        JsonNode later = json(CommandLineTest.run("obligations", log.toString(), "--at", "2036-01-01T00:00:00Z",
                "--format", "json"));
        assertTrue(states(later).contains("DEP-1040 obligation.smoke-tests DONE"), later.toString());
        assertTrue(states(later).contains("DEP-1040 obligation.rollback-ready OPEN"), later.toString());
    }

    @Test
    void doneMarksAnOverdueObligationDoneAndTheListingPassesAgain() throws IOException {
        Path log = logOf("decisions.jsonl", "normal-tuesday-release");
        assertEquals(1, CommandLineTest.run("obligations", log.toString(), "--at", AFTER_DUE).exit());

        CommandLineTest.Run done = CommandLineTest.run("done", log.toString(), "--request", "DEP-1040", "--rule",
                "obligation.monitoring", "--by", "selam", "--evidence", "https://grafana.alga.et/d/deploys");
        assertEquals(0, done.exit(), done.err());
        assertTrue(done.out().matches("Done: obligation\\.monitoring of request DEP-1040 by selam, \\Q" + log
                + "\\E:2; the log: 2 lines, last hash sha256:[0-9a-f]{64}\\R"), done.out());

        CommandLineTest.Run text = CommandLineTest.run("obligations", log.toString(), "--at", AFTER_DUE);
        assertEquals(0, text.exit(), text.out());
        assertTrue(text.out().startsWith("Obligations at " + AFTER_DUE + ": 0 overdue, 3 open, 1 done\n"), text.out());
        assertTrue(text.out().matches("(?s).*\nDONE +DEP-1040 +obligation\\.monitoring +2026-11-24T11:00:00\\+03:00 +"
                + "Monitor the deployment \\(for 30 minutes\\); done by selam at \\S+Z: "
                + "https://grafana\\.alga\\.et/d/deploys\n.*"), text.out());

        JsonNode json = json(CommandLineTest.run("obligations", log.toString(), "--at", AFTER_DUE, "--format", "json"));
        assertEquals(AFTER_DUE, json.get("at").asText());
        assertEquals(List.of(0, 3, 1), List.of(json.get("overdue").asInt(), json.get("open").asInt(),
                json.get("done").asInt()));
        JsonNode monitoring = json.get("obligations").get(1);
        assertEquals("obligation.monitoring", monitoring.get("rule").asText());
        assertEquals("2026-11-24T11:00:00+03:00", monitoring.get("due").asText());
        assertEquals("for 30 minutes", monitoring.get("detail").asText());
        assertEquals("DONE", monitoring.get("state").asText());
        assertEquals(1, monitoring.get("decision").get("line").asInt());
        assertEquals("2026-11-24T10:30:00+03:00", monitoring.get("decision").get("decidedAt").asText());
        assertEquals("selam", monitoring.get("done").get("by").asText());
        assertEquals(2, monitoring.get("done").get("line").asInt());
        assertEquals("https://grafana.alga.et/d/deploys", monitoring.get("done").get("evidence").asText());
        assertTrue(json.get("obligations").get(0).get("done").isNull());
        assertTrue(json.get("obligations").get(0).get("due").isNull());
    }

    @Test
    void onlyApprovedDecisionsHaveObligationsAndTwoLogsMergeByTime() throws IOException {
        Path first = logOf("replica-1.jsonl", "normal-tuesday-release", "friday-feature");
        Path second = logOf("replica-2.jsonl", "p1-hotfix-saturday-night", "breaking-change-pending-ceo");
        Path third = logOf("replica-3.jsonl", "critical-fix-friday");
        // a replica marked DEP-1040's monitoring done in its own log, which has no decision for it
        DecisionHistory.appendDone(third, "DEP-1040", "obligation.monitoring", "selam", Optional.empty());

        CommandLineTest.Run run = CommandLineTest.run("obligations", third.toString(), first.toString(),
                second.toString(), "--at", "2026-11-28T23:20:00+03:00", "--format", "json");
        assertEquals(1, run.exit(), run.err());
        List<String> requests = new ArrayList<>();
        json(run).get("obligations").forEach(o -> {
            if (!requests.contains(o.get("requestId").asText())) {
                requests.add(o.get("requestId").asText());
            }
        });
        assertEquals(List.of("DEP-1040", "DEP-1042", "DEP-1044"), requests, "in the order the decisions were logged");
        List<String> states = states(json(run));
        assertTrue(states.contains("DEP-1040 obligation.monitoring DONE"), states.toString());
        assertTrue(states.contains("DEP-1044 obligation.monitoring OVERDUE"), states.toString());
        assertTrue(states.contains("DEP-1042 obligation.monitoring OPEN"), "due at 23:40: " + states);
        assertTrue(states.contains("DEP-1042 hotfix.post-incident OPEN"), states.toString());
    }

    @Test
    void aRequestApprovedTwiceListsEachApprovalAndOneDoneLineMeetsBoth() {
        Path log = logOf("decisions.jsonl", "normal-tuesday-release", "normal-tuesday-release");
        assertEquals(0, CommandLineTest.run("done", log.toString(), "--request", "DEP-1040", "--rule",
                "obligation.monitoring", "--by", "selam").exit());

        CommandLineTest.Run run = CommandLineTest.run("obligations", log.toString(), "--at", AFTER_DUE);
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.out().startsWith("Obligations at " + AFTER_DUE + ": 0 overdue, 6 open, 2 done\n"), run.out());
        assertTrue(run.out().contains("\nDEP-1040 was approved 2 times (" + log + ":1, " + log + ":2): the "
                + "obligations of each approval are listed, and a done line for DEP-1040 marks its obligation done in "
                + "each.\n"), run.out());
    }

    @Test
    void aLineThatIsNotALogLineExitsThreeNamingFileAndLine() throws IOException {
        Path log = logOf("decisions.jsonl", "normal-tuesday-release", "critical-fix-friday");
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        lines.add(1, "deployed DEP-1040 at 10:31");
        Files.write(log, lines);

        CommandLineTest.Run run = CommandLineTest.run("obligations", log.toString(), "--at", BEFORE_DUE);
        assertEquals(3, run.exit());
        assertTrue(run.err().startsWith(log + ":2: "), run.err());
        assertEquals("", run.out());
    }

    @Test
    void anEditedLineExitsThreeNamingItAsAuditDoes() throws IOException {
        Path log = logOf("decisions.jsonl", "normal-tuesday-release");
        Files.writeString(log, Files.readString(log).replace("\"for 30 minutes\"", "\"for 3 minutes\""));

        CommandLineTest.Run run = CommandLineTest.run("obligations", log.toString(), "--at", BEFORE_DUE);
        assertEquals(3, run.exit());
        assertTrue(run.err().startsWith(log + ":1: edited"), run.err());
        assertEquals(run.err().lines().findFirst(),
                CommandLineTest.run("audit", log.toString()).err().lines().findFirst());
    }

    @Test
    void aDoneLineForARequestOrRuleTheLogsDoNotHaveExitsThree() {
        Path log = logOf("decisions.jsonl", "normal-tuesday-release");
        DecisionHistory.appendDone(log, "DEP-9", "obligation.monitoring", "selam", Optional.empty());
        DecisionHistory.appendDone(log, "DEP-1040", "obligation.backup", "selam", Optional.empty());

        CommandLineTest.Run run = CommandLineTest.run("obligations", log.toString(), "--at", BEFORE_DUE);
        assertEquals(3, run.exit());
        assertEquals(List.of(log + ":2: done for request DEP-9, which no decision in the log has",
                log + ":3: done for obligation.backup, which is not an obligation of request DEP-1040's decision"),
                run.err().lines().toList());
    }

    @Test
    void aLogThatCannotBeReadExitsThreeAndABadOptionSixtyFour() {
        Path log = logOf("decisions.jsonl", "normal-tuesday-release");
        CommandLineTest.Run missing = CommandLineTest.run("obligations", log.toString(), dir.resolve("nope.jsonl").toString());
        assertEquals(3, missing.exit());
        assertTrue(missing.err().startsWith(dir.resolve("nope.jsonl") + ": cannot read the decision log"), missing.err());

        assertEquals(64, CommandLineTest.run("obligations", log.toString(), "--at", "tomorrow").exit());
        assertEquals(64, CommandLineTest.run("obligations", log.toString(), "--format", "markdown").exit());
        assertEquals(64, CommandLineTest.run("obligations").exit());
    }

    @Test
    void doneNamesTheOptionTheLogDoesNotHaveAndWritesNothing() throws IOException {
        Path log = logOf("decisions.jsonl", "normal-tuesday-release", "friday-feature");
        String before = Files.readString(log);

        CommandLineTest.Run request = CommandLineTest.run("done", log.toString(), "--request", "DEP-9", "--rule",
                "obligation.monitoring", "--by", "selam");
        assertEquals(64, request.exit());
        assertEquals("--request: no decision in " + log + " is for request DEP-9; requests with obligations there: "
                + "DEP-1040\n", request.err());

        CommandLineTest.Run rule = CommandLineTest.run("done", log.toString(), "--request", "DEP-1040", "--rule",
                "obligation.backup", "--by", "selam");
        assertEquals(64, rule.exit());
        assertEquals("--rule: request DEP-1040 has no obligation obligation.backup in " + log + "; its obligations: "
                + "obligation.health-check, obligation.monitoring, obligation.smoke-tests, obligation.rollback-ready\n",
                rule.err());

        CommandLineTest.Run rejected = CommandLineTest.run("done", log.toString(), "--request", "DEP-1041", "--rule",
                "obligation.monitoring", "--by", "selam");
        assertEquals(64, rejected.exit());
        assertTrue(rejected.err().endsWith("its decision has none (REJECTED)\n"), rejected.err());

        CommandLineTest.Run blank = CommandLineTest.run("done", log.toString(), "--request", "DEP-1040", "--rule",
                "obligation.monitoring", "--by", "\u00a0");
        assertEquals(64, blank.exit());
        assertTrue(blank.err().startsWith("--by: must not be blank"), blank.err());

        assertEquals(before, Files.readString(log));
    }

    @Test
    void withARosterThePersonMustBeOnIt() throws IOException {
        Path log = logOf("decisions.jsonl", "normal-tuesday-release");
        String policy = "src/test/resources/team-policy";

        CommandLineTest.Run stranger = CommandLineTest.run("done", log.toString(), "--request", "DEP-1040", "--rule",
                "obligation.monitoring", "--by", "selma", "--policy", policy);
        assertEquals(64, stranger.exit());
        assertEquals("--by: selma is not on the roster of " + policy + "; its ids: abebe, selam, meron, kebede\n",
                stranger.err());
        assertEquals(1, Files.readAllLines(log).size());

        assertEquals(0, CommandLineTest.run("done", log.toString(), "--request", "DEP-1040", "--rule",
                "obligation.monitoring", "--by", "selam", "--policy", policy).exit());
        // without a policy, or with one without a roster, anyone may be named
        assertEquals(0, CommandLineTest.run("done", log.toString(), "--request", "DEP-1040", "--rule",
                "obligation.smoke-tests", "--by", "selma").exit());
    }

    @Test
    void aSecondDoneForOneObligationIsRefusedAndWritesNothing() throws IOException {
        Path log = logOf("decisions.jsonl", "normal-tuesday-release");
        assertEquals(0, CommandLineTest.run("done", log.toString(), "--request", "DEP-1040", "--rule",
                "obligation.monitoring", "--by", "selam").exit());
        String once = Files.readString(log);

        CommandLineTest.Run again = CommandLineTest.run("done", log.toString(), "--request", "DEP-1040", "--rule",
                "obligation.monitoring", "--by", "kebede");
        assertEquals(1, again.exit());
        assertTrue(again.err().matches("\\Q" + log + "\\E:2: obligation\\.monitoring of request DEP-1040 is already "
                + "marked done, by selam at \\S+Z; nothing written\\R"), again.err());
        assertEquals(once, Files.readString(log));
    }

    @Test
    void doneOnALogThatIsNotSoundOrMissingExitsThree() throws IOException {
        Path log = logOf("decisions.jsonl", "normal-tuesday-release");
        Files.writeString(log, Files.readString(log).replace("selam", "selma"));
        CommandLineTest.Run edited = CommandLineTest.run("done", log.toString(), "--request", "DEP-1040", "--rule",
                "obligation.monitoring", "--by", "selam");
        assertEquals(3, edited.exit());
        assertTrue(edited.err().startsWith(log + ":1: edited"), edited.err());

        CommandLineTest.Run missing = CommandLineTest.run("done", dir.resolve("nope.jsonl").toString(), "--request",
                "DEP-1040", "--rule", "obligation.monitoring", "--by", "selam");
        assertEquals(3, missing.exit());
        assertFalse(Files.exists(dir.resolve("nope.jsonl")));
    }

    @Test
    void aDoneLineChangesNoDecisionAndAuditCoversIt() throws IOException {
        Path log = logOf("decisions.jsonl", "normal-tuesday-release", "friday-feature");
        String decisions = Files.readString(log);
        assertEquals(0, CommandLineTest.run("done", log.toString(), "--request", "DEP-1040", "--rule",
                "obligation.monitoring", "--by", "selam", "--evidence", "dashboard green for 30 minutes").exit());

        String after = Files.readString(log);
        assertTrue(after.startsWith(decisions), "the decision lines are as they were");
        CommandLineTest.Run audit = CommandLineTest.run("audit", log.toString());
        assertEquals(0, audit.exit(), audit.err());
        assertTrue(audit.out().startsWith("OK: 3 lines"), audit.out());

        Files.writeString(log, after.replace("\"by\":\"selam\",\"evidence\"", "\"by\":\"meron\",\"evidence\""));
        CommandLineTest.Run edited = CommandLineTest.run("audit", log.toString());
        assertEquals(1, edited.exit());
        assertTrue(edited.err().startsWith(log + ":3: edited"), edited.err());
    }
}
