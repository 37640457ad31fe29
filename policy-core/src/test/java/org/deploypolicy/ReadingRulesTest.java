package org.deploypolicy;

import static org.deploypolicy.Requests.deploymentJson;
import static org.deploypolicy.Requests.paths;
import static org.deploypolicy.Requests.problemAt;
import static org.deploypolicy.Requests.rejected;
import static org.deploypolicy.Requests.text;
import static org.deploypolicy.Requests.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract's reading rules for text, bytes, times, blank texts, lengths and counts: what a request's bytes must
 * be before any field is read, and the exact spellings a field may take.
 */
class ReadingRulesTest {
    private static final String UTF8_ID = "\"id\":\"DEP-7\"";

    private static PolicyRequest read(byte[] bytes) throws IOException {
        return PolicyJson.readRequest(new ByteArrayInputStream(bytes));
    }

    private static InvalidRequestException rejectedBytes(byte[] bytes) {
        return assertThrows(InvalidRequestException.class, () -> read(bytes));
    }

    /** The request's bytes with {@code inserted} in place of the {@code E} of {@code DEP-7}, and its offset. */
    private static byte[] withBytesInId(byte... inserted) {
        byte[] json = text(deploymentJson()).getBytes(StandardCharsets.UTF_8);
        String text = new String(json, StandardCharsets.UTF_8);
        int at = text.indexOf(UTF8_ID) + "\"id\":\"D".length();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(json, 0, at);
        out.writeBytes(inserted);
        out.write(json, at + 1, json.length - at - 1);
        return out.toByteArray();
    }

    private static int offsetOfId() {
        return text(deploymentJson()).indexOf(UTF8_ID) + "\"id\":\"D".length();
    }

    @Nested
    class Bytes {
        @ParameterizedTest(name = "{0}")
        @CsvSource(textBlock = """
                a stray 0xFF,                 FF,       FF
                a lone continuation byte,     80,       80
                an overlong NUL,              C0 80,    C0
                an encoded surrogate,         ED A0 80, ED
                a sequence cut short,         E2 82,    E2
                """)
        void malformedUtf8IsAnErrorAtTheRootNamingTheByteOffsetNeverAReplacementCharacter(String what, String hex,
                                                                                           String first) {
            byte[] inserted = hex(hex);

            InvalidRequestException error = rejectedBytes(withBytesInId(inserted));

            assertEquals(List.of(new RequestProblem("$", "not UTF-8 text: byte 0x" + first + " at byte offset "
                    + offsetOfId() + " does not start or continue a character")), error.problems(), what);
        }

        @Test
        void aLeadingByteOrderMarkIsSkipped() throws IOException {
            byte[] json = text(deploymentJson()).getBytes(StandardCharsets.UTF_8);
            byte[] withBom = new byte[json.length + 3];
            withBom[0] = (byte) 0xEF;
            withBom[1] = (byte) 0xBB;
            withBom[2] = (byte) 0xBF;
            System.arraycopy(json, 0, withBom, 3, json.length);

            assertEquals(read(json), read(withBom));
        }

        @Test
        void aByteOrderMarkAnywhereElseIsNotSkipped() {
            String json = text(deploymentJson());

            assertEquals(List.of("$"), paths(rejected(" \uFEFF" + json)));
        }

        @Test
        void wellFormedMultiByteTextIsReadAsWritten() throws IOException {
            byte[] json = text(with(deploymentJson(), "/id", new TextNode("Dé€𝄞"))).getBytes(StandardCharsets.UTF_8);

            assertEquals("Dé€𝄞", read(json).id());
        }

        @Test
        void whiteSpaceAfterTheValueIsAllowedAnythingElseIsNot() throws IOException {
            String json = text(deploymentJson());
            read((json + " \n\t\r\n").getBytes(StandardCharsets.UTF_8));

            assertEquals(List.of(new RequestProblem("$", "unexpected data after the request at line 2, column 1")),
                    rejected(json + "\n// a comment").problems());
        }

