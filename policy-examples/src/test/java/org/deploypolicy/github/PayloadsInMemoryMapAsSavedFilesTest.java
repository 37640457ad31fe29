package org.deploypolicy.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.deploypolicy.DeploymentRequest;
import org.junit.jupiter.api.Test;

/**
 * {@link GitHubRequest} on JSON already in memory, as the HTTP service has a webhook's body: it builds the request
 * the same JSON saved to a file builds, and names the payload in its messages as it names a file.
 */
class PayloadsInMemoryMapAsSavedFilesTest {
    private static final Path GITHUB = Path.of("src", "test", "resources", "github");
    private static final OffsetDateTime TUESDAY = OffsetDateTime.parse("2026-11-24T10:30:00+03:00");

    private static GitHubPayload inMemory(String name, String file) throws IOException {
        return GitHubPayload.of(name, Files.readAllBytes(GITHUB.resolve(file)));
    }

    private static GitHubRequest release(GitHubPayload pull, GitHubPayload reviews, GitHubPayload checks) {
        return GitHubRequest.builder(pull).reviews(reviews).checks(checks).readDescription(true).at(TUESDAY)
                .role("selam", "TECH_LEAD").role("abebe", "DEVELOPER").codeOwner("yonas").build();
    }

    @Test
    void aWebhookEventInMemoryBuildsTheRequestItsSavedFilesBuild() throws IOException {
        GitHubRequest saved = release(GitHubPayload.read(GITHUB.resolve("release-pull.json")),
                GitHubPayload.read(GITHUB.resolve("release-reviews.json")),
                GitHubPayload.read(GITHUB.resolve("release-checks.json")));
        GitHubRequest webhook = release(inMemory("webhook", "release-event.json"),
                inMemory("reviews", "release-reviews.json"), inMemory("check-runs", "release-checks.json"));

        assertEquals(List.of(), webhook.problems());
        DeploymentRequest request = webhook.request().orElseThrow();
        assertEquals(saved.request(), Optional.of(request));
        assertEquals("PR-298", request.id());
        assertEquals(List.of(GITHUB.resolve("release-checks.json") + ": $.check_runs: warning: 1 of 5 check runs is "
                + "left out: it ran on 9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c, not on the head commit "
                + "4be1a2c9d0e3f5a7b8c6d2e1f0a9b8c7d6e5f4a3"), saved.warnings());
        assertEquals(List.of(saved.warnings().get(0).replace(GITHUB.resolve("release-checks.json").toString(),
                "check-runs")), webhook.warnings());
    }

    @Test
    void everyProblemBeginsWithTheNameThePayloadWasGiven() {
        GitHubRequest unreadable = GitHubRequest.builder(GitHubPayload.of("webhook", "{\"action\": ".getBytes(
                        StandardCharsets.UTF_8)))
                .reviews(GitHubPayload.of("reviews", "[{\"user\": {\"login\": \"selam\"}}]".getBytes(
                        StandardCharsets.UTF_8)))
                .build();

        assertEquals(Optional.empty(), unreadable.request());
        assertEquals(List.of("webhook: $: the JSON ends early at line 1, column 12", "reviews: $[0].state: missing"),
                unreadable.problems());
    }

    @Test
    void aResultHasARequestExactlyWhenItHasNoProblems() throws IOException {
        Optional<DeploymentRequest> request = GitHubRequest.builder(inMemory("pull", "release-pull.json")).build()
                .request();
        assertTrue(request.isPresent());
        assertThrows(IllegalArgumentException.class, () -> new GitHubRequest(request, List.of(), List.of("a problem")));
        assertThrows(IllegalArgumentException.class, () -> new GitHubRequest(Optional.empty(), List.of(), List.of()));
    }
}
