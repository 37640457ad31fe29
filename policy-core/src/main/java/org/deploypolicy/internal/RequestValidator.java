package org.deploypolicy.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.deploypolicy.Approval;
import org.deploypolicy.Change;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.IncidentType;
import org.deploypolicy.InvalidRequestException;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.RequestProblem;
import org.deploypolicy.RollbackRequest;
import org.deploypolicy.Waiver;

/**
 * Checks a request's records against the contract: required fields, limits, role names, the years of times,
 * text that is Unicode (no unpaired surrogate), what a deployment and a rollback each need. Requests built in
 * Java and requests read from JSON pass the same checks; every problem is reported with its JSON path.
 */
final class RequestValidator {
    /** Longest string the contract allows. */
    static final int MAX_STRING = 10_000;
    /** Most items of one list (approvals, labels, checks, roles, waivers). */
    static final int MAX_ITEMS = 1_000;
    /**
     * The years a time may name: ISO-8601's four-digit years. Deciding works the time out in the policy's zone
     * and looks a year past it, which {@code java.time} cannot do near the end of its range.
     */
    private static final int FIRST_YEAR = 1;
    private static final int LAST_YEAR = 9999;

    private final StrictReader out;

    private RequestValidator(StrictReader out) {
        this.out = out;
    }

    /**
     * Checks a request.
     *
     * @throws InvalidRequestException naming every field that is wrong
     */
    static void validate(PolicyRequest request) {
        StrictReader problems = new StrictReader();
        check(request, problems);
        throwIfAny(problems);
    }

    static void check(PolicyRequest request, StrictReader problems) {
        RequestValidator validator = new RequestValidator(problems);
        if (request == null) {
            problems.problem("$", "required: a request");
        } else if (request instanceof DeploymentRequest deployment) {
            validator.deployment(deployment);
        } else if (request instanceof RollbackRequest rollback) {
            validator.rollback(rollback);
        }
    }

    static void throwIfAny(StrictReader problems) {
        if (!problems.issues().isEmpty()) {
            throw new InvalidRequestException(problems.issues().stream()
                    .map(issue -> new RequestProblem(issue.path(), issue.message())).toList());
        }
    }

    private void deployment(DeploymentRequest r) {
        name("$.id", "", r.id());
        r.at().ifPresent(at -> time("$.at", "", at));
        name("$.source", "", r.source());
        name("$.target", "", r.target());
        requester(r);
        Change c = r.change();
        if (required("$.change", "", c)) {
            required("$.change.type", "", c.type());
            c.summary().ifPresent(s -> text("$.change.summary", "", s));
            name("$.change.author", "", c.author());
            name("$.change.headCommit", "", c.headCommit());
            c.branchedFrom().ifPresent(b -> name("$.change.branchedFrom", "", b));
            strings("$.change.labels", c.labels());
        }
        approvals(r.approvals(), true);
        if (r.reviews().approving() < 0) {
            out.problem("$.reviews.approving", "must be 0 or more; was " + r.reviews().approving());
        }
        checks(r.checks());
        r.checklist().criticalVulnerabilities().ifPresent(n -> {
            if (n < 0) {
                out.problem("$.checklist.criticalVulnerabilities", "must be 0 or more; was " + n);
            }
        });
        waivers(r.waivers());
        attributes(r.attributes());
    }