        private static byte[] hex(String hex) {
            String[] parts = hex.trim().split(" ");
            byte[] bytes = new byte[parts.length];
            for (int i = 0; i < parts.length; i++) {
                bytes[i] = (byte) Integer.parseInt(parts[i], 16);
            }
            return bytes;
        }
    }

    @Nested
    class Times {
        @ParameterizedTest
        @ValueSource(strings = {"2026-11-24T10:30:00+03:00", "2026-11-24t10:30:00z", "2026-11-24T10:30+03:00",
                "2026-11-24T10:30:00.5+03:00", "2026-11-24T10:30:00.123456789-05:30", "2026-11-24T10:30:00Z",
                "0001-01-01T00:00:00+18:00", "9999-12-31T23:59:59-18:00"})
        void rfc3339TimesAreRead(String time) {
            DeploymentRequest request = (DeploymentRequest) PolicyJson.readRequest(
                    text(with(deploymentJson(), "/at", new TextNode(time))));

            assertEquals(OffsetDateTime.parse(time.toUpperCase()), request.at().orElseThrow());
        }

        @ParameterizedTest
        @ValueSource(strings = {"2026-11-24T10:30:00+03", "2026-11-24T10:30:00+0300", "2026-11-24T10:30:00+03:00:30",
                "2026-11-24T10:30:00.+03:00", "2026-11-24T23:59:60+03:00", "2026-11-24", "2026-11-24T10:30:00",
                "2026-11-24 10:30:00+03:00", "2026-11-24T10:30:00.1234567891+03:00", "2026-11-24T10:30:00+19:00",
                "2026-11-24T10:30:00+18:30", "0000-01-01T00:00:00Z", "2026-02-30T10:30:00+03:00",
                "2026-11-24T24:00:00+03:00", "+12026-11-24T10:30:00Z", "2026-11-24T1:30:00Z", "2026-W48-2T10:30Z"})
        void otherSpellingsAreErrorsAtTheirField(String time) {
            InvalidRequestException error = rejected(with(deploymentJson(), "/approvals/0/at", new TextNode(time)));

            assertEquals(List.of("$.approvals[0].at"), paths(error));
            assertTrue(problemAt(error, "$.approvals[0].at").message().contains("was \"" + time + "\""),
                    error.getMessage());
        }
    }

    @Nested
    class Blank {
        @ParameterizedTest(name = "{0} in {1}")
        @CsvSource(delimiter = '|', textBlock = """
                U+00A0     | /id                      | $.id
                U+202F     | /requester/id            | $.requester.id
                U+200B     | /change/author           | $.change.author
                U+FEFF     | /change/headCommit       | $.change.headCommit
                U+3000     | /source                  | $.source
                U+0085     | /approvals/0/by          | $.approvals[0].by
                U+2028     | /waivers/0/reason        | $.waivers[0].reason
                U+0009     | /change/labels/0         | $.change.labels[0]
                U+200B     | /change/branchedFrom     | $.change.branchedFrom
                """)
        void aNameMadeOfWhiteSpaceControlOrFormatCharactersIsBlank(String character, String pointer, String path) {
            String blank = Character.toString(Integer.parseInt(character.substring(2), 16)).repeat(2);

            assertEquals(List.of(path), paths(rejected(with(deploymentJson(), pointer, new TextNode(blank)))));
        }

        @Test
        void aBlankReferenceIsNoErrorButDocumentsNothing() {
            DeploymentRequest request = (DeploymentRequest) PolicyJson.readRequest(
                    text(with(deploymentJson(), "/approvals/1/reference", new TextNode("\u00A0"))));

            assertEquals(Optional.of("\u00A0"), request.approvals().get(1).reference());
        }

