package org.deploypolicy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * {@link DeploymentRequest#builder()} and {@link RollbackRequest#builder()}: a built request is the request the
 * same JSON reads to; setters reject a null or impossible argument at once, naming the setting; {@code build()}
 * names every missing field by its JSON path; what is not set is what an absent JSON field means; a built
 * request does not change with its builder.
 */
class RequestBuildersTest {

    private static OffsetDateTime time(String text) {
        return OffsetDateTime.parse(text);
    }

    private static Set<String> pathsOf(InvalidRequestException error) {
        return new TreeSet<>(Requests.paths(error));
    }

    /** Paths in order, so that a failure lists expected and actual alike. */
    private static Set<String> paths(String... paths) {
        return new TreeSet<>(List.of(paths));
    }

    /** A deployment with only what is required. */
    private static DeploymentRequest.Builder minimalDeployment() {
        return DeploymentRequest.builder()
                .id("DEP-7").source("release").target("prod")
                .requester("ana")
                .change(change -> change.type(ChangeType.FEATURE).author("ana").headCommit("c0ffee1")
                        .major(false).breaking(false).paymentRelated(false).databaseMigrations(false));
    }

    /** A rollback with only what is required. */
    private static RollbackRequest.Builder minimalRollback() {
        return RollbackRequest.builder()
                .id("RB-3").requester("kai")
                .incident(incident -> incident.type(IncidentType.CUSTOMER_BUG));
    }

    @Nested
    class ABuiltRequestEqualsTheSameRequestReadFromJson {

        @Test
        void theContractsDeploymentExample() {
            PolicyRequest json = PolicyJson.readRequest("""
                    {
                      "kind": "DEPLOYMENT",
                      "id": "DEP-1042",
                      "at": "2026-11-26T10:30:00+03:00",
                      "source": "staging",
                      "target": "main",
                      "requester": { "id": "abebe", "roles": ["DEVELOPER"] },
                      "change": {
                        "summary": "Refunds through the payment gateway",
                        "type": "FEATURE",
                        "severity": null,
                        "major": false,
                        "breaking": true,
                        "paymentRelated": true,
                        "databaseMigrations": true,
                        "author": "abebe",
                        "headCommit": "9f2c1e7",
                        "branchedFrom": "dev",
                        "labels": []
                      },
                      "approvals": [
                        { "by": "selam", "role": "TECH_LEAD", "verdict": "APPROVED", "commit": "9f2c1e7",
                          "channel": "PULL_REQUEST", "reference": null, "at": "2026-11-26T09:58:00+03:00" }
                      ],
                      "reviews": { "approving": 1, "codeOwnerApproved": true },
                      "checks": { "api-tests": "PASSED", "disaster-recovery-test": "PASSED", "payment-reconciliation": "PASSED" },
                      "checklist": {
                        "securityScanCompleted": true,
                        "criticalVulnerabilities": 0,
                        "stagingVerified": true,
                        "migrationsReviewed": true,
                        "rollbackPlanDocumented": true
                      }
                    }""");

            DeploymentRequest built = DeploymentRequest.builder()
                    .id("DEP-1042")
                    .at(time("2026-11-26T10:30:00+03:00"))
                    .source("staging").target("main")
                    .requester("abebe", "DEVELOPER")
                    .change(change -> change.major(false)
                            .summary("Refunds through the payment gateway").type(ChangeType.FEATURE)
                            .breaking(true).paymentRelated(true).databaseMigrations(true)
                            .author("abebe").headCommit("9f2c1e7").branchedFrom("dev"))
                    .approval(approval -> approval.by("selam").role("TECH_LEAD").verdict(Verdict.APPROVED)
                            .commit("9f2c1e7").at(time("2026-11-26T09:58:00+03:00")))
                    .reviews(1, true)
                    .check("api-tests", CheckStatus.PASSED)
                    .check("disaster-recovery-test", CheckStatus.PASSED)
                    .check("payment-reconciliation", CheckStatus.PASSED)
                    .checklist(list -> list.securityScanCompleted(true).criticalVulnerabilities(0).stagingVerified(true)
                            .migrationsReviewed(true).rollbackPlanDocumented(true))
                    .build();

            assertEquals(json, built);
        }

        @Test
        void theContractsRollbackExample() {
            PolicyRequest json = PolicyJson.readRequest("""
                    {
                      "kind": "ROLLBACK",
                      "id": "RB-77",
                      "at": "2026-11-24T18:05:00+03:00",
                      "requester": { "id": "kebede", "roles": ["ON_CALL"] },
                      "incident": { "type": "API_ERRORS", "apiErrorRate": 0.072, "summary": "5xx after 17:40 deploy" },
                      "approvals": []
                    }""");

            RollbackRequest built = RollbackRequest.builder()
                    .id("RB-77")
                    .at(time("2026-11-24T18:05:00+03:00"))
                    .requester("kebede", "ON_CALL")
                    .incident(incident -> incident.type(IncidentType.API_ERRORS).apiErrorRate(0.072)
                            .summary("5xx after 17:40 deploy"))
                    .build();

            assertEquals(json, built);
        }

        @Test
        void aDeploymentWithEveryFieldSet() {
            DeploymentRequest built = DeploymentRequest.builder()
                    .id("DEP-7")
                    .at(time("2030-07-04T10:30:00+02:00"))
                    .source("release").target("prod")
                    .requester("ana", "DEVELOPER")
                    .change(change -> change.summary("Faster checkout").type(ChangeType.FEATURE).severity(Severity.P3)
                            .major(false).breaking(false).paymentRelated(true).databaseMigrations(false)
                            .author("ana").headCommit("c0ffee1").branchedFrom("develop").labels("checkout"))
                    .approval(approval -> approval.by("lee").role("TECH_LEAD").verdict(Verdict.APPROVED)
                            .commit("c0ffee1").channel(Channel.PULL_REQUEST).at(time("2030-07-04T09:58:00+02:00")))
                    .approval(approval -> approval.by("max").role("CEO").verdict(Verdict.REJECTED)
                            .commit("c0ffee1").channel(Channel.VERBAL).reference("PR description")
                            .at(time("2030-07-04T10:01:00+02:00")))
                    .reviews(2, true)
                    .check("unit-tests", CheckStatus.PASSED)
                    .check("dr-drill", CheckStatus.PENDING)
                    .checklist(list -> list.securityScanCompleted(true).criticalVulnerabilities(0).stagingVerified(true)
                            .migrationsReviewed(false).rollbackPlanDocumented(true))
                    .waiver(waiver -> waiver.rule("advice.one").by("lee").reason("known"))
                    .build();

            assertEquals(PolicyJson.readRequest(Requests.text(Requests.deploymentJson())), built);
        }

        @Test
        void aRollbackWithEveryFieldSet() {
            RollbackRequest built = RollbackRequest.builder()
                    .id("RB-3")
                    .at(time("2030-07-04T18:05:00+02:00"))
                    .requester("kai", "ON_CALL")
                    .incident(incident -> incident.type(IncidentType.API_ERRORS).apiErrorRate(0.2)
                            .summary("5xx after the deploy"))
                    .approval(approval -> approval.by("lee").role("TECH_LEAD").verdict(Verdict.APPROVED))
                    .waiver(waiver -> waiver.rule("rollback.tech-lead").subject("lee").by("ceo").reason("drill"))
                    .build();

            PolicyRequest json = PolicyJson.readRequest(Requests.text(Requests.with(Requests.rollbackJson(),
                    "/waivers/0", "{\"rule\": \"rollback.tech-lead\", \"subject\": \"lee\", \"by\": \"ceo\","
                            + " \"reason\": \"drill\"}")));
            assertEquals(json, built);
        }

        /**
         * Each request in {@code policy-examples/samples}, built in Java. A sample added there without a builder
         * here fails, so that every real example keeps being one a builder can write.
         */
        @TestFactory
        Stream<DynamicTest> theExamplesShippedWithTheCommandLine() throws IOException {
            Map<String, Supplier<PolicyRequest>> builders = Map.of(
                    "breaking-change-pending-ceo.json", () -> DeploymentRequest.builder()
                            .id("DEP-1043").at(time("2026-11-25T11:00:00+03:00"))
                            .source("staging").target("main")
                            .requester("abebe", "DEVELOPER")
                            .change(change -> change.major(false)
                                    .summary("Refunds through the payment gateway (API v2, breaking)")
                                    .type(ChangeType.FEATURE).breaking(true).paymentRelated(true)
                                    .databaseMigrations(true).author("abebe").headCommit("9f2c1e7").branchedFrom("dev"))
                            .approval(approval -> approval.by("selam").role("TECH_LEAD").verdict(Verdict.APPROVED)
                                    .commit("9f2c1e7").at(time("2026-11-25T09:58:00+03:00")))
                            .reviews(1, true)
                            .check("api-tests", CheckStatus.PASSED)
                            .check("disaster-recovery-test", CheckStatus.PASSED)
                            .check("payment-reconciliation", CheckStatus.PASSED)
                            .checklist(RequestBuildersTest::allDone)
                            .build(),
                    "critical-fix-friday.json", () -> DeploymentRequest.builder()
                            .id("DEP-1044").at(time("2026-11-27T11:00:00+03:00"))
                            .source("staging").target("main")
                            .requester("hana", "DEVELOPER")
                            .change(change -> change.major(false).breaking(false).paymentRelated(false).databaseMigrations(false)
                                    .summary("Fix receipts showing the wrong currency (P2, customers affected)")
                                    .type(ChangeType.FIX).severity(Severity.P2)
                                    .author("hana").headCommit("a1b2c3d").branchedFrom("dev"))
                            .approval(approval -> approval.by("selam").role("TECH_LEAD").verdict(Verdict.APPROVED)
                                    .commit("a1b2c3d").at(time("2026-11-27T10:40:00+03:00")))
                            .reviews(1, true)
                            .check("api-tests", CheckStatus.PASSED)
                            .check("disaster-recovery-test", CheckStatus.PASSED)
                            .checklist(RequestBuildersTest::allDone)
                            .build(),
                    "friday-feature.json", () -> release("DEP-1041", "2026-11-27T10:00:00+03:00",
                            "New onboarding screens", "77d0e3f", "2026-11-27T09:15:00+03:00"),
                    "normal-tuesday-release.json", () -> release("DEP-1040", "2026-11-24T10:30:00+03:00",
                            "Search results sorted by relevance", "4be1a2c", "2026-11-24T09:40:00+03:00"),
                    "p1-hotfix-saturday-night.json", () -> DeploymentRequest.builder()
                            .id("DEP-1042").at(time("2026-11-28T23:10:00+03:00"))
                            .source("hotfix/payment-timeouts").target("main")
                            .requester("dawit", "DEVELOPER", "ON_CALL")
                            .change(change -> change.major(false).breaking(false).databaseMigrations(false)
                                    .summary("Raise the payment gateway timeout; payments failing since 22:30")
                                    .type(ChangeType.HOTFIX).severity(Severity.P1).paymentRelated(true)
                                    .author("dawit").headCommit("c0ffee1").branchedFrom("main").labels("HOTFIX"))
                            .approval(approval -> approval.by("selam").role("TECH_LEAD").verdict(Verdict.APPROVED)
                                    .commit("c0ffee1").channel(Channel.VERBAL)
                                    .reference("PR #311 description: approved by phone at 23:02")
                                    .at(time("2026-11-28T23:02:00+03:00")))
                            .reviews(1, true)
                            .check("api-tests", CheckStatus.PASSED)
                            .checklist(list -> list.criticalVulnerabilities(0).migrationsReviewed(true)
                                    .rollbackPlanDocumented(true))
                            .build(),
                    "rollback-api-errors.json", () -> RollbackRequest.builder()
                            .id("RB-77").at(time("2026-11-24T18:05:00+03:00"))
                            .requester("kebede", "ON_CALL")
                            .incident(incident -> incident.type(IncidentType.API_ERRORS).apiErrorRate(0.072)
                                    .summary("5xx after the 17:40 deploy"))
                            .build(),
                    "rollback-customer-bug.json", () -> RollbackRequest.builder()
                            .id("RB-80").at(time("2026-11-26T15:00:00+03:00"))
                            .requester("kebede", "ON_CALL")
                            .incident(incident -> incident.type(IncidentType.CUSTOMER_BUG)
                                    .summary("Receipts show the wrong currency"))
                            .approval(approval -> approval.by("selam").role("TECH_LEAD").verdict(Verdict.APPROVED)
                                    .channel(Channel.PULL_REQUEST).at(time("2026-11-26T14:55:00+03:00")))
                            .build(),
                    "rollback-payment-failures.json", () -> RollbackRequest.builder()
                            .id("RB-78").at(time("2026-11-25T13:20:00+03:00"))
                            .requester("kebede", "ON_CALL")
                            .incident(incident -> incident.type(IncidentType.PAYMENT_FAILURES)
                                    .summary("Card payments declined since 13:05"))
                            .build(),
                    "rollback-security-incident.json", () -> RollbackRequest.builder()
                            .id("RB-79").at(time("2026-11-26T02:40:00+03:00"))
                            .requester("hana", "DEVELOPER")
                            .incident(incident -> incident.type(IncidentType.SECURITY_INCIDENT)
                                    .summary("Session tokens logged in plain text"))
                            .build());

            Path samples = Path.of("../policy-examples/samples");
            List<Path> files;
            try (Stream<Path> listing = Files.list(samples)) {
                files = listing.filter(file -> file.toString().endsWith(".json")).sorted().toList();
            }
            assertEquals(new TreeSet<>(builders.keySet()),
                    new TreeSet<>(files.stream().map(file -> file.getFileName().toString()).toList()),
                    "a builder for each sample in " + samples);
            return files.stream().map(file -> dynamicTest(file.getFileName().toString(), () ->
                    assertEquals(PolicyJson.readRequest(Files.readString(file)),
                            builders.get(file.getFileName().toString()).get())));
        }

        /** A feature released from staging with one Tech Lead approval, as the plain samples are. */
        private static DeploymentRequest release(String id, String at, String summary, String commit,
                String approvedAt) {
            return DeploymentRequest.builder()
                    .id(id).at(time(at))
                    .source("staging").target("main")
                    .requester("abebe", "DEVELOPER")
                    .change(change -> change.major(false).breaking(false).paymentRelated(false).databaseMigrations(false)
                            .summary(summary).type(ChangeType.FEATURE)
                            .author("abebe").headCommit(commit).branchedFrom("dev"))
                    .approval(approval -> approval.by("selam").role("TECH_LEAD").verdict(Verdict.APPROVED)
                            .commit(commit).at(time(approvedAt)))
                    .reviews(1, true)
                    .check("api-tests", CheckStatus.PASSED)
                    .check("disaster-recovery-test", CheckStatus.PASSED)
                    .checklist(RequestBuildersTest::allDone)
                    .build();
        }
    }

    private static void allDone(Checklist.Builder list) {
        list.securityScanCompleted(true).criticalVulnerabilities(0).stagingVerified(true).migrationsReviewed(true)
                .rollbackPlanDocumented(true);
    }

    /** A setter given a bad argument throws at once, naming the setting. */
    @TestFactory
    Stream<DynamicTest> eachSetterRejectsABadArgumentAtOnceNamingTheSetting() {
        DeploymentRequest.Builder d = DeploymentRequest.builder();
        RollbackRequest.Builder r = RollbackRequest.builder();
        return Stream.of(
                npe("id must not be null", () -> d.id(null)),
                npe("at must not be null (leave it unset for the policy's clock)", () -> d.at(null)),
                npe("source must not be null", () -> d.source(null)),
                npe("target must not be null", () -> d.target(null)),
                npe("requester.id must not be null", () -> d.requester(null, "DEVELOPER")),
                npe("requester.roles must not be null", () -> d.requester("ana", (String[]) null)),
                npe("requester.roles[1] must not be null", () -> d.requester("ana", "DEVELOPER", null)),
                npe("change must not be null", () -> d.change(null)),
                npe("change.summary must not be null", () -> d.change(c -> c.summary(null))),
                npe("change.type must not be null", () -> d.change(c -> c.type(null))),
                npe("change.severity must not be null (leave it unset when the change answers no incident)",
                        () -> d.change(c -> c.severity(null))),
                npe("change.author must not be null", () -> d.change(c -> c.author(null))),
                npe("change.headCommit must not be null", () -> d.change(c -> c.headCommit(null))),
                npe("change.branchedFrom must not be null", () -> d.change(c -> c.branchedFrom(null))),
                npe("change.labels must not be null", () -> d.change(c -> c.labels((String[]) null))),
                npe("change.labels[0] must not be null", () -> d.change(c -> c.labels(null, "HOTFIX"))),
                npe("approval must not be null", () -> d.approval(null)),
                npe("approvals[0].by must not be null", () -> d.approval(a -> a.by(null))),
                npe("approvals[0].role must not be null", () -> d.approval(a -> a.role(null))),
                npe("approvals[0].verdict must not be null", () -> d.approval(a -> a.verdict(null))),
                npe("approvals[0].commit must not be null", () -> d.approval(a -> a.commit(null))),
                npe("approvals[0].channel must not be null", () -> d.approval(a -> a.channel(null))),
                npe("approvals[0].reference must not be null", () -> d.approval(a -> a.reference(null))),
                npe("approvals[0].at must not be null", () -> d.approval(a -> a.at(null))),
                npe("approvals[1].by must not be null", () -> DeploymentRequest.builder()
                        .approval(a -> a.by("lee")).approval(a -> a.by(null))),
                iae("reviews.approving must not be negative; was -1", () -> d.reviews(-1, false)),
                npe("check name must not be null", () -> d.check(null, CheckStatus.PASSED)),
                npe("checks.api-tests must not be null", () -> d.check("api-tests", null)),
                iae("checks.api-tests is already set, to PASSED", () -> DeploymentRequest.builder()
                        .check("api-tests", CheckStatus.PASSED).check("api-tests", CheckStatus.FAILED)),
                npe("checklist must not be null", () -> d.checklist(null)),
                iae("checklist.criticalVulnerabilities must not be negative; was -2",
                        () -> d.checklist(c -> c.criticalVulnerabilities(-2))),
                npe("waiver must not be null", () -> d.waiver(null)),
                npe("waivers[0].rule must not be null", () -> d.waiver(w -> w.rule(null))),
                npe("waivers[0].subject must not be null", () -> d.waiver(w -> w.subject(null))),
                npe("waivers[0].by must not be null", () -> d.waiver(w -> w.by(null))),
                npe("waivers[0].reason must not be null", () -> d.waiver(w -> w.reason(null))),
                npe("id must not be null", () -> r.id(null)),
                npe("at must not be null (leave it unset for the policy's clock)", () -> r.at(null)),
                npe("requester.id must not be null", () -> r.requester(null)),
                npe("requester.roles[0] must not be null", () -> r.requester("kai", (String) null)),
                npe("incident must not be null", () -> r.incident(null)),
                npe("incident.type must not be null", () -> r.incident(i -> i.type(null))),
                npe("incident.summary must not be null", () -> r.incident(i -> i.summary(null))),
                iae("incident.apiErrorRate must be a fraction from 0 to 1 (0.072 is 7.2 %); was 7.2",
                        () -> r.incident(i -> i.apiErrorRate(7.2))),
                iae("incident.apiErrorRate must be a fraction from 0 to 1 (0.072 is 7.2 %); was -0.1",
                        () -> r.incident(i -> i.apiErrorRate(-0.1))),
                iae("incident.apiErrorRate must be a fraction from 0 to 1 (0.072 is 7.2 %); was NaN",
                        () -> r.incident(i -> i.apiErrorRate(Double.NaN))),
                npe("approval must not be null", () -> r.approval(null)),
                npe("approvals[0].by must not be null", () -> r.approval(a -> a.by(null))),
                npe("waiver must not be null", () -> r.waiver(null)),
                npe("waivers[0].reason must not be null", () -> r.waiver(w -> w.reason(null))));
    }

    private static DynamicTest npe(String message, Executable setter) {
        return dynamicTest(message, () -> assertEquals(message,
                assertThrows(NullPointerException.class, setter).getMessage()));
    }

    private static DynamicTest iae(String message, Executable setter) {
        return dynamicTest(message, () -> assertEquals(message,
                assertThrows(IllegalArgumentException.class, setter).getMessage()));
    }

    @Nested
    class BuildNamesEveryMissingFieldByItsPath {

        @Test
        void aDeploymentBuilderThatForgotTheHeadCommitSaysSo() {
            DeploymentRequest.Builder forgetful = DeploymentRequest.builder()
                    .id("DEP-7").source("release").target("prod").requester("ana")
                    .change(change -> change.major(false).breaking(false).paymentRelated(false).databaseMigrations(false)
                            .type(ChangeType.FEATURE).author("ana"));

            InvalidRequestException error = assertThrows(InvalidRequestException.class, forgetful::build);

            assertEquals(List.of(new RequestProblem("$.change.headCommit", "required")), error.problems());
        }

        @Test
        void anEmptyDeployment() {
            InvalidRequestException error = assertThrows(InvalidRequestException.class,
                    () -> DeploymentRequest.builder().build());

            assertEquals(paths("$.change", "$.id", "$.requester", "$.source", "$.target"), pathsOf(error));
        }

        @Test
        void anEmptyChangeApprovalAndWaiverOfADeployment() {
            InvalidRequestException error = assertThrows(InvalidRequestException.class, () -> DeploymentRequest.builder()
                    .id("DEP-7").source("release").target("prod").requester("ana")
                    .change(change -> { })
                    .approval(approval -> { })
                    .waiver(waiver -> { })
                    .build());

            assertEquals(paths("$.change.type", "$.change.author", "$.change.headCommit", "$.change.major",
                    "$.change.breaking", "$.change.paymentRelated", "$.change.databaseMigrations",
                    "$.approvals[0].by", "$.approvals[0].role", "$.approvals[0].verdict", "$.approvals[0].commit",
                    "$.waivers[0].rule", "$.waivers[0].by", "$.waivers[0].reason"), pathsOf(error));
        }

        @Test
        void anEmptyRollback() {
            InvalidRequestException error = assertThrows(InvalidRequestException.class,
                    () -> RollbackRequest.builder().build());

            assertEquals(paths("$.id", "$.incident", "$.requester"), pathsOf(error));
        }

        @Test
        void anEmptyIncidentApprovalAndWaiverOfARollback() {
            InvalidRequestException error = assertThrows(InvalidRequestException.class, () -> RollbackRequest.builder()
                    .id("RB-3").requester("kai")
                    .incident(incident -> { })
                    .approval(approval -> { })
                    .waiver(waiver -> { })
                    .build());

            assertEquals(paths("$.incident.type", "$.approvals[0].by", "$.approvals[0].role",
                    "$.approvals[0].verdict", "$.waivers[0].rule", "$.waivers[0].by", "$.waivers[0].reason"),
                    pathsOf(error));
        }

        @Test
        void anApiErrorsIncidentWithoutItsRate() {
            InvalidRequestException error = assertThrows(InvalidRequestException.class, () -> minimalRollback()
                    .incident(incident -> incident.type(IncidentType.API_ERRORS))
                    .build());

            assertEquals(paths("$.incident.apiErrorRate"), pathsOf(error));
        }

        @Test
        void whatTheContractForbidsBeyondMissingFieldsAsEvaluateDoes() {
            DeploymentRequest.Builder builder = minimalDeployment()
                    .id(" ")
                    .requester("ana", "developer")
                    .change(change -> change.major(false).breaking(false).paymentRelated(false).databaseMigrations(false)
                            .labels("ok", "\u200B"))
                    .approval(approval -> approval.by("lee").role("TECH_LEAD").verdict(Verdict.APPROVED)
                            .commit("c0ffee1").at(time("2030-07-04T09:58:00+02:00").withYear(10_000)));

            InvalidRequestException error = assertThrows(InvalidRequestException.class, builder::build);

            assertEquals(paths("$.id", "$.requester.roles[0]", "$.change.labels[1]", "$.approvals[0].at"),
                    pathsOf(error));
            DeploymentRequest unchecked = new DeploymentRequest(" ", Optional.empty(), "release", "prod",
                    new Requester("ana", List.of("developer")), new Change(null, ChangeType.FEATURE, null, false,
                    false, false, false, "ana", "c0ffee1", null, List.of("ok", "\u200B")),
                    List.of(new Approval("lee", "TECH_LEAD", Verdict.APPROVED, Optional.of("c0ffee1"), null, null,
                            Optional.of(time("2030-07-04T09:58:00+02:00").withYear(10_000)))), null, null, null, null);
            InvalidRequestException evaluated = assertThrows(InvalidRequestException.class,
                    () -> TestPolicies.core().evaluate(unchecked));
            assertEquals(evaluated.problems(), error.problems(), "build() reports what evaluate() reports");
        }
    }

    @Nested
    class WhatIsNotSetIsWhatAnAbsentJsonFieldMeans {

        @Test
        void aDeploymentWithOnlyWhatIsRequired() {
            DeploymentRequest request = minimalDeployment().build();

            assertAll(
                    () -> assertEquals(Optional.empty(), request.at()),
                    () -> assertEquals(List.of(), request.requester().roles()),
                    () -> assertEquals(List.of(), request.approvals()),
                    () -> assertEquals(Reviews.NONE, request.reviews()),
                    () -> assertEquals(Map.of(), request.checks()),
                    () -> assertEquals(Checklist.UNKNOWN, request.checklist()),
                    () -> assertEquals(List.of(), request.waivers()),
                    () -> assertEquals(new Change(Optional.empty(), ChangeType.FEATURE, Optional.empty(), false, false,
                            false, false, "ana", "c0ffee1", Optional.empty(), List.of()), request.change()));
            assertEquals(PolicyJson.readRequest("""
                    { "kind": "DEPLOYMENT", "id": "DEP-7", "source": "release", "target": "prod",
                      "requester": { "id": "ana" },
                      "change": { "type": "FEATURE", "major": false, "breaking": false, "paymentRelated": false,
                                  "databaseMigrations": false, "author": "ana", "headCommit": "c0ffee1" } }"""),
                    request);
        }

        @Test
        void anApprovalWithOnlyWhatIsRequiredCameThroughThePullRequest() {
            DeploymentRequest request = minimalDeployment()
                    .approval(approval -> approval.by("lee").role("TECH_LEAD").verdict(Verdict.APPROVED).commit("c0ffee1"))
                    .build();

            assertEquals(new Approval("lee", "TECH_LEAD", Verdict.APPROVED, Optional.of("c0ffee1"),
                    Channel.PULL_REQUEST, Optional.empty(), Optional.empty()), request.approvals().get(0));
        }

        @Test
        void aChecklistItemNotSetIsUnknown() {
            assertEquals(Checklist.UNKNOWN, minimalDeployment().checklist(list -> { }).build().checklist());
            assertEquals(new Checklist(Optional.empty(), OptionalInt.of(0), Optional.empty(), Optional.empty(),
                            Optional.empty()),
                    minimalDeployment().checklist(list -> list.criticalVulnerabilities(0)).build().checklist());
        }

        @Test
        void aRollbackWithOnlyWhatIsRequired() {
            RollbackRequest request = minimalRollback().build();

            assertEquals(new RollbackRequest("RB-3", Optional.empty(), new Requester("kai", List.of()),
                    new Incident(IncidentType.CUSTOMER_BUG, OptionalDouble.empty(), Optional.empty()), List.of(),
                    List.of()), request);
        }
    }

    @Test
    void describingTheChangeOrChecklistAgainGoesOnDescribingTheSameOne() {
        DeploymentRequest request = DeploymentRequest.builder()
                .id("DEP-7").source("release").target("prod").requester("ana")
                .change(change -> change.major(false).breaking(false).paymentRelated(false).databaseMigrations(false)
                        .type(ChangeType.FEATURE).author("ana"))
                .change(change -> change.major(false).breaking(false).paymentRelated(false).databaseMigrations(false)
                        .headCommit("c0ffee1").author("bo"))
                .checklist(list -> list.stagingVerified(true))
                .checklist(list -> list.criticalVulnerabilities(1))
                .build();

        assertEquals("bo", request.change().author());
        assertEquals("c0ffee1", request.change().headCommit());
        assertEquals(ChangeType.FEATURE, request.change().type());
        assertEquals(new Checklist(Optional.empty(), OptionalInt.of(1), Optional.of(true), Optional.empty(),
                Optional.empty()), request.checklist());
    }

    @Nested
    class ABuiltRequestDoesNotChangeWithItsBuilderOrItsArguments {

        @Test
        void arraysGivenToSettersAreCopied() {
            String[] roles = {"DEVELOPER"};
            String[] labels = {"checkout"};
            DeploymentRequest.Builder builder = minimalDeployment()
                    .requester("ana", roles)
                    .change(change -> change.major(false).breaking(false).paymentRelated(false).databaseMigrations(false)
                            .labels(labels));

            roles[0] = "CEO";
            labels[0] = "changed";
            DeploymentRequest request = builder.build();

            assertEquals(List.of("DEVELOPER"), request.requester().roles());
            assertEquals(List.of("checkout"), request.change().labels());
        }

        @Test
        void buildingOnAfterBuildChangesNothingBuilt() {
            DeploymentRequest.Builder builder = minimalDeployment()
                    .approval(approval -> approval.by("lee").role("TECH_LEAD").verdict(Verdict.APPROVED).commit("c0ffee1"))
                    .check("unit-tests", CheckStatus.PASSED)
                    .waiver(waiver -> waiver.rule("advice.one").by("lee").reason("known"));
            DeploymentRequest first = builder.build();
            DeploymentRequest copy = builder.build();

            builder.approval(approval -> approval.by("max").role("CEO").verdict(Verdict.APPROVED).commit("c0ffee1"))
                    .check("dr-drill", CheckStatus.PENDING)
                    .waiver(waiver -> waiver.rule("advice.two").by("lee").reason("known"))
                    .change(change -> change.major(false).breaking(false).paymentRelated(false).databaseMigrations(false)
                            .author("bo").labels("late"))
                    .checklist(list -> list.stagingVerified(true))
                    .reviews(3, true);

            assertEquals(copy, first);
            assertEquals(1, first.approvals().size());
            assertEquals(Set.of("unit-tests"), first.checks().keySet());
            assertEquals(1, first.waivers().size());
            assertEquals("ana", first.change().author());
            assertEquals(Checklist.UNKNOWN, first.checklist());
            assertEquals(Reviews.NONE, first.reviews());
            assertEquals(2, builder.build().approvals().size());
        }

        @Test
        void aRollbackBuiltDoesNotChangeEither() {
            RollbackRequest.Builder builder = minimalRollback()
                    .approval(approval -> approval.by("lee").role("TECH_LEAD").verdict(Verdict.APPROVED));
            RollbackRequest first = builder.build();

            builder.approval(approval -> approval.by("max").role("CEO").verdict(Verdict.APPROVED))
                    .waiver(waiver -> waiver.rule("rollback.tech-lead").by("lee").reason("drill"))
                    .incident(incident -> incident.summary("later"));

            assertEquals(1, first.approvals().size());
            assertEquals(List.of(), first.waivers());
            assertEquals(Optional.empty(), first.incident().summary());
        }

        @Test
        void theListsOfABuiltRequestCannotBeChanged() {
            DeploymentRequest request = minimalDeployment()
                    .approval(approval -> approval.by("lee").role("TECH_LEAD").verdict(Verdict.APPROVED).commit("c0ffee1"))
                    .check("unit-tests", CheckStatus.PASSED)
                    .build();

            assertThrows(UnsupportedOperationException.class, () -> request.approvals().clear());
            assertThrows(UnsupportedOperationException.class, () -> request.checks().clear());
            assertThrows(UnsupportedOperationException.class, () -> request.change().labels().add("x"));
            assertTrue(request.waivers().isEmpty());
        }
    }
}