    /** A team's text values are text as the contract's are: within the length limit, with no unpaired surrogate. */
    private void attributes(Map<String, Object> attributes) {
        attributes.forEach((name, value) -> {
            if (value instanceof String text) {
                text("$.attributes.", name, text);
            } else if (value instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i) instanceof String text) {
                        text("$.attributes." + name, "[" + i + "]", text);
                    }
                }
            }
        });
    }

    private void rollback(RollbackRequest r) {
        name("$.id", "", r.id());
        r.at().ifPresent(at -> time("$.at", "", at));
        requester(r);
        if (required("$.incident", "", r.incident())) {
            required("$.incident.type", "", r.incident().type());
            r.incident().summary().ifPresent(s -> text("$.incident.summary", "", s));
            if (r.incident().apiErrorRate().isPresent()) {
                double rate = r.incident().apiErrorRate().getAsDouble();
                if (!(rate >= 0 && rate <= 1)) {
                    out.problem("$.incident.apiErrorRate", "must be a fraction from 0 to 1 (0.072 is 7.2 %); was "
                            + rate);
                }
            } else if (r.incident().type() == IncidentType.API_ERRORS) {
                out.problem("$.incident.apiErrorRate", "required for API_ERRORS: the error rate, a fraction from 0 to 1");
            }
        }
        approvals(r.approvals(), false);
        waivers(r.waivers());
        attributes(r.attributes());
    }

    private void requester(PolicyRequest r) {
        if (required("$.requester", "", r.requester())) {
            name("$.requester.id", "", r.requester().id());
            roles("$.requester.roles", r.requester().roles());
        }
    }

    private void approvals(List<Approval> approvals, boolean needsCommit) {
        if (!items("$.approvals", approvals)) {
            return;
        }
        for (int i = 0; i < approvals.size(); i++) {
            Approval a = approvals.get(i);
            if (a != null && sound(a, needsCommit)) {
                continue;
            }
            String path = StrictReader.index("$.approvals", i);
            if (!required(path, "", a)) {
                continue;
            }
            name(path, ".by", a.by());
            role(path, ".role", a.role());
            required(path, ".verdict", a.verdict());
            if (needsCommit) {
                name(path, ".commit", a.commit().orElse(null));
            } else {
                a.commit().ifPresent(commit -> name(path, ".commit", commit));
            }
            a.reference().ifPresent(ref -> text(path, ".reference", ref));
            a.at().ifPresent(at -> time(path, ".at", at));
        }
    }

    private void checks(Map<String, ?> checks) {
        if (checks.size() > MAX_ITEMS) {
            out.problem("$.checks", "at most " + MAX_ITEMS + " checks; was " + checks.size());
            return;
        }
        checks.forEach((name, status) -> {
            if (name == null || JsonText.isBlank(name)) {
                out.problem("$.checks", "a check name must not be blank");
            } else if (codePoints(name) > MAX_STRING) {
                out.problem("$.checks", "a check name is longer than " + MAX_STRING + " characters");
            } else if (unpairedSurrogate(name) >= 0) {
                out.problem("$.checks", "a check name must be Unicode text; one has an unpaired surrogate");
            } else {
                required("$.checks.", name, status);
            }
        });
    }

    private void waivers(List<Waiver> waivers) {
        if (!items("$.waivers", waivers)) {
            return;
        }
        for (int i = 0; i < waivers.size(); i++) {
            Waiver w = waivers.get(i);
            if (w != null && isName(w.rule()) && w.subject().map(RequestValidator::isText).orElse(true)
                    && isName(w.by()) && isName(w.reason())) {
                continue;
            }
            String path = StrictReader.index("$.waivers", i);
            if (required(path, "", w)) {
                name(path, ".rule", w.rule());
                w.subject().ifPresent(s -> text(path, ".subject", s));
                name(path, ".by", w.by());
                name(path, ".reason", w.reason());
            }
        }
    }

    private void roles(String path, List<String> roles) {
        if (items(path, roles)) {
            for (int i = 0; i < roles.size(); i++) {
                if (!isName(roles.get(i)) || !isRoleName(roles.get(i))) {
                    role(StrictReader.index(path, i), "", roles.get(i));
                }
            }
        }
    }

    private void role(String path, String field, String role) {
        if (name(path, field, role) && !isRoleName(role)) {
            out.problem(path + field, "must be a role name in upper case (TECH_LEAD, CEO, ON_CALL, ...); was \""
                    + role + "\"");
        }
    }

    private void strings(String path, List<String> values) {
        if (items(path, values)) {
            for (int i = 0; i < values.size(); i++) {
                if (!isName(values.get(i))) {
                    name(StrictReader.index(path, i), "", values.get(i));
                }
            }
        }
    }

    private boolean items(String path, List<?> list) {
        if (list.size() > MAX_ITEMS) {
            out.problem(path, "at most " + MAX_ITEMS + " items; was " + list.size());
            return false;
        }
        return true;
    }

    private void time(String path, String field, OffsetDateTime time) {
        if (time.getYear() < FIRST_YEAR || time.getYear() > LAST_YEAR) {
            out.problem(path + field, "must be a time from year " + FIRST_YEAR + " to " + LAST_YEAR + "; was " + time);
        } else if (time.getOffset().getTotalSeconds() % 60 != 0) {
            out.problem(path + field, "must have an offset of whole minutes (+hh:mm); was " + time);
        }
    }

    private boolean required(String path, String field, Object value) {
        if (value == null) {
            out.problem(path + field, "required");
            return false;
        }
        return true;
    }

    /** A required string that is not blank and within the length limit. */
    private boolean name(String path, String field, String value) {
        if (!required(path, field, value) || !text(path, field, value)) {
            return false;
        }
        if (JsonText.isBlank(value)) {
            out.problem(path + field, "must not be blank (white space, control and format characters alone name nothing)");
            return false;
        }
        return true;
    }

    private boolean text(String path, String field, String value) {
        int length = codePoints(value);
        if (length > MAX_STRING) {
            out.problem(path + field, "at most " + MAX_STRING + " characters; was " + length);
            return false;
        }
        int unpaired = unpairedSurrogate(value);
        if (unpaired >= 0) {
            out.problem(path + field, "must be Unicode text; has an unpaired surrogate at character " + unpaired);
            return false;
        }
        return true;
    }

    /*
     * What the checks above accept, without building a path: a request's items are checked on this fast path, and
     * only one at fault goes through the checks that name it.
     */

    private static boolean sound(Approval a, boolean needsCommit) {
        return isName(a.by()) && isName(a.role()) && isRoleName(a.role()) && a.verdict() != null
                && (needsCommit ? a.commit().filter(RequestValidator::isName).isPresent()
                : a.commit().map(RequestValidator::isName).orElse(true))
                && a.reference().map(RequestValidator::isText).orElse(true)
                && a.at().map(RequestValidator::isTime).orElse(true);
    }

    private static boolean isName(String value) {
        return value != null && isText(value) && !JsonText.isBlank(value);
    }

    private static boolean isText(String value) {
        return codePoints(value) <= MAX_STRING && unpairedSurrogate(value) < 0;
    }

    private static boolean isTime(OffsetDateTime time) {
        return time.getYear() >= FIRST_YEAR && time.getYear() <= LAST_YEAR && time.getOffset().getTotalSeconds() % 60 == 0;
    }

    /** The length of a text as the contract counts it: in Unicode code points. */
    private static int codePoints(String text) {
        return text.length() <= MAX_STRING ? text.length() : text.codePointCount(0, text.length());
    }

    /** A role name: an upper-case letter, then upper-case letters, digits and underscores ({@code TECH_LEAD}). */
    static boolean isRoleName(String role) {
        for (int i = 0; i < role.length(); i++) {
            char c = role.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || i > 0 && (c >= '0' && c <= '9' || c == '_'))) {
                return false;
            }
        }
        return !role.isEmpty();
    }

    /**
     * The index of the first UTF-16 surrogate that is not half of a pair, or -1. Such text has no UTF-8 form: written
     * as JSON (to the decision log, say) and read back, it would be another request.
     */
    static int unpairedSurrogate(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
