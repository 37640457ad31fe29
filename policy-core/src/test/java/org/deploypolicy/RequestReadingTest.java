package org.deploypolicy;

import static org.deploypolicy.Requests.deploymentJson;
import static org.deploypolicy.Requests.paths;
import static org.deploypolicy.Requests.problemAt;
import static org.deploypolicy.Requests.rejected;
import static org.deploypolicy.Requests.rollbackJson;
import static org.deploypolicy.Requests.text;
import static org.deploypolicy.Requests.with;
import static org.deploypolicy.Requests.without;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reading rules of docs/contract.md for requests read from JSON: every bad input is an
 * {@link InvalidRequestException} whose problems name the field by its exact path.
 */
class RequestReadingTest {

    @Test
    void aCompleteDeploymentIsReadFieldForField() {
        DeploymentRequest request = (DeploymentRequest) PolicyJson.readRequest(text(deploymentJson()));

        assertEquals("DEP-7", request.id());
        assertEquals(Optional.of(OffsetDateTime.parse("2030-07-04T10:30:00+02:00")), request.at());
        assertEquals("release", request.source());
        assertEquals("prod", request.target());
        assertEquals(new Requester("ana", List.of("DEVELOPER")), request.requester());
        assertEquals(new Change(Optional.of("Faster checkout"), ChangeType.FEATURE, Optional.of(Severity.P3), false,
                false, true, false, "ana", "c0ffee1", Optional.of("develop"), List.of("checkout")), request.change());
        assertEquals(List.of(
                new Approval("lee", "TECH_LEAD", Verdict.APPROVED, Optional.of("c0ffee1"), Channel.PULL_REQUEST,
                        Optional.empty(), Optional.of(OffsetDateTime.parse("2030-07-04T09:58:00+02:00"))),
                new Approval("max", "CEO", Verdict.REJECTED, Optional.of("c0ffee1"), Channel.VERBAL,
                        Optional.of("PR description"), Optional.of(OffsetDateTime.parse("2030-07-04T10:01:00+02:00")))),
                request.approvals());
        assertEquals(new Reviews(2, true), request.reviews());
        assertEquals(Map.of("unit-tests", CheckStatus.PASSED, "dr-drill", CheckStatus.PENDING), request.checks());
        assertEquals(new Checklist(Optional.of(true), OptionalInt.of(0), Optional.of(true), Optional.of(false),
                Optional.of(true)), request.checklist());
        assertEquals(List.of(new Waiver("advice.one", Optional.empty(), "lee", "known")), request.waivers());
    }

    @Test
    void aCompleteRollbackIsReadFieldForField() {
        RollbackRequest request = (RollbackRequest) PolicyJson.readRequest(text(rollbackJson()));

        assertEquals(new RollbackRequest("RB-3", Optional.of(OffsetDateTime.parse("2030-07-04T18:05:00+02:00")),
                new Requester("kai", List.of("ON_CALL")),
                new Incident(IncidentType.API_ERRORS, OptionalDouble.of(0.2), Optional.of("5xx after the deploy")),
                List.of(new Approval("lee", "TECH_LEAD", Verdict.APPROVED, Optional.empty(), Channel.PULL_REQUEST,
                        Optional.empty(), Optional.empty())),
                List.of()), request);
    }

    @Nested
    class Times {
        @ParameterizedTest(name = "{0} = {1}")
        @CsvSource(delimiter = '|', textBlock = """
                /at             | "2026-11-24T10:30:00"       | $.at
                /at             | "next tuesday"              | $.at
                /at             | "2026-11-24"                | $.at
                /at             | "2026-11-24 10:30:00+03:00" | $.at
                /at             | "2026-11-24T10:30:00 EAT"   | $.at
                /at             | ""                          | $.at
                /approvals/0/at | "2026-11-24T09:58:00"       | $.approvals[0].at
                /approvals/1/at | "yesterday"                 | $.approvals[1].at
                """)
        void aTimeWithoutAnOffsetIsAnError(String pointer, String value, String path) {
            InvalidRequestException error = rejected(with(deploymentJson(), pointer, value));

            assertEquals(List.of(path), paths(error));
            assertTrue(problemAt(error, path).message().contains("with an offset"), problemAt(error, path).message());
        }

