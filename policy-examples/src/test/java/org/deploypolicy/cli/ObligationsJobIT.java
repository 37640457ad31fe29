package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scheduled job runs the packaged jar over a decision log and alerts on its exit code. */
class ObligationsJobIT {
    private static final String AFTER_DUE = "2026-11-24T11:30:00+03:00";

    @TempDir
    Path dir;

    @Test
    void theJarExitsOneWhileAnObligationIsOverdueAndZeroOnceItIsDone() throws IOException, InterruptedException {
        Path log = dir.resolve("decisions.jsonl");
        Path cache = dir.resolve("cache");
        assertEquals(0, Cli.run("evaluate", "samples/normal-tuesday-release.json", "--log", log.toString()).exit());

        JarProcess.Run overdue = JarProcess.run(cache, "obligations", log.toString(), "--at", AFTER_DUE);
        assertEquals(1, overdue.exit(), overdue.err());
        assertTrue(overdue.out().contains("OVERDUE  DEP-1040  obligation.monitoring"), overdue.out());

        JarProcess.Run done = JarProcess.run(cache, "done", log.toString(), "--request", "DEP-1040", "--rule",
                "obligation.monitoring", "--by", "selam");
        assertEquals(0, done.exit(), done.err());

        JarProcess.Run after = JarProcess.run(cache, "obligations", log.toString(), "--at", AFTER_DUE);
        assertEquals(0, after.exit(), after.err());
        assertTrue(after.out().matches("(?s).*\nDONE +DEP-1040 +obligation\\.monitoring .*"), after.out());
    }
}
