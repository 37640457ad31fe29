package org.deploypolicy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.Outcome;
import org.deploypolicy.PolicyJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The deploy bot on the sample requests: it merges what is approved and says why it does not merge the rest. */
class DeployBotTest {
    /** Built once and shared by every bot, as a real bot would. */
    private static DeploymentPolicy policy;

    /** A code host that writes down what the bot did. */
    private static final class RecordingHost implements DeployBot.CodeHost {
        final List<String> merged = new ArrayList<>();
        final List<String> replies = new ArrayList<>();

        @Override
        public void merge(String pullRequest, String headCommit) {
            merged.add(pullRequest + " at " + headCommit);
        }

        @Override
        public void reply(String pullRequest, String message) {
            replies.add(pullRequest + ": " + message);
        }
    }

    private final RecordingHost host = new RecordingHost();

    @BeforeAll
    static void buildThePolicy() {
        policy = DeploymentPolicy.builder().classpath("reference").build();
    }

    private Decision mergeRequested(String sample, String now) throws IOException {
        DeploymentRequest request = (DeploymentRequest) PolicyJson.readRequest(
                Files.readString(Path.of("samples", sample)));
        Clock clock = Clock.fixed(OffsetDateTime.parse(now).toInstant(), ZoneOffset.UTC);
        return new DeployBot(policy, host, clock).mergeRequested(request);
    }

    @Test
    void anApprovedReleaseIsMergedAtTheCommitThatWasDecided() throws IOException {
        Decision decision = mergeRequested("normal-tuesday-release.json", "2026-11-24T10:30:00+03:00");
        assertEquals(Outcome.APPROVED, decision.outcome());
        assertEquals(List.of("DEP-1040 at 4be1a2c"), host.merged);
        assertEquals(List.of(), host.replies);
    }

    @Test
    void aFridayFeatureIsRefusedWithEachFindingAndWhenItMayGo() throws IOException {
        Decision decision = mergeRequested("friday-feature.json", "2026-11-27T10:00:00+03:00");
        assertEquals(Outcome.REJECTED, decision.outcome());
        assertEquals(List.of(), host.merged);
        assertEquals(1, host.replies.size());
        String reply = host.replies.get(0);
        assertTrue(reply.startsWith("DEP-1041: Not merged: REJECTED by policy reference (sha256:"), reply);
        assertTrue(reply.contains("\n- BLOCK window.friday: Friday 10:00 EAT: only critical changes"), reply);
        assertTrue(reply.contains("\n- ADVISE window.preferred: "), reply);
        assertTrue(reply.endsWith("\nNext allowed: Mon 2026-11-30 00:00 +03:00 "
                + "(preferred from Tue 2026-12-01 09:00 +03:00).\n"), reply);
    }

    @Test
    void aPendingChangeListsWhatIsMissing() throws IOException {
        Decision decision = mergeRequested("breaking-change-pending-ceo.json", "2026-11-25T11:00:00+03:00");
        assertEquals(Outcome.PENDING, decision.outcome());
        assertEquals(List.of(), host.merged);
        String reply = host.replies.get(0);
        assertTrue(reply.startsWith("DEP-1043: Not merged: PENDING by policy reference"), reply);
        assertTrue(reply.contains("\n- REQUIRE approval.ceo: "), reply);
        assertTrue(!reply.contains("Next allowed"), reply);
    }

    @Test
    void theBotJudgesAtItsOwnClockNotTheRequestsTime() throws IOException {
        Decision decision = mergeRequested("normal-tuesday-release.json", "2026-11-28T10:30:00+03:00");
        assertEquals(Outcome.REJECTED, decision.outcome());
        assertEquals(OffsetDateTime.parse("2026-11-28T10:30:00+03:00"), decision.evaluatedAt());
        assertEquals(List.of(), host.merged);
        assertTrue(host.replies.get(0).contains("\n- BLOCK window.weekend: "), host.replies.get(0));
    }
}