        @Test
        void aTimeInRollbackApprovalsIsCheckedToo() {
            InvalidRequestException error = rejected(with(rollbackJson(), "/approvals/0/at", "\"2026-11-24T18:00\""));

            assertEquals(List.of("$.approvals[0].at"), paths(error));
        }

        @Test
        void aTimeThatIsNotAStringIsAnError() {
            assertEquals(List.of("$.at"), paths(rejected(with(deploymentJson(), "/at", "1795000000"))));
        }

        @ParameterizedTest
        @ValueSource(strings = {"2030-07-04T08:30:00Z", "2030-07-04T10:30:00+02:00", "2030-07-04T14:00:00+05:30",
                "2030-07-03T22:30:00-10:00", "2030-07-04T08:30:00.000000001Z"})
        void aTimeWithZOrAnOffsetIsReadWithItsOffset(String time) {
            PolicyRequest request = PolicyJson.readRequest(text(with(deploymentJson(), "/at", '"' + time + '"')));

            assertEquals(Optional.of(OffsetDateTime.parse(time)), request.at());
        }

        @Test
        void zIsTheZeroOffset() {
            PolicyRequest request = PolicyJson.readRequest(text(with(deploymentJson(), "/at", "\"2030-07-04T08:30:00Z\"")));

            assertEquals(ZoneOffset.UTC, request.at().orElseThrow().getOffset());
        }
    }

    @Nested
    class Enums {
        @ParameterizedTest(name = "{0} = {1}")
        @CsvSource(delimiter = '|', textBlock = """
                /change/severity      | "p1"         | $.change.severity
                /change/severity      | "P1 "        | $.change.severity
                /change/severity      | 1            | $.change.severity
                /change/type          | "feature"    | $.change.type
                /change/type          | "Fix"        | $.change.type
                /approvals/0/verdict  | "approved"   | $.approvals[0].verdict
                /approvals/1/channel  | "verbal"     | $.approvals[1].channel
                /checks/unit-tests    | "passed"     | $.checks.unit-tests
                /checks/dr-drill      | "SUCCESS"    | $.checks.dr-drill
                /kind                 | "deployment" | $.kind
                /kind                 | "RELEASE"    | $.kind
                """)
        void anEnumValueNotSpeltExactlyIsAnError(String pointer, String value, String path) {
            assertEquals(List.of(path), paths(rejected(with(deploymentJson(), pointer, value))));
        }

        @Test
        void anIncidentTypeNotSpeltExactlyIsAnError() {
            assertEquals(List.of("$.incident.type"), paths(rejected(with(rollbackJson(), "/incident/type", "\"api_errors\""))));
        }

        @Test
        void anUnknownSeverityNamesTheValuesAllowed() {
            InvalidRequestException error = rejected(with(deploymentJson(), "/change/severity", "\"P7\""));

            assertEquals(List.of(new RequestProblem("$.change.severity", "must be one of P1, P2, P3, P4; was \"P7\"")),
                    error.problems());
        }

        @Test
        void aLowerCaseVerdictNamesTheValuesAllowed() {
            InvalidRequestException error = rejected(with(deploymentJson(), "/approvals/0/verdict", "\"approved\""));

            assertEquals("must be one of APPROVED, REJECTED; was \"approved\"",
                    problemAt(error, "$.approvals[0].verdict").message());
        }
    }

