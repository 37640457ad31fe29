package org.deploypolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several writers on one decision log: each append continues the chain from the file's last line, whoever wrote
 * it. (Processes writing at once are tried through the command line, in policy-examples.)
 */
class DecisionLogWritersTest {

    private static DeploymentPolicy loggingTo(DecisionLog log) {
        return DeploymentPolicy.builder().classpath("core-test").decisionLog(log).build();
    }

    private static void assertOneChain(Path file, int lines) throws Exception {
        DecisionLog.Audit audit = DecisionLog.audit(file);
        assertTrue(audit.sound(), audit.brokenLine() + ": " + audit.problem());
        assertEquals(lines, audit.goodLines());
        List<String> written = Files.readAllLines(file);
        for (int i = 0; i < written.size(); i++) {
            JsonNode line = Requests.JSON.readTree(written.get(i));
            assertEquals(i + 1, line.get("seq").asInt());
        }
    }

    @Test
    void logsOpenedOnOneFileTakeTurnsInOneChain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("decisions.jsonl");
        DeploymentPolicy first = loggingTo(DecisionLog.toFile(file));
        DeploymentPolicy second = loggingTo(DecisionLog.toFile(file));

        first.evaluate(Requests.deployment());
        second.evaluate(Requests.deployment());
        first.evaluate(Requests.deployment());

        assertOneChain(file, 3);
    }

    @Test
    void threadsOfSeveralLogsOnOneFileWritingAtOnceKeepOneChain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("decisions.jsonl");
        List<DeploymentPolicy> policies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // Each log opened through a path of its own spelling: they are still one file.
            policies.add(loggingTo(DecisionLog.toFile(i % 2 == 0 ? file : dir.resolve(".").resolve("decisions.jsonl"))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Decision>> decisions = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            DeploymentPolicy policy = policies.get(i % policies.size());
            Callable<Decision> evaluate = () -> {
                start.await();
                return policy.evaluate(Requests.deployment());
            };
            decisions.add(pool.submit(evaluate));
        }
        start.countDown();
        for (Future<Decision> decision : decisions) {
            decision.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));

        assertOneChain(file, 120);
    }

    @Test
    void aLineAnotherWriterAppendedIsContinued(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("decisions.jsonl");
        DeploymentPolicy kept = loggingTo(DecisionLog.toFile(file));
        kept.evaluate(Requests.deployment());
        loggingTo(DecisionLog.toFile(file)).evaluate(Requests.deployment());

        kept.evaluate(Requests.deployment());

        assertOneChain(file, 3);
    }
}
