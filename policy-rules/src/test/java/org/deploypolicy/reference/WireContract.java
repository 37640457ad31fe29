package org.deploypolicy.reference;

import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * docs/contract.md's reading rules written a second time, independently of {@code policy-core}'s reader and
 * validator, so that a test can tell whether a mutated request is still one the contract allows. It answers
 * only "valid or not" (with the first reason, for failure messages); which paths the library names is the
 * library's tests' business. Its "Reading rules" as written there: bytes are well-formed UTF-8 (checked here
 * against the Unicode standard's table of well-formed byte sequences, not with a Java decoder), one leading
 * byte-order mark is skipped, nothing but JSON white space follows the value, times follow the RFC 3339 syntax
 * the contract gives, a text is blank when it holds only Unicode {@code White_Space}, control and format
 * characters (as {@code java.util.regex} knows those properties), and lengths count code points. Beyond
 * docs/contract.md's text: a string is Unicode text (no unpaired surrogate).
 */
final class WireContract {
    private static final int MAX_BYTES = 1 << 20;
    private static final int MAX_STRING = 10_000;
    private static final int MAX_ITEMS = 1_000;
    /** Jackson's nesting limit as the library configures it; a valid request nests four levels at most. */
    private static final int MAX_DEPTH = 64;
    /** The years a time may name: four digits, from 0001. */
    private static final int FIRST_YEAR = 1;
    /** The largest offset a time may have, in either direction: 18:00. */
    private static final int MAX_OFFSET_MINUTES = 18 * 60;

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    /** RFC 8259 section 8.1: a parser may ignore a byte order mark before the JSON text; the contract skips one. */
    private static final String BYTE_ORDER_MARK = "\ufeff";
    /** docs/contract.md "Times": {@code YYYY-MM-DDThh:mm[:ss[.fraction]]} then {@code Z} or {@code +hh:mm}/{@code -hh:mm}. */
    private static final Pattern TIME = Pattern.compile("([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2})"
            + "(?::([0-9]{2})(?:\\.[0-9]{1,9})?)?(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))");
    /** docs/contract.md "Blank": empty, or only white space, control and format characters. */
    private static final Pattern BLANK = Pattern.compile("[\\p{IsWhite_Space}\\p{Cc}\\p{Cf}]*");
    private static final Pattern ROLE = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Set<String> CHANGE_TYPES = Set.of("FEATURE", "FIX", "HOTFIX");
    private static final Set<String> SEVERITIES = Set.of("P1", "P2", "P3", "P4");
    private static final Set<String> VERDICTS = Set.of("APPROVED", "REJECTED");
    private static final Set<String> CHANNELS = Set.of("PULL_REQUEST", "VERBAL");
    private static final Set<String> CHECK_STATUSES = Set.of("PASSED", "FAILED", "PENDING");
    private static final Set<String> INCIDENT_TYPES =
            Set.of("API_ERRORS", "PAYMENT_FAILURES", "SECURITY_INCIDENT", "CUSTOMER_BUG");

    private WireContract() {
    }

    /** Why the contract does not allow this JSON text as a request, or null when it does. */
    static String violation(String json) {
        return violation(json, true);
    }

    /** Why the contract does not allow these bytes as a request, or null when it does. */
    static String violation(byte[] json) {
        int malformed = malformedAt(json);
        if (malformed >= 0) {
            return "not UTF-8: byte offset " + malformed;
        }
        return violation(new String(json, StandardCharsets.UTF_8), true);
    }

    /**
     * The offset of the first byte of the first sequence that is not well-formed UTF-8, or -1 when every byte is.
     * The Unicode standard's table 3-7 of well-formed byte sequences: which lead bytes there are, and what range
     * each continuation byte after a given lead may take (no overlong form, no surrogate, nothing past U+10FFFF).
     */
    static int malformedAt(byte[] bytes) {
        int i = 0;
        while (i < bytes.length) {
            int lead = bytes[i] & 0xFF;
            int[][] continuations;
            if (lead <= 0x7F) {
                continuations = new int[0][];
            } else if (lead >= 0xC2 && lead <= 0xDF) {
                continuations = new int[][] {{0x80, 0xBF}};
            } else if (lead == 0xE0) {
                continuations = new int[][] {{0xA0, 0xBF}, {0x80, 0xBF}};
            } else if (lead >= 0xE1 && lead <= 0xEC || lead == 0xEE || lead == 0xEF) {
                continuations = new int[][] {{0x80, 0xBF}, {0x80, 0xBF}};
            } else if (lead == 0xED) {
                continuations = new int[][] {{0x80, 0x9F}, {0x80, 0xBF}};
            } else if (lead == 0xF0) {
                continuations = new int[][] {{0x90, 0xBF}, {0x80, 0xBF}, {0x80, 0xBF}};
            } else if (lead >= 0xF1 && lead <= 0xF3) {
                continuations = new int[][] {{0x80, 0xBF}, {0x80, 0xBF}, {0x80, 0xBF}};
            } else if (lead == 0xF4) {
                continuations = new int[][] {{0x80, 0x8F}, {0x80, 0xBF}, {0x80, 0xBF}};
            } else {
                return i;
            }
            for (int k = 0; k < continuations.length; k++) {
                int at = i + 1 + k;
                if (at >= bytes.length || (bytes[at] & 0xFF) < continuations[k][0]
                        || (bytes[at] & 0xFF) > continuations[k][1]) {
                    return i;
                }
            }
            i += 1 + continuations.length;
        }
        return -1;
    }

    /** Whether a text is blank as docs/contract.md says: empty, or only white space, control and format characters. */
    static boolean isBlank(String text) {
        return BLANK.matcher(text).matches();
    }

    /**
     * Why the contract does not allow this request, written as JSON, or null when it does, leaving out the 1 MiB
     * limit: that one is a limit of JSON text (HTTP answers it with 413), and a request built in Java has none.
     */
    static String fieldViolation(String json) {
        return violation(json, false);
    }

    private static String violation(String json, boolean text) {
        if (!isUnicode(json)) {
            return "text with an unpaired surrogate";
        }
        if (text && json.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "over 1 MiB";
        }
        JsonNode root;
        try {
            root = STRICT.readTree(json.startsWith(BYTE_ORDER_MARK) ? json.substring(1) : json);
        } catch (JsonProcessingException e) {
            return "not JSON, or a duplicate key: " + e.getOriginalMessage();
        }
        if (root == null || depth(root) > MAX_DEPTH) {
            return "empty or nested too deeply";
        }
        try {
            request(root);
            return null;
        } catch (Violation v) {
            return v.getMessage();
        }
    }

    /** Text that has a UTF-8 form: no unpaired surrogate. */
    private static boolean isUnicode(String text) {
        return StandardCharsets.UTF_8.newEncoder().canEncode(text);
    }

    /** Over the length limit, counted in code points. */
    private static boolean tooLong(String text) {
        return text.codePointCount(0, text.length()) > MAX_STRING;
    }

    private static int depth(JsonNode node) {
        int deepest = 0;
        for (JsonNode child : node) {
            deepest = Math.max(deepest, depth(child));
        }
        return node.isContainerNode() ? deepest + 1 : 0;
    }

    private static final class Violation extends RuntimeException {
        Violation(String path, String what) {
            super(path + ": " + what, null, false, false);
        }
    }

    private static void request(JsonNode root) {
        object(root, "$");
        String kind = enumValue(root, "$", "kind", Set.of("DEPLOYMENT", "ROLLBACK"), true);
        if (kind.equals("DEPLOYMENT")) {
            keys(root, "$", "kind", "id", "at", "source", "target", "requester", "change", "approvals", "reviews",
                    "checks", "checklist", "waivers");
            name(root, "$", "source");
            name(root, "$", "target");
            change(required(root, "$", "change"));
            reviews(root.get("reviews"));
            checks(root.get("checks"));
            checklist(root.get("checklist"));
        } else {
            keys(root, "$", "kind", "id", "at", "requester", "incident", "approvals", "waivers");
            incident(required(root, "$", "incident"));
        }
        name(root, "$", "id");
        time(root, "$", "at");
        requester(required(root, "$", "requester"));
        approvals(root.get("approvals"), kind.equals("DEPLOYMENT"));
        waivers(root.get("waivers"));
    }

    private static void requester(JsonNode requester) {
        String path = "$.requester";
        object(requester, path);
        keys(requester, path, "id", "roles");
        name(requester, path, "id");
        list(requester.get("roles"), path + ".roles", WireContract::role);
    }

    private static void change(JsonNode change) {
        String path = "$.change";
        object(change, path);
        keys(change, path, "summary", "type", "severity", "major", "breaking", "paymentRelated",
                "databaseMigrations", "author", "headCommit", "branchedFrom", "labels");
        text(change, path, "summary");
        enumValue(change, path, "type", CHANGE_TYPES, true);
        enumValue(change, path, "severity", SEVERITIES, false);
        for (String flag : List.of("major", "breaking", "paymentRelated", "databaseMigrations")) {
            bool(change, path, flag, true);
        }
        name(change, path, "author");
        name(change, path, "headCommit");
        if (present(change.get("branchedFrom"))) {
            name(change, path, "branchedFrom");
        }
        list(change.get("labels"), path + ".labels", WireContract::nonBlank);
    }

    private static void approvals(JsonNode approvals, boolean deployment) {
        list(approvals, "$.approvals", (a, path) -> {
            object(a, path);
            keys(a, path, "by", "role", "verdict", "commit", "channel", "reference", "at");
            name(a, path, "by");
            role(required(a, path, "role"), path + ".role");
            enumValue(a, path, "verdict", VERDICTS, true);
            if (deployment || present(a.get("commit"))) {
                name(a, path, "commit");
            }
            enumValue(a, path, "channel", CHANNELS, false);
            text(a, path, "reference");
            time(a, path, "at");
        });
    }

    private static void reviews(JsonNode reviews) {
        if (!present(reviews)) {
            return;
        }
        String path = "$.reviews";
        object(reviews, path);
        keys(reviews, path, "approving", "codeOwnerApproved");
        count(reviews, path, "approving", true);
        bool(reviews, path, "codeOwnerApproved", true);
    }

    private static void checks(JsonNode checks) {
        if (!present(checks)) {
            return;
        }
        object(checks, "$.checks");
        if (checks.size() > MAX_ITEMS) {
            throw new Violation("$.checks", "over " + MAX_ITEMS + " checks");
        }
        for (Map.Entry<String, JsonNode> check : checks.properties()) {
            if (isBlank(check.getKey()) || !isUnicode(check.getKey()) || tooLong(check.getKey())) {
                throw new Violation("$.checks", "a check name that is blank, long or not Unicode text");
            }
            enumValue(checks, "$.checks", check.getKey(), CHECK_STATUSES, true);
        }
    }

    private static void checklist(JsonNode checklist) {
        if (!present(checklist)) {
            return;
        }
        String path = "$.checklist";
        object(checklist, path);
        keys(checklist, path, "securityScanCompleted", "criticalVulnerabilities", "stagingVerified",
                "migrationsReviewed", "rollbackPlanDocumented");
        for (String flag : List.of("securityScanCompleted", "stagingVerified", "migrationsReviewed",
                "rollbackPlanDocumented")) {
            bool(checklist, path, flag, false);
        }
        count(checklist, path, "criticalVulnerabilities", false);
    }

    private static void incident(JsonNode incident) {
        String path = "$.incident";
        object(incident, path);
        keys(incident, path, "type", "apiErrorRate", "summary");
        String type = enumValue(incident, path, "type", INCIDENT_TYPES, true);
        JsonNode rate = incident.get("apiErrorRate");
        if (present(rate)) {
            if (!rate.isNumber() || !(rate.doubleValue() >= 0 && rate.doubleValue() <= 1)) {
                throw new Violation(path + ".apiErrorRate", "not a fraction from 0 to 1");
            }
        } else if (type.equals("API_ERRORS")) {
            throw new Violation(path + ".apiErrorRate", "required for API_ERRORS");
        }
        text(incident, path, "summary");
    }

    private static void waivers(JsonNode waivers) {
        list(waivers, "$.waivers", (w, path) -> {
            object(w, path);
            keys(w, path, "rule", "subject", "by", "reason");
            name(w, path, "rule");
            text(w, path, "subject");
            name(w, path, "by");
            name(w, path, "reason");
        });
    }

    private interface Item {
        void check(JsonNode item, String path);
    }

    private static void list(JsonNode list, String path, Item item) {
        if (!present(list)) {
            return;
        }
        if (!list.isArray()) {
            throw new Violation(path, "not a list");
        }
        if (list.size() > MAX_ITEMS) {
            throw new Violation(path, "over " + MAX_ITEMS + " items");
        }
        for (int i = 0; i < list.size(); i++) {
            String at = path + "[" + i + "]";
            if (!present(list.get(i))) {
                throw new Violation(at, "null inside a list");
            }
            item.check(list.get(i), at);
        }
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull();
    }

    private static void object(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new Violation(path, "not an object");
        }
    }

    private static void keys(JsonNode node, String path, String... allowed) {
        Set<String> known = Set.of(allowed);
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw new Violation(path + "." + name, "unknown field");
            }
        });
    }

    private static JsonNode required(JsonNode parent, String path, String key) {
        JsonNode node = parent.get(key);
        if (!present(node)) {
            throw new Violation(path + "." + key, "required");
        }
        return node;
    }

    /** An optional string within the length limit (blank allowed); returns it, or null when absent. */
    private static String text(JsonNode parent, String path, String key) {
        JsonNode node = parent.get(key);
        if (!present(node)) {
            return null;
        }
        if (!node.isTextual() || !isUnicode(node.textValue()) || tooLong(node.textValue())) {
            throw new Violation(path + "." + key, "not a string of at most " + MAX_STRING + " characters");
        }
        return node.textValue();
    }

    /** A required string that is not blank. */
    private static void name(JsonNode parent, String path, String key) {
        nonBlank(required(parent, path, key), path + "." + key);
    }

    private static void nonBlank(JsonNode node, String path) {
        if (!node.isTextual() || isBlank(node.textValue()) || !isUnicode(node.textValue())
                || tooLong(node.textValue())) {
            throw new Violation(path, "not a non-blank string of at most " + MAX_STRING + " characters");
        }
    }

    private static void role(JsonNode node, String path) {
        nonBlank(node, path);
        if (!ROLE.matcher(node.textValue()).matches()) {
            throw new Violation(path, "not an upper-case role name");
        }
    }

    private static String enumValue(JsonNode parent, String path, String key, Set<String> values, boolean required) {
        JsonNode node = parent.get(key);
        if (!present(node)) {
            if (required) {
                throw new Violation(path + "." + key, "required");
            }
            return null;
        }
        if (!node.isTextual() || !values.contains(node.textValue())) {
            throw new Violation(path + "." + key, "not one of " + values);
        }
        return node.textValue();
    }

    private static void bool(JsonNode parent, String path, String key, boolean required) {
        JsonNode node = parent.get(key);
        if (present(node) ? !node.isBoolean() : required) {
            throw new Violation(path + "." + key, "not true or false");
        }
    }

    private static void count(JsonNode parent, String path, String key, boolean required) {
        JsonNode node = parent.get(key);
        if (present(node) ? !node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0 : required) {
            throw new Violation(path + "." + key, "not a whole number from 0 to " + Integer.MAX_VALUE);
        }
    }

    private static void time(JsonNode parent, String path, String key) {
        JsonNode node = parent.get(key);
        if (!present(node)) {
            return;
        }
        Matcher time = TIME.matcher(node.isTextual() ? node.textValue() : "");
        if (!time.matches()) {
            throw new Violation(path + "." + key, "not an RFC 3339 time with an offset");
        }
        int year = Integer.parseInt(time.group(1));
        int month = Integer.parseInt(time.group(2));
        int day = Integer.parseInt(time.group(3));
        if (year < FIRST_YEAR || month < 1 || month > 12 || day < 1 || day > YearMonth.of(year, month).lengthOfMonth()) {
            throw new Violation(path + "." + key, "no such date");
        }
        if (Integer.parseInt(time.group(4)) > 23 || Integer.parseInt(time.group(5)) > 59
                || time.group(6) != null && Integer.parseInt(time.group(6)) > 59) {
            throw new Violation(path + "." + key, "no such time of day (no leap second either)");
        }
        if (time.group(7) != null && (Integer.parseInt(time.group(9)) > 59
                || Integer.parseInt(time.group(8)) * 60 + Integer.parseInt(time.group(9)) > MAX_OFFSET_MINUTES)) {
            throw new Violation(path + "." + key, "an offset beyond 18:00");
        }
    }
}