    @Nested
    class UnknownFields {
        @Test
        void aMisspeltApprovalsIsAnErrorNotAnEmptyList() {
            ObjectNode request = deploymentJson();
            request.set("aprovals", request.remove("approvals"));

            InvalidRequestException error = rejected(request);

            assertEquals(List.of("$.aprovals"), paths(error));
            assertTrue(error.problems().get(0).message().startsWith("unknown field"), error.getMessage());
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                /change/sevrity             | "P1"   | $.change.sevrity
                /approvals/0/foo            | 1      | $.approvals[0].foo
                /approvals/1/approved       | true   | $.approvals[1].approved
                /requester/role             | "CEO"  | $.requester.role
                /reviews/count              | 2      | $.reviews.count
                /checklist/stagingVerifed   | true   | $.checklist.stagingVerifed
                /waivers/0/until            | "soon" | $.waivers[0].until
                /incident                   | {}     | $.incident
                /Kind                       | "X"    | $.Kind
                """)
        void anUnknownFieldAtAnyDepthIsAnError(String pointer, String value, String path) {
            InvalidRequestException error = rejected(with(deploymentJson(), pointer, value));

            assertEquals(List.of(path), paths(error));
            assertTrue(error.problems().get(0).message().startsWith("unknown field"), error.getMessage());
        }

        @Test
        void anUnknownFieldWhoseValueIsNullIsStillAnError() {
            assertEquals(List.of("$.change.sevrity"), paths(rejected(with(deploymentJson(), "/change/sevrity", "null"))));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                /source             | "release"   | $.source
                /target             | "prod"      | $.target
                /change             | {}          | $.change
                /reviews            | {}          | $.reviews
                /checks             | {}          | $.checks
                /checklist          | {}          | $.checklist
                /incident/severity  | "P1"        | $.incident.severity
                /approvals/0/foo    | 1           | $.approvals[0].foo
                """)
        void deploymentFieldsInARollbackAreUnknownFields(String pointer, String value, String path) {
            InvalidRequestException error = rejected(with(rollbackJson(), pointer, value));

            assertEquals(List.of(path), paths(error));
            assertTrue(error.problems().get(0).message().startsWith("unknown field"), error.getMessage());
        }
    }

    @Nested
    class RequiredFields {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                /id                         | $.id
                /source                     | $.source
                /target                     | $.target
                /requester                  | $.requester
                /requester/id               | $.requester.id
                /change                     | $.change
                /change/type                | $.change.type
                /change/major               | $.change.major
                /change/breaking            | $.change.breaking
                /change/paymentRelated      | $.change.paymentRelated
                /change/databaseMigrations  | $.change.databaseMigrations
                /change/author              | $.change.author
                /change/headCommit          | $.change.headCommit
                /approvals/0/by             | $.approvals[0].by
                /approvals/0/role           | $.approvals[0].role
                /approvals/0/verdict        | $.approvals[0].verdict
                /approvals/1/commit         | $.approvals[1].commit
                /reviews/approving          | $.reviews.approving
                /reviews/codeOwnerApproved  | $.reviews.codeOwnerApproved
                /waivers/0/rule             | $.waivers[0].rule
                /waivers/0/by               | $.waivers[0].by
                /waivers/0/reason           | $.waivers[0].reason
                """)
        void aRequiredDeploymentFieldThatIsAbsentOrNullIsAnError(String pointer, String path) {
            InvalidRequestException absent = rejected(without(deploymentJson(), pointer));
            InvalidRequestException nulled = rejected(with(deploymentJson(), pointer, NullNode.getInstance()));

            assertEquals(List.of(path), paths(absent));
            assertEquals(absent.problems(), nulled.problems(), "null reads as absent");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                /id                 | $.id
                /requester          | $.requester
                /requester/id       | $.requester.id
                /incident           | $.incident
                /incident/type      | $.incident.type
                /approvals/0/by     | $.approvals[0].by
                /approvals/0/role   | $.approvals[0].role
                /approvals/0/verdict| $.approvals[0].verdict
                """)
        void aRequiredRollbackFieldThatIsAbsentOrNullIsAnError(String pointer, String path) {
            InvalidRequestException absent = rejected(without(rollbackJson(), pointer));
            InvalidRequestException nulled = rejected(with(rollbackJson(), pointer, NullNode.getInstance()));

            assertEquals(List.of(path), paths(absent));
            assertEquals(absent.problems(), nulled.problems(), "null reads as absent");
        }

