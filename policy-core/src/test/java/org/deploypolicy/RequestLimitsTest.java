package org.deploypolicy;

import static org.deploypolicy.Requests.deploymentJson;
import static org.deploypolicy.Requests.paths;
import static org.deploypolicy.Requests.problemAt;
import static org.deploypolicy.Requests.rejected;
import static org.deploypolicy.Requests.rollbackJson;
import static org.deploypolicy.Requests.text;
import static org.deploypolicy.Requests.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The limits of docs/contract.md: a request of at most 1 MiB, at most 1,000 approvals, labels or checks, strings of
 * at most 10,000 characters. At the limit is fine; over it is an error naming the field, never a truncation.
 */
class RequestLimitsTest {
    private static final int MIB = 1024 * 1024;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/approvals", "/change/labels", "/requester/roles", "/waivers"})
    void aThousandItemsAreRead(String pointer) {
        ObjectNode json = withItems(deploymentJson(), pointer, 1_000);

        PolicyJson.readRequest(text(json));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /approvals        | $.approvals
            /change/labels    | $.change.labels
            /requester/roles  | $.requester.roles
            /waivers          | $.waivers
            """)
    void moreThanAThousandItemsAreAnError(String pointer, String path) {
        InvalidRequestException error = rejected(withItems(deploymentJson(), pointer, 1_001));

        assertEquals(List.of(path), paths(error));
        assertTrue(error.problems().get(0).message().contains("1000"), error.getMessage());
    }

    @Test
    void moreThanAThousandRollbackApprovalsAreAnError() {
        ObjectNode json = rollbackJson();
        ArrayNode approvals = json.putArray("approvals");
        for (int i = 0; i < 1_001; i++) {
            approvals.addObject().put("by", "p" + i).put("role", "TECH_LEAD").put("verdict", "APPROVED");
        }

        assertEquals(List.of("$.approvals"), paths(rejected(json)));
    }

    @Test
    void aThousandChecksAreRead() {
        DeploymentRequest request = (DeploymentRequest) PolicyJson.readRequest(text(withChecks(1_000)));

        assertEquals(1_000, request.checks().size());
    }

    @Test
    void moreThanAThousandChecksAreAnError() {
        assertEquals(List.of("$.checks"), paths(rejected(withChecks(1_001))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /id                    | $.id
            /source                | $.source
            /target                | $.target
            /requester/id          | $.requester.id
            /change/summary        | $.change.summary
            /change/author         | $.change.author
            /change/headCommit     | $.change.headCommit
            /change/branchedFrom   | $.change.branchedFrom
            /change/labels/0       | $.change.labels[0]
            /approvals/0/by        | $.approvals[0].by
            /approvals/1/commit    | $.approvals[1].commit
            /approvals/1/reference | $.approvals[1].reference
            /waivers/0/rule        | $.waivers[0].rule
            /waivers/0/subject     | $.waivers[0].subject
            /waivers/0/by          | $.waivers[0].by
            /waivers/0/reason      | $.waivers[0].reason
            """)
    void aStringOfTenThousandCharactersIsReadOneMoreIsAnError(String pointer, String path) {
        PolicyJson.readRequest(text(with(deploymentJson(), pointer, new TextNode("x".repeat(10_000)))));

        InvalidRequestException error = rejected(with(deploymentJson(), pointer, new TextNode("x".repeat(10_001))));

        assertEquals(List.of(path), paths(error));
        assertTrue(problemAt(error, path).message().contains("10000"), error.getMessage());
    }

    @Test
    void aLongRoleNameIsAnError() {
        String role = "R".repeat(10_001);

        assertEquals(List.of("$.approvals[0].role"),
                paths(rejected(with(deploymentJson(), "/approvals/0/role", new TextNode(role)))));
        assertEquals(List.of("$.requester.roles[0]"),
                paths(rejected(with(deploymentJson(), "/requester/roles/0", new TextNode(role)))));
    }