        @Test
        void aBlankNameBuiltInJavaIsTheSameError() {
            DeploymentRequest read = (DeploymentRequest) PolicyJson.readRequest(text(deploymentJson()));
            DeploymentRequest blank = new DeploymentRequest("\u00A0\u200B", read.at(), read.source(), read.target(),
                    read.requester(), read.change(), read.approvals(), read.reviews(), read.checks(), read.checklist(),
                    read.waivers());

            InvalidRequestException error = assertThrows(InvalidRequestException.class,
                    () -> TestPolicies.core().evaluate(blank));

            assertEquals(List.of("$.id"), paths(error));
        }
    }

    @Nested
    class TeamAttributes {
        @Test
        void aTeamsTextIsTextAsTheContractsIsWithinTheLimitAndUnicode() {
            String tenThousandClefs = "𝄞".repeat(10_000);
            PolicyJson.readRequest(text(with(deploymentJson(), "/attributes", "{\"owner\": \"" + tenThousandClefs + "\"}")));

            InvalidRequestException tooLong = rejected(with(deploymentJson(), "/attributes",
                    "{\"owner\": \"" + tenThousandClefs + "x\", \"teams\": [\"a\", \"" + tenThousandClefs + "x\"]}"));
            assertEquals("at most 10000 characters; was 10001", problemAt(tooLong, "$.attributes.owner").message());
            assertEquals("at most 10000 characters; was 10001", problemAt(tooLong, "$.attributes.teams[1]").message());

            // the escape stays in the text: the JSON is Unicode, the string it means is not
            InvalidRequestException unpaired = rejected(text(deploymentJson())
                    .replaceFirst("\\{", "{\"attributes\": {\"owner\": \"\\\\ud800\"}, "));
            assertEquals(List.of("$.attributes.owner"), paths(unpaired));
            assertTrue(problemAt(unpaired, "$.attributes.owner").message().contains("unpaired surrogate"));
        }

        @Test
        void aTeamsValueOfNullIsOneNotGiven() {
            PolicyRequest read = PolicyJson.readRequest(text(with(deploymentJson(), "/attributes",
                    "{\"tier\": 1, \"riskScore\": null}")));
            assertEquals(java.util.Map.of("tier", 1L), read.attributes());
        }
    }

    @Nested
    class LengthsAndCounts {
        @Test
        void lengthsCountCodePointsNotUtf16Units() {
            String tenThousandClefs = "𝄞".repeat(10_000);
            PolicyJson.readRequest(text(with(deploymentJson(), "/change/summary", new TextNode(tenThousandClefs))));

            InvalidRequestException error = rejected(with(deploymentJson(), "/change/summary",
                    new TextNode(tenThousandClefs + "x")));
            assertEquals("at most 10000 characters; was 10001", problemAt(error, "$.change.summary").message());
        }

        @ParameterizedTest
        @ValueSource(strings = {"1.0", "-1", "2147483648", "1e2", "99999999999999999999"})
        void aCountIsAWholeNumberFromZeroTo2147483647(String count) {
            assertEquals(List.of("$.reviews.approving"),
                    paths(rejected(with(deploymentJson(), "/reviews/approving", count))));
            assertEquals(List.of("$.checklist.criticalVulnerabilities"),
                    paths(rejected(with(deploymentJson(), "/checklist/criticalVulnerabilities", count))));
        }

        @Test
        void theLargestCountIsRead() {
            DeploymentRequest request = (DeploymentRequest) PolicyJson.readRequest(
                    text(with(deploymentJson(), "/reviews/approving", "2147483647")));

            assertEquals(2147483647, request.reviews().approving());
        }
    }

    @Nested
    class JavaRecords {
        @Test
        void aTimeWhoseOffsetHasSecondsCannotBeWrittenOnTheWireAndIsRefused() {
            OffsetDateTime odd = OffsetDateTime.parse("2030-07-04T10:30:00+02:00:30");

            InvalidRequestException error = assertThrows(InvalidRequestException.class,
                    () -> TestPolicies.core().evaluate(Requests.deploymentTo("prod", odd)));

            assertEquals(List.of("$.at"), paths(error));
        }
    }
}