        @Test
        void aRequestWithoutAKindIsAnErrorAtKind() {
            assertEquals(List.of("$.kind"), paths(rejected(without(deploymentJson(), "/kind"))));
            assertEquals(List.of("$.kind"), paths(rejected(with(deploymentJson(), "/kind", "null"))));
        }

        @Test
        void anApprovalOfARollbackNeedsNoCommit() {
            RollbackRequest request = (RollbackRequest) PolicyJson.readRequest(text(rollbackJson()));

            assertEquals(Optional.empty(), request.approvals().get(0).commit());
        }

        @Test
        void anApprovalOfARollbackMayNameACommit() {
            RollbackRequest request = (RollbackRequest) PolicyJson.readRequest(
                    text(with(rollbackJson(), "/approvals/0/commit", "\"c0ffee1\"")));

            assertEquals(Optional.of("c0ffee1"), request.approvals().get(0).commit());
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"/at", "/change/summary", "/change/severity", "/change/branchedFrom", "/change/labels",
                "/requester/roles", "/approvals", "/approvals/0/channel", "/approvals/0/reference", "/approvals/1/reference",
                "/approvals/0/at", "/reviews", "/checks", "/checklist", "/checklist/stagingVerified",
                "/checklist/criticalVulnerabilities", "/waivers", "/waivers/0/subject"})
        void anOptionalDeploymentFieldThatIsNullReadsAsAbsent(String pointer) {
            PolicyRequest absent = PolicyJson.readRequest(text(without(deploymentJson(), pointer)));
            PolicyRequest nulled = PolicyJson.readRequest(text(with(deploymentJson(), pointer, NullNode.getInstance())));

            assertEquals(absent, nulled);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"/at", "/requester/roles", "/incident/summary", "/approvals", "/approvals/0/commit",
                "/waivers"})
        void anOptionalRollbackFieldThatIsNullReadsAsAbsent(String pointer) {
            PolicyRequest absent = PolicyJson.readRequest(text(without(rollbackJson(), pointer)));
            PolicyRequest nulled = PolicyJson.readRequest(text(with(rollbackJson(), pointer, NullNode.getInstance())));

            assertEquals(absent, nulled);
        }

        @Test
        void absentOptionalFieldsTakeTheirDefaults() {
            ObjectNode json = deploymentJson();
            List.of("/at", "/requester/roles", "/change/summary", "/change/severity", "/change/branchedFrom",
                    "/change/labels", "/approvals/1", "/approvals/0/channel", "/approvals/0/at", "/reviews", "/checks",
                    "/checklist", "/waivers").forEach(pointer -> without(json, pointer));

            DeploymentRequest request = (DeploymentRequest) PolicyJson.readRequest(text(json));

            assertEquals(Optional.empty(), request.at());
            assertEquals(List.of(), request.requester().roles());
            assertEquals(Optional.empty(), request.change().summary());
            assertEquals(Optional.empty(), request.change().severity());
            assertEquals(Optional.empty(), request.change().branchedFrom());
            assertEquals(List.of(), request.change().labels());
            assertEquals(Channel.PULL_REQUEST, request.approvals().get(0).channel());
            assertEquals(Optional.empty(), request.approvals().get(0).at());
            assertEquals(Reviews.NONE, request.reviews());
            assertEquals(Map.of(), request.checks());
            assertEquals(Checklist.UNKNOWN, request.checklist());
            assertEquals(List.of(), request.waivers());
        }

        @Test
        void anIncidentOtherThanApiErrorsNeedsNoErrorRate() {
            ObjectNode json = with(without(rollbackJson(), "/incident/apiErrorRate"), "/incident/type", "\"PAYMENT_FAILURES\"");

            RollbackRequest request = (RollbackRequest) PolicyJson.readRequest(text(json));

            assertEquals(OptionalDouble.empty(), request.incident().apiErrorRate());
        }
    }

    @Nested
    class ApiErrorRate {
        @ParameterizedTest
        @ValueSource(strings = {"1.5", "-0.01", "72", "1.0000001", "1e400"})
        void aRateOutsideZeroToOneIsAnError(String rate) {
            InvalidRequestException error = rejected(with(rollbackJson(), "/incident/apiErrorRate", rate));

            assertEquals(List.of("$.incident.apiErrorRate"), paths(error));
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "0.0", "0.05", "1", "1.0"})
        void aRateFromZeroToOneIsRead(String rate) {
            RollbackRequest request = (RollbackRequest) PolicyJson.readRequest(
                    text(with(rollbackJson(), "/incident/apiErrorRate", rate)));

            assertEquals(Double.parseDouble(rate), request.incident().apiErrorRate().getAsDouble());
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"7%\"", "\"0.07\"", "true", "[0.07]"})
        void aRateThatIsNotANumberIsAnError(String rate) {
            assertEquals(List.of("$.incident.apiErrorRate"),
                    paths(rejected(with(rollbackJson(), "/incident/apiErrorRate", rate))));
        }

        @Test
        void aRateIsRequiredForApiErrors() {
            InvalidRequestException absent = rejected(without(rollbackJson(), "/incident/apiErrorRate"));
            InvalidRequestException nulled = rejected(with(rollbackJson(), "/incident/apiErrorRate", "null"));

            assertEquals(List.of("$.incident.apiErrorRate"), paths(absent));
            assertEquals(absent.problems(), nulled.problems());
        }
    }

    @Nested
    class Lists {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                /approvals/2        | $.approvals[2]
                /approvals/0        | $.approvals[0]
                /change/labels/1    | $.change.labels[1]
                /requester/roles/1  | $.requester.roles[1]
                /waivers/1          | $.waivers[1]
                /checks/unit-tests  | $.checks.unit-tests
                """)
        void aNullInsideAListIsAnErrorAtItsIndex(String pointer, String path) {
            InvalidRequestException error = rejected(with(deploymentJson(), pointer, NullNode.getInstance()));

            assertEquals(List.of(path), paths(error));
        }

        @Test
        void aNullAfterGoodApprovalsNamesItsIndex() {
            ObjectNode json = deploymentJson();
            json.withArray("/approvals").addNull();

            assertEquals(List.of("$.approvals[2]"), paths(rejected(json)));
        }
    }

    @Nested
    class WrongTypesAndValues {
        @ParameterizedTest(name = "{0} = {1}")
        @CsvSource(delimiter = '|', textBlock = """
                /id                                 | 7                 | $.id
                /id                                 | "  "              | $.id
                /id                                 | ""                | $.id
                /requester                          | "ana"             | $.requester
                /requester/roles                    | "DEVELOPER"       | $.requester.roles
                /requester/roles/0                  | "developer"       | $.requester.roles[0]
                /requester/roles/0                  | "TECH-LEAD"       | $.requester.roles[0]
                /change                             | []                | $.change
                /change/major                       | "yes"             | $.change.major
                /change/breaking                    | 0                 | $.change.breaking
                /change/labels                      | "checkout"        | $.change.labels
                /change/labels/0                    | 5                 | $.change.labels[0]
                /approvals                          | {}                | $.approvals
                /approvals/0                        | "lee"             | $.approvals[0]
                /approvals/0/role                   | "tech lead"       | $.approvals[0].role
                /approvals/0/commit                 | " "               | $.approvals[0].commit
                /reviews/approving                  | 1.5               | $.reviews.approving
                /reviews/approving                  | -1                | $.reviews.approving
                /reviews/approving                  | 10000000000       | $.reviews.approving
                /checks                             | ["unit-tests"]    | $.checks
                /checklist/criticalVulnerabilities  | "none"            | $.checklist.criticalVulnerabilities
                /checklist/criticalVulnerabilities  | -1                | $.checklist.criticalVulnerabilities
                /checklist/stagingVerified          | "true"            | $.checklist.stagingVerified
                """)
        void aValueOfTheWrongTypeOrOutOfRangeIsAnError(String pointer, String value, String path) {
            assertEquals(List.of(path), paths(rejected(with(deploymentJson(), pointer, value))));
        }
    }

    @Nested
    class DuplicateKeys {
        @ParameterizedTest(name = "{1}")
        @CsvSource(delimiter = '|', textBlock = """
                "id":"DEP-7"                       | $.id
                "author":"ana"                     | $.change.author
                "by":"max"                         | $.approvals[1].by
                "unit-tests":"PASSED"              | $.checks.unit-tests
                "kind":"DEPLOYMENT"                | $.kind
                """)
        void aDuplicateKeyIsAnInvalidRequestAtItsPath(String field, String path) {
            String json = text(deploymentJson());
            assertTrue(json.contains(field), json);

            InvalidRequestException error = rejected(json.replaceFirst(java.util.regex.Pattern.quote(field),
                    java.util.regex.Matcher.quoteReplacement(field + "," + field)));

            assertEquals(List.of(path), paths(error));
        }

        @Test
        void aDuplicateKeyWithAnotherValueIsAnErrorToo() {
            String json = text(deploymentJson()).replace("\"target\":\"prod\"", "\"target\":\"prod\",\"target\":\"develop\"");

            assertEquals(List.of("$.target"), paths(rejected(json)));
        }
    }

    @Nested
    class MalformedJson {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
                {"kind":"DEPLOYMENT","id": }                     | $.id | unexpected "}" where a value should be at line 1, column 28
                {"kind":"DEPLOYMENT","id":"DEP-7"                | $    | the JSON ends early at line 1, column 34
                {"kind":"DEPLOYMENT","id":"DEP-7",}              | $.id | unexpected "}" where a key in double quotes should be at line 1, column 35
                {"kind":"DEPLOYMENT"} {"kind":"ROLLBACK"}        | $    | unexpected data after the request at line 1, column 23
                {"kind":"DEPLOYMENT"} x                          | $    | unexpected data after the request at line 1, column 23
                {kind:"DEPLOYMENT"}                              | $    | unexpected "k" where a key in double quotes should be at line 1, column 2
                {'kind':'DEPLOYMENT'}                            | $    | unexpected "'" where a key in double quotes should be at line 1, column 2
                {"kind":"ROLLBACK","incident":{"apiErrorRate":NaN}} | $.incident.apiErrorRate | "NaN" is not a JSON value at line 1, column 50
                {"kind":"ROLLBACK","id":"a\u0001"}               | $.id | a control character must be escaped in a string at line 1, column 27
                {"kind":"DEPLOYMENT","checks":{"unit-tests":"PASSED","b\u0001":"PASSED"}} | $.checks | a control character must be escaped in a string at line 1, column 56
                {"kind":"ROLLBACK","id":"\\q"}                    | $.id | an invalid escape sequence in a string at line 1, column 27
                {"kind":"ROLLBACK","incident":{"apiErrorRate":01}} | $.incident.apiErrorRate | not a JSON number at line 1, column 48
                """)
        void jsonThatCannotBeReadIsAnInvalidRequestInTheRequestsTerms(String json, String path, String message) {
            InvalidRequestException error = rejected(json);

            assertEquals(List.of(path), paths(error));
            assertEquals(message, error.problems().get(0).message());
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", " \n\t "})
        void anEmptyRequestSaysSo(String json) {
            assertEquals(List.of(new RequestProblem("$", "empty: the request must be a JSON object")),
                    rejected(json).problems());
        }

        @Test
        void aTruncatedRequestIsBlamedOnItsEndNotOnAField() {
            String json = text(deploymentJson());
            InvalidRequestException error = rejected(json.substring(0, json.indexOf("\"approvals\"")));

            assertEquals("$", error.problems().get(0).path());
            assertTrue(error.problems().get(0).message().startsWith("the JSON ends early at line "), error.getMessage());
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "null", "[]", "\"DEPLOYMENT\"", "42", "true"})
        void anythingButAnObjectIsAnInvalidRequestAtTheRoot(String json) {
            assertEquals(List.of("$"), paths(rejected(json)));
        }

        @Test
        void nestingDeeperThanTheLimitIsAnInvalidRequest() {
            String deep = "[".repeat(70) + "]".repeat(70);
            InvalidRequestException error = rejected(text(deploymentJson()).replace("[\"checkout\"]", deep));

            assertEquals(List.of("$"), paths(error));
            assertTrue(error.problems().get(0).message().startsWith("nested too deeply (more than 64 levels) at line 1"),
                    error.getMessage());
        }

        @Test
        void nestingFarDeeperThanTheLimitIsAnInvalidRequestNotAStackOverflow() {
            String deep = "{\"a\":".repeat(200_000) + "1" + "}".repeat(200_000);

            assertEquals(List.of("$"), paths(rejected("{\"kind\":\"DEPLOYMENT\",\"change\":" + deep + "}")));
        }

        @Test
        void nestingWithinTheLimitIsReadAsUsual() {
            String deep = "[".repeat(20) + "]".repeat(20);
            InvalidRequestException error = rejected(text(deploymentJson()).replace("[\"checkout\"]", "[" + deep + "]"));

            assertEquals(List.of("$.change.labels[0]"), paths(error), "a list is not a label, but the JSON is read");
        }
    }

    @Nested
    class AllProblemsTogether {
        @Test
        void everyProblemOfADeploymentIsReportedAtOnce() {
            ObjectNode json = deploymentJson();
            with(json, "/at", "\"2026-11-24T10:30:00\"");
            without(json, "/target");
            with(json, "/change/severity", "\"P7\"");
            with(json, "/change/sevrity", "\"P1\"");
            without(json, "/change/author");
            without(json, "/change/major");
            with(json, "/approvals/0/verdict", "\"approved\"");
            without(json, "/approvals/1/commit");
            with(json, "/approvals/2", "null");
            with(json, "/approvals/0/foo", "1");
            with(json, "/checks/unit-tests", "\"passed\"");
            with(json, "/reviews/approving", "-1");
            with(json, "/aprovals", "[]");

            InvalidRequestException error = rejected(json);

            assertEquals(new TreeSet<>(Set.of("$.at", "$.target", "$.change.severity", "$.change.sevrity",
                    "$.change.author", "$.change.major", "$.approvals[0].verdict", "$.approvals[1].commit",
                    "$.approvals[2]", "$.approvals[0].foo", "$.checks.unit-tests", "$.reviews.approving",
                    "$.aprovals")), new TreeSet<>(paths(error)));
            assertEquals(error.problems().size(), new TreeSet<>(paths(error)).size(), "one problem per path");
        }

        @Test
        void everyProblemOfARollbackIsReportedAtOnce() {
            ObjectNode json = rollbackJson();
            with(json, "/source", "\"release\"");
            with(json, "/incident/apiErrorRate", "7.2");
            without(json, "/requester/id");
            with(json, "/approvals/0/verdict", "\"rejected\"");
            with(json, "/approvals/1", "null");

            InvalidRequestException error = rejected(json);

            assertEquals(new TreeSet<>(Set.of("$.source", "$.incident.apiErrorRate", "$.requester.id",
                    "$.approvals[0].verdict", "$.approvals[1]")), new TreeSet<>(paths(error)));
        }

        @Test
        void theExceptionMessageListsEveryProblemOnItsOwnLine() {
            InvalidRequestException error = rejected(without(without(deploymentJson(), "/target"), "/change/author"));

            assertEquals(List.of("$.target: required", "$.change.author: required"),
                    List.of(error.getMessage().split("\n")));
            assertEquals("INVALID_REQUEST", error.code());
            assertInstanceOf(PolicyException.class, error);
        }
    }
}
