package org.deploypolicy.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;
import org.deploypolicy.Approval;
import org.deploypolicy.Change;
import org.deploypolicy.ChangeType;
import org.deploypolicy.Channel;
import org.deploypolicy.CheckStatus;
import org.deploypolicy.Checklist;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.Incident;
import org.deploypolicy.IncidentType;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.Requester;
import org.deploypolicy.Reviews;
import org.deploypolicy.RollbackRequest;
import org.deploypolicy.Severity;
import org.deploypolicy.Verdict;
import org.deploypolicy.Waiver;

/**
 * Reads a request from a JSON tree into the records: the shape (unknown fields, types, enum spellings, times)
 * is checked here, everything a Java-built request must satisfy too in {@link RequestValidator}.
 */
final class RequestReader {
    private final StrictReader in;

    RequestReader(StrictReader in) {
        this.in = in;
    }

    /** The request, or null when its kind cannot be told. */
    PolicyRequest read(JsonNode root) {
        if (root == null || !root.isObject()) {
            in.problem("$", "must be a JSON object; was " + StrictReader.describe(root));
            return null;
        }
        JsonNode kind = root.get("kind");
        if (kind == null || kind.isNull()) {
            in.problem("$.kind", "required: DEPLOYMENT or ROLLBACK");
            return null;
        }
        if ("DEPLOYMENT".equals(kind.asText()) && kind.isTextual()) {
            return deployment(root);
        }
        if ("ROLLBACK".equals(kind.asText()) && kind.isTextual()) {
            return rollback(root);
        }
        in.problem("$.kind", "must be one of DEPLOYMENT, ROLLBACK; was " + StrictReader.describe(kind));
        return null;
    }

    private DeploymentRequest deployment(JsonNode root) {
        StrictReader.Obj o = in.object(root, "$", "kind", "id", "at", "source", "target", "requester", "change",
                "approvals", "reviews", "checks", "checklist", "waivers");
        return new DeploymentRequest(
                o.text("id"),
                Optional.ofNullable(o.time("at")),
                o.text("source"),
                o.text("target"),
                requester(o),
                change(o),
                approvals(o),
                reviews(o),
                checks(o),
                checklist(o),
                waivers(o));
    }

    private RollbackRequest rollback(JsonNode root) {
        StrictReader.Obj o = in.object(root, "$", "kind", "id", "at", "requester", "incident", "approvals", "waivers");
        return new RollbackRequest(
                o.text("id"),
                Optional.ofNullable(o.time("at")),
                requester(o),
                incident(o),
                approvals(o),
                waivers(o));
    }

    private Requester requester(StrictReader.Obj parent) {
        StrictReader.Obj o = parent.object("requester", "id", "roles");
        return o == null ? null : new Requester(o.text("id"), o.list("roles", in::text));
    }

    private Change change(StrictReader.Obj parent) {
        StrictReader.Obj o = parent.object("change", "summary", "type", "severity", "major", "breaking",
                "paymentRelated", "databaseMigrations", "author", "headCommit", "branchedFrom", "labels");
        if (o == null) {
            return null;
        }
        return new Change(
                Optional.ofNullable(o.text("summary")),
                o.enumValue("type", ChangeType.class),
                Optional.ofNullable(o.enumValue("severity", Severity.class)),
                requiredFlag(o, "major"),
                requiredFlag(o, "breaking"),
                requiredFlag(o, "paymentRelated"),
                requiredFlag(o, "databaseMigrations"),
                o.text("author"),
                o.text("headCommit"),
                Optional.ofNullable(o.text("branchedFrom")),
                o.list("labels", in::text));
    }

    /** A boolean the records hold as a primitive: absence can only be told here. */
    private boolean requiredFlag(StrictReader.Obj o, String key) {
        Boolean value = o.bool(key);
        if (value == null && !o.has(key)) {
            in.problem(o.path(key), "required: true or false");
        }
        return Boolean.TRUE.equals(value);
    }

    private List<Approval> approvals(StrictReader.Obj parent) {
        return parent.list("approvals", (node, path) -> {
            StrictReader.Obj o = in.object(node, path, "by", "role", "verdict", "commit", "channel", "reference", "at");
            if (o == null) {
                return null;
            }
            return new Approval(
                    o.text("by"),
                    o.text("role"),
                    o.enumValue("verdict", Verdict.class),
                    Optional.ofNullable(o.text("commit")),
                    o.enumValue("channel", Channel.class),
                    Optional.ofNullable(o.text("reference")),
                    Optional.ofNullable(o.time("at")));
        });
    }

    private Reviews reviews(StrictReader.Obj parent) {
        StrictReader.Obj o = parent.object("reviews", "approving", "codeOwnerApproved");
        if (o == null) {
            return null;
        }
        Integer approving = o.integer("approving");
        if (approving == null && !o.has("approving")) {
            in.problem(o.path("approving"), "required: the number of approving reviews");
        }
        return new Reviews(approving == null ? 0 : approving, requiredFlag(o, "codeOwnerApproved"));
    }

    private Map<String, CheckStatus> checks(StrictReader.Obj parent) {
        JsonNode node = parent.get("checks");
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            in.problem(parent.path("checks"), "must be an object of check name to status; was "
                    + StrictReader.describe(node));
            return null;
        }
        Map<String, CheckStatus> checks = new LinkedHashMap<>();
        node.properties().forEach(field -> checks.put(field.getKey(),
                in.enumValue(field.getValue(), parent.path("checks") + "." + field.getKey(), CheckStatus.class)));
        return checks;
    }

    private Checklist checklist(StrictReader.Obj parent) {
        StrictReader.Obj o = parent.object("checklist", "securityScanCompleted", "criticalVulnerabilities",
                "stagingVerified", "migrationsReviewed", "rollbackPlanDocumented");
        if (o == null) {
            return null;
        }
        Integer vulnerabilities = o.integer("criticalVulnerabilities");
        return new Checklist(
                Optional.ofNullable(o.bool("securityScanCompleted")),
                vulnerabilities == null ? OptionalInt.empty() : OptionalInt.of(vulnerabilities),
                Optional.ofNullable(o.bool("stagingVerified")),
                Optional.ofNullable(o.bool("migrationsReviewed")),
                Optional.ofNullable(o.bool("rollbackPlanDocumented")));
    }

    private Incident incident(StrictReader.Obj parent) {
        StrictReader.Obj o = parent.object("incident", "type", "apiErrorRate", "summary");
        if (o == null) {
            return null;
        }
        Double rate = o.number("apiErrorRate");
        return new Incident(
                o.enumValue("type", IncidentType.class),
                rate == null ? OptionalDouble.empty() : OptionalDouble.of(rate),
                Optional.ofNullable(o.text("summary")));
    }

    private List<Waiver> waivers(StrictReader.Obj parent) {
        return parent.list("waivers", (node, path) -> {
            StrictReader.Obj o = in.object(node, path, "rule", "subject", "by", "reason");
            return o == null ? null : new Waiver(o.text("rule"), Optional.ofNullable(o.text("subject")),
                    o.text("by"), o.text("reason"));
        });
    }
}
