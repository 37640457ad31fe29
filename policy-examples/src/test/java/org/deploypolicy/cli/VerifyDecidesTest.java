package org.deploypolicy.cli;

import static org.deploypolicy.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy-policy verify} decides before it approves: the mistakes a rule author makes that compile (a
 * weekday compared with a text, a rule that throws at some time, a rule that can never fire) are reported where
 * the author looks, with the exit code a CI job reads.
 */
class VerifyDecidesTest {
    @TempDir
    Path dir;

    private Path policy(String rule) throws IOException {
        Files.writeString(dir.resolve("policy.yaml"), "extends: reference\nname: team\n");
        Files.writeString(dir.resolve("team.drl"), """
                package team;

                import java.time.DayOfWeek;
                import java.time.LocalTime;
                import org.deploypolicy.rules.Deployment;

                global org.deploypolicy.rules.Findings findings;

                """ + rule);
        return dir;
    }

    @Test
    void aWeekdayComparedWithATextFailsVerifyAtItsLine() throws IOException {
        CommandLineTest.Run run = run("verify", "--policy", policy("""
                rule "team.thursday"
                    @id("team.thursday")
                    @window
                when
                    $d : Deployment( production, day == "THURSDAY" )
                then
                    findings.block("not on Thursdays");
                end
                """).toString());

        assertEquals(3, run.exit(), run.err());
        assertEquals("team.drl:13:33: day is a DayOfWeek, never equal to the text \"THURSDAY\": write "
                + "day == java.time.DayOfWeek.THURSDAY (or import java.time.DayOfWeek)", run.err().strip());
    }

    @Test
    void aRuleThatThrowsLateOnThursdaysFailsVerifyNamingTheRuleAndTheRequest() throws IOException {
        CommandLineTest.Run run = run("verify", "--policy", policy("""
                rule "team.thursday-late"
                    @id("team.thursday-late")
                    @window
                when
                    $d : Deployment( production, day == DayOfWeek.THURSDAY, time >= LocalTime.of(16, 0) )
                then
                    findings.block("late, after change " + Integer.parseInt($d.getChange().headCommit()));
                end
                """).toString());

        assertEquals(3, run.exit(), run.err());
        assertTrue(run.err().startsWith("team.drl: rule team.thursday-late throws on a generated deployment from "),
                run.err());
        assertTrue(run.err().contains("Thursday 2030-01-10 16:00"), run.err());
        assertTrue(run.err().strip().endsWith("java.lang.NumberFormatException: For input string: \"0000000verify\""),
                run.err());
    }

    @Test
    void aRuleThatNeverFiresIsAWarningThatStrictTurnsIntoExit1() throws IOException {
        Path team = policy("""
                rule "team.nowhere"
                    @id("team.nowhere")
                when
                    Deployment( production, source == "nowhere" )
                then
                    findings.block("never");
                end
                """);

        CommandLineTest.Run lenient = run("verify", "--policy", team.toString());
        CommandLineTest.Run strict = run("verify", "--strict", "--policy", team.toString());

        assertEquals(0, lenient.exit(), lenient.err());
        assertTrue(lenient.err().startsWith("team.drl:9:0: warning: rule \"team.nowhere\" fires on none of the "),
                lenient.err());
        assertEquals(1, strict.exit());
    }
}
