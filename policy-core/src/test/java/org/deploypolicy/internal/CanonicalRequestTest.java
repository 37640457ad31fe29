package org.deploypolicy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The canonical form of a request, whose digest the decision log records: compact JSON in the contract's field
 * order, an absent optional field left out, an empty list or object written. It must not change, or the digests
 * of requests logged before no longer match the same requests.
 */
class CanonicalRequestTest {

    @Test
    void aDeploymentIsWrittenInTheContractsOrderWhateverOrderItWasGivenIn() {
        String request = """
                {"waivers": [{"reason": "known", "by": "lee", "subject": "s", "rule": "a.rule"}],
                 "checklist": {"rollbackPlanDocumented": false, "criticalVulnerabilities": 0,
                               "securityScanCompleted": true},
                 "checks": {"unit": "PASSED", "drill": "PENDING"}, "reviews": {"codeOwnerApproved": true, "approving": 2},
                 "approvals": [{"at": "2030-07-04T09:58:00+02:00", "reference": "PR description", "channel": "VERBAL",
                                "commit": "c1", "verdict": "APPROVED", "role": "TECH_LEAD", "by": "lee"}],
                 "change": {"labels": ["checkout"], "branchedFrom": "develop", "headCommit": "c1", "author": "ana",
                            "databaseMigrations": true, "paymentRelated": false, "breaking": true, "major": false,
                            "severity": "P3", "type": "FIX", "summary": "Faster checkout"},
                 "requester": {"roles": ["DEVELOPER"], "id": "ana"}, "target": "prod", "source": "release",
                 "at": "2030-07-04T10:30:00.5+02:00", "id": "DEP-7", "kind": "DEPLOYMENT"}
                """;

        assertEquals("{\"kind\":\"DEPLOYMENT\",\"id\":\"DEP-7\",\"at\":\"2030-07-04T10:30:00.5+02:00\","
                + "\"source\":\"release\",\"target\":\"prod\",\"requester\":{\"id\":\"ana\",\"roles\":[\"DEVELOPER\"]},"
                + "\"change\":{\"summary\":\"Faster checkout\",\"type\":\"FIX\",\"severity\":\"P3\",\"major\":false,"
                + "\"breaking\":true,\"paymentRelated\":false,\"databaseMigrations\":true,\"author\":\"ana\","
                + "\"headCommit\":\"c1\",\"branchedFrom\":\"develop\",\"labels\":[\"checkout\"]},"
                + "\"approvals\":[{\"by\":\"lee\",\"role\":\"TECH_LEAD\",\"verdict\":\"APPROVED\",\"commit\":\"c1\","
                + "\"channel\":\"VERBAL\",\"reference\":\"PR description\",\"at\":\"2030-07-04T09:58:00+02:00\"}],"
                + "\"reviews\":{\"approving\":2,\"codeOwnerApproved\":true},\"checks\":{\"unit\":\"PASSED\",\"drill\":\"PENDING\"},"
                + "\"checklist\":{\"securityScanCompleted\":true,\"criticalVulnerabilities\":0,\"rollbackPlanDocumented\":false},"
                + "\"waivers\":[{\"rule\":\"a.rule\",\"subject\":\"s\",\"by\":\"lee\",\"reason\":\"known\"}]}",
                JsonMapping.canonical(JsonMapping.readRequest(request)));
    }

    @Test
    void aDeploymentWithoutOptionalFieldsHasTheirDefaultsWrittenAndTheRestLeftOut() {
        String request = """
                {"kind": "DEPLOYMENT", "id": "DEP-8", "at": null, "source": "release", "target": "prod",
                 "requester": {"id": "ana"},
                 "change": {"summary": null, "type": "FEATURE", "severity": null, "major": false, "breaking": false,
                            "paymentRelated": false, "databaseMigrations": false, "author": "ana", "headCommit": "c1"},
                 "approvals": [{"by": "lee", "role": "TECH_LEAD", "verdict": "REJECTED", "commit": "c1"}]}
                """;

        assertEquals("{\"kind\":\"DEPLOYMENT\",\"id\":\"DEP-8\",\"source\":\"release\",\"target\":\"prod\","
                + "\"requester\":{\"id\":\"ana\",\"roles\":[]},\"change\":{\"type\":\"FEATURE\",\"major\":false,"
                + "\"breaking\":false,\"paymentRelated\":false,\"databaseMigrations\":false,\"author\":\"ana\","
                + "\"headCommit\":\"c1\",\"labels\":[]},\"approvals\":[{\"by\":\"lee\",\"role\":\"TECH_LEAD\","
                + "\"verdict\":\"REJECTED\",\"commit\":\"c1\",\"channel\":\"PULL_REQUEST\"}],"
                + "\"reviews\":{\"approving\":0,\"codeOwnerApproved\":false},\"checks\":{},\"checklist\":{},\"waivers\":[]}",
                JsonMapping.canonical(JsonMapping.readRequest(request)));
    }

    @Test
    void aRollbackIsWrittenInTheContractsOrder() {
        String request = """
                {"approvals": [{"verdict": "APPROVED", "role": "TECH_LEAD", "by": "lee"}],
                 "incident": {"summary": "5xx after the deploy", "apiErrorRate": 0.072, "type": "API_ERRORS"},
                 "requester": {"roles": ["ON_CALL"], "id": "kai"}, "id": "RB-3", "kind": "ROLLBACK"}
                """;

        assertEquals("{\"kind\":\"ROLLBACK\",\"id\":\"RB-3\",\"requester\":{\"id\":\"kai\",\"roles\":[\"ON_CALL\"]},"
                + "\"incident\":{\"type\":\"API_ERRORS\",\"apiErrorRate\":0.072,\"summary\":\"5xx after the deploy\"},"
                + "\"approvals\":[{\"by\":\"lee\",\"role\":\"TECH_LEAD\",\"verdict\":\"APPROVED\","
                + "\"channel\":\"PULL_REQUEST\"}],\"waivers\":[]}",
                JsonMapping.canonical(JsonMapping.readRequest(request)));
    }
}