    @Test
    void aLongCheckNameIsAnError() {
        ObjectNode json = deploymentJson();
        ((ObjectNode) json.get("checks")).put("c".repeat(10_001), "PASSED");

        assertEquals(List.of("$.checks"), paths(rejected(json)));
    }

    @Test
    void aLongIncidentSummaryIsAnError() {
        PolicyJson.readRequest(text(with(rollbackJson(), "/incident/summary", new TextNode("s".repeat(10_000)))));

        assertEquals(List.of("$.incident.summary"),
                paths(rejected(with(rollbackJson(), "/incident/summary", new TextNode("s".repeat(10_001))))));
    }

    @Test
    void aRequestOfExactlyOneMebibyteIsRead() throws IOException {
        String json = paddedTo(MIB);

        PolicyJson.readRequest(json);
        PolicyJson.readRequest(stream(json));
    }

    @Test
    void aRequestOfOneByteMoreThanAMebibyteIsAnError() {
        String json = paddedTo(MIB + 1);

        InvalidRequestException error = rejected(json);

        assertEquals(List.of("$"), paths(error));
        assertTrue(error.problems().get(0).message().contains("1 MiB"), error.getMessage());
    }

    @Test
    void aStreamOverAMebibyteIsAnErrorWithoutBeingReadToTheEnd() {
        byte[] head = paddedTo(MIB + 1).getBytes(StandardCharsets.UTF_8);
        InputStream endless = new InputStream() {
            private int next;

            @Override
            public int read() {
                return next < head.length ? head[next++] : ' ';
            }
        };

        InvalidRequestException error = assertThrows(InvalidRequestException.class,
                () -> PolicyJson.readRequest(endless));

        assertEquals(List.of("$"), paths(error));
    }

    @Test
    void theLimitCountsBytesNotCharacters() {
        String summary = "é".repeat(10_000);
        ObjectNode json = with(deploymentJson(), "/change/summary", new TextNode(summary));
        String text = text(json);
        String padded = text + " ".repeat(MIB - text.length() - summary.length() + 1);
        assertTrue(padded.length() <= MIB && padded.getBytes(StandardCharsets.UTF_8).length > MIB);

        assertEquals(List.of("$"), paths(rejected(padded)));
    }

    @Test
    void aRequestOverTheLimitIsNeverTruncatedIntoAValidOne() {
        String json = text(deploymentJson());
        String overLimit = json + " ".repeat(MIB);

        assertEquals(List.of("$"), paths(rejected(overLimit)));
    }

    /** A valid deployment padded with white space after its object to exactly {@code bytes} bytes. */
    private static String paddedTo(int bytes) {
        String json = text(deploymentJson());
        String padded = json + " ".repeat(bytes - json.length());
        assertEquals(bytes, padded.getBytes(StandardCharsets.UTF_8).length);
        return padded;
    }

    private static InputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The request with the list at {@code pointer} holding {@code count} valid items. */
    private static ObjectNode withItems(ObjectNode json, String pointer, int count) {
        ArrayNode list = json.withArray(pointer);
        ObjectNode first = list.isEmpty() || !list.get(0).isObject() ? null : (ObjectNode) list.get(0).deepCopy();
        list.removeAll();
        for (int i = 0; i < count; i++) {
            switch (pointer) {
                case "/approvals" -> list.add(first.deepCopy().put("by", "p" + i));
                case "/waivers" -> list.add(first.deepCopy().put("subject", "s" + i));
                case "/requester/roles" -> list.add("ROLE_" + i);
                default -> list.add("label-" + i);
            }
        }
        return json;
    }

    private static ObjectNode withChecks(int count) {
        ObjectNode json = deploymentJson();
        ObjectNode checks = json.putObject("checks");
        for (int i = 0; i < count; i++) {
            checks.put("check-" + i, "PASSED");
        }
        return json;
    }
}
