package org.deploypolicy.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import org.deploypolicy.Approver;
import org.deploypolicy.Decision;
import org.deploypolicy.Waived;
import org.deploypolicy.Outcome;
import org.deploypolicy.NextAllowed;
import org.deploypolicy.Effect;
import org.deploypolicy.DeployCalendar;
import org.deploypolicy.EvaluationProblem;
import org.deploypolicy.Finding;
import org.deploypolicy.InvalidRequestException;
import org.deploypolicy.Obligation;
import org.deploypolicy.PolicyException;
import org.deploypolicy.PolicyId;
import org.deploypolicy.PolicyProblem;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.PolicyRule;
import org.deploypolicy.RequestProblem;

/**
 * The JSON of the wire contract, behind the public {@code PolicyJson} facade: requests read strictly (duplicate
 * keys, unknown fields, limits), decisions, requests and errors written in the contract's field order.
 */
final class JsonMapping {
    /** Largest request the contract allows, in bytes. */
    static final int MAX_REQUEST_BYTES = 1 << 20;
    private static final int MAX_DEPTH = 64;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    private static final ObjectWriter PRETTY = MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator("")));

    private JsonMapping() {
    }

    /**
     * Reads a request from JSON text. Text with an unpaired surrogate is refused rather than encoded with a
     * {@code ?} in its place, which could make two different names one.
     *
     * @throws InvalidRequestException as {@link #readRequest(byte[])}
     */
    static PolicyRequest readRequest(String json) {
        return readRequest(json, null);
    }

    /**
     * Reads a request from JSON text, and checks its attributes against a policy's (unless {@code attributes} is
     * null), every problem reported together.
     */
    static PolicyRequest readRequest(String json, AttributeSchema attributes) {
        int unpaired = RequestValidator.unpairedSurrogate(json);
        if (unpaired >= 0) {
            throw invalid("not Unicode text: an unpaired surrogate at character " + unpaired);
        }
        long bytes = utf8Length(json);
        if (bytes > MAX_REQUEST_BYTES) {
            throw tooLarge(bytes);
        }
        // the text is what decoding its UTF-8 would give, so it is read as it is (a byte-order mark skipped)
        return readText(json.startsWith("\uFEFF") ? json.substring(1) : json, attributes);
    }

    /**
     * Reads a request from JSON bytes: UTF-8 (a leading byte-order mark skipped), one JSON value and nothing but
     * white space after it.
     *
     * @throws InvalidRequestException naming every field that is wrong, or {@code $} for bytes that are not one
     *                                 JSON value in UTF-8 (with the byte offset, or the line and column)
     */
    static PolicyRequest readRequest(byte[] json) {
        return readRequest(json, null);
    }

    /** Reads a request from JSON bytes, and checks its attributes against a policy's (unless null). */
    static PolicyRequest readRequest(byte[] json, AttributeSchema attributes) {
        if (json.length > MAX_REQUEST_BYTES) {
            throw tooLarge(json.length);
        }
        String text;
        try {
            text = JsonText.decode(json);
        } catch (JsonText.Unreadable e) {
            throw new InvalidRequestException(List.of(new RequestProblem(e.path(), e.getMessage())));
        }
        return readText(text, attributes);
    }

    private static PolicyRequest readText(String text, AttributeSchema attributes) {
        JsonNode tree;
        try {
            tree = JsonText.one(MAPPER, text, "the request");
        } catch (JsonText.Unreadable e) {
            throw new InvalidRequestException(List.of(new RequestProblem(e.path(), e.getMessage())));
        }
        return readRequest(tree, attributes);
    }

    /** The length of text (with no unpaired surrogate) in UTF-8, without encoding it. */
    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static InvalidRequestException tooLarge(long bytes) {
        return invalid("a request is at most 1 MiB; this one is " + bytes + " bytes");
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException(List.of(new RequestProblem("$", message)));
    }

    /** Reads a request from a JSON tree (a scenario file's {@code request}). */
    static PolicyRequest readRequest(JsonNode tree) {
        return readRequest(tree, null);
    }

    private static PolicyRequest readRequest(JsonNode tree, AttributeSchema attributes) {
        StrictReader problems = new StrictReader();
        PolicyRequest request = new RequestReader(problems).read(tree);
        if (request != null) {
            RequestValidator.check(request, problems);
            if (attributes != null) {
                attributes.check(request.attributes()).forEach(p -> problems.problem(p.path(), p.message()));
            }
        }
        RequestValidator.throwIfAny(problems);
        return request;
    }

    /**
     * A decision as the contract's JSON object, written field by field rather than built as a tree first: the
     * service writes one for every request.
     */
    static String write(Decision decision) {
        StringWriter text = new StringWriter(2048);
        try (JsonGenerator out = PRETTY.createGenerator(text)) {
            write(decision, out);
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string cannot fail", e);
        }
        return text.toString();
    }

    /** A decision as the contract's JSON object, as a tree (the decision log nests it in a line). */
    static ObjectNode tree(Decision decision) {
        try (TokenBuffer tokens = new TokenBuffer(MAPPER, false)) {
            write(decision, tokens);
            return (ObjectNode) MAPPER.readTree(tokens.asParser());
        } catch (IOException e) {
            throw new IllegalStateException("a decision that cannot be written", e);
        }
    }

    private static void write(Decision decision, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeStringField("requestId", decision.requestId());
        out.writeStringField("outcome", decision.outcome().name());
        out.writeArrayFieldStart("findings");
        for (Finding f : decision.findings()) {
            out.writeStartObject();
            out.writeStringField("rule", f.rule());
            out.writeStringField("effect", f.effect().name());
            out.writeStringField("subject", f.subject().orElse(null));
            out.writeStringField("message", f.message());
            if (f.waived().isPresent()) {
                out.writeObjectFieldStart("waived");
                out.writeStringField("by", f.waived().get().by());
                out.writeStringField("reason", f.waived().get().reason());
                out.writeEndObject();
            }
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeArrayFieldStart("approvers");
        for (Approver a : decision.approvers()) {
            out.writeStartObject();
            out.writeStringField("role", a.role());
            out.writeStringField("satisfiedBy", a.satisfiedBy().orElse(null));
            out.writeStringField("rejectedBy", a.rejectedBy().orElse(null));
            if (!a.anyOf().isEmpty()) {
                out.writeArrayFieldStart("anyOf");
                for (String role : a.anyOf()) {
                    out.writeString(role);
                }
                out.writeEndArray();
            }
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeArrayFieldStart("obligations");
        for (Obligation ob : decision.obligations()) {
            out.writeStartObject();
            out.writeStringField("rule", ob.rule());
            out.writeStringField("action", ob.action());
            out.writeStringField("detail", ob.detail().orElse(null));
            out.writeStringField("due", time(ob.due()));
            out.writeEndObject();
        }
        out.writeEndArray();
        if (decision.nextAllowed().isPresent()) {
            out.writeObjectFieldStart("nextAllowed");
            out.writeStringField("at", TIME.format(decision.nextAllowed().get().at()));
            out.writeStringField("preferredAt", time(decision.nextAllowed().get().preferredAt()));
            out.writeEndObject();
        } else {
            out.writeNullField("nextAllowed");
        }
        out.writeObjectFieldStart("policy");
        out.writeStringField("name", decision.policy().name());
        out.writeStringField("version", decision.policy().version());
        out.writeEndObject();
        out.writeStringField("evaluatedAt", TIME.format(decision.evaluatedAt()));
        out.writeEndObject();
    }

    /**
     * A decision as {@link #write(Decision)} writes it, read back (from a decision log).
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong ({@code
     *                                  decision.obligations[1].due: not a time; was "tomorrow"})
     */
    static Decision readDecision(JsonNode o) {
        List<Finding> findings = new ArrayList<>();
        JsonNode findingNodes = array(o, "decision.findings");
        for (int i = 0; i < findingNodes.size(); i++) {
            JsonNode f = findingNodes.get(i);
            String at = "decision.findings[" + i + "]";
            JsonNode waived = f.path("waived");
            findings.add(new Finding(text(f, at + ".rule"), constant(f, at + ".effect", Effect.class),
                    optionalText(f, "subject"), text(f, at + ".message"), waived.isObject()
                            ? Optional.of(new Waived(text(waived, at + ".waived.by"), text(waived, at + ".waived.reason")))
                            : Optional.empty()));
        }
        List<Approver> approvers = new ArrayList<>();
        JsonNode approverNodes = array(o, "decision.approvers");
        for (int i = 0; i < approverNodes.size(); i++) {
            JsonNode a = approverNodes.get(i);
            String at = "decision.approvers[" + i + "]";
            List<String> anyOf = new ArrayList<>();
            for (JsonNode role : a.path("anyOf")) {
                if (!role.isTextual()) {
                    throw new IllegalArgumentException(at + ".anyOf: must hold role names");
                }
                anyOf.add(role.asText());
            }
            approvers.add(new Approver(text(a, at + ".role"), optionalText(a, "satisfiedBy"),
                    optionalText(a, "rejectedBy"), anyOf));
        }
        List<Obligation> obligations = new ArrayList<>();
        JsonNode obligationNodes = array(o, "decision.obligations");
        for (int i = 0; i < obligationNodes.size(); i++) {
            JsonNode ob = obligationNodes.get(i);
            String at = "decision.obligations[" + i + "]";
            obligations.add(new Obligation(text(ob, at + ".rule"), text(ob, at + ".action"), optionalText(ob, "detail"),
                    optionalText(ob, "due").map(due -> time(due, at + ".due"))));
        }
        JsonNode next = o.path("nextAllowed");
        JsonNode policy = o.path("policy");
        return new Decision(text(o, "decision.requestId"), constant(o, "decision.outcome", Outcome.class), findings,
                approvers, obligations, next.isObject()
                        ? Optional.of(new NextAllowed(time(text(next, "decision.nextAllowed.at"), "decision.nextAllowed.at"),
                        optionalText(next, "preferredAt").map(t -> time(t, "decision.nextAllowed.preferredAt"))))
                        : Optional.empty(),
                new PolicyId(text(policy, "decision.policy.name"), text(policy, "decision.policy.version")),
                time(text(o, "decision.evaluatedAt"), "decision.evaluatedAt"));
    }

    /** The field a path ends in ({@code due} of {@code decision.obligations[1].due}). */
    private static String field(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static JsonNode array(JsonNode o, String path) {
        JsonNode value = o.path(field(path));
        if (!value.isArray()) {
            throw new IllegalArgumentException(path + ": missing or not a list");
        }
        return value;
    }

    static String text(JsonNode o, String path) {
        JsonNode value = o.path(field(path));
        if (!value.isTextual()) {
            throw new IllegalArgumentException(path + ": missing or not text");
        }
        return value.asText();
    }

    static Optional<String> optionalText(JsonNode o, String field) {
        return o.path(field).isTextual() ? Optional.of(o.get(field).asText()) : Optional.empty();
    }

    private static <E extends Enum<E>> E constant(JsonNode o, String path, Class<E> type) {
        String value = text(o, path);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(path + ": must be one of " + java.util.Arrays.stream(type.getEnumConstants())
                .map(Enum::name).collect(java.util.stream.Collectors.joining(", ")) + "; was \"" + value + "\"");
    }

    static OffsetDateTime time(String text, String path) {
        try {
            return OffsetDateTime.parse(text);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException(path + ": not a time; was \"" + text + "\"");
        }
    }

    /** An error as the contract's JSON object. */
    static String write(PolicyException error) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("error", error.code());
        ArrayNode problems = o.putArray("problems");
        error.problems().forEach(problem -> {
            ObjectNode n = problems.addObject();
            if (problem instanceof RequestProblem p) {
                n.put("path", p.path());
            } else if (problem instanceof PolicyProblem p) {
                n.put("file", p.file());
                if (p.line().isPresent()) {
                    n.put("line", p.line().getAsInt());
                } else {
                    n.putNull("line");
                }
                if (p.column().isPresent()) {
                    n.put("column", p.column().getAsInt());
                } else {
                    n.putNull("column");
                }
            } else if (problem instanceof EvaluationProblem p) {
                n.put("rule", p.rule().orElse(null));
            } else if (problem instanceof org.deploypolicy.IoProblem p) {
                n.put("file", p.file());
            }
            n.put("message", problem.message());
        });
        return pretty(o);
    }

    /** An error of a program itself, not of a request or a policy: {@code {"error", "problems": [{"message"}]}}. */
    static String writeError(String code, String message) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("error", code);
        o.putArray("problems").addObject().put("message", message);
        return pretty(o);
    }

    /** A policy's name and version: {@code {"name", "version"}}. */
    static String write(PolicyId id) {
        return pretty(tree(id));
    }

    private static ObjectNode tree(PolicyId id) {
        return MAPPER.createObjectNode().put("name", id.name()).put("version", id.version());
    }

    /**
     * A policy described: its name and version, and each rule in force with its id, the effects it can report (in
     * the order BLOCK, REQUIRE, ADVISE) and its file.
     */
    static String write(PolicyId id, List<PolicyRule> rules, AttributeSchema attributes) {
        ObjectNode o = tree(id);
        ArrayNode list = o.putArray("rules");
        // one entry per id: the rules of one id (a check and the requirement it makes) report together
        Map<String, java.util.TreeSet<org.deploypolicy.Effect>> effects = new LinkedHashMap<>();
        Map<String, String> files = new HashMap<>();
        for (PolicyRule rule : rules) {
            if (rule.id() != null) {
                effects.computeIfAbsent(rule.id(), key -> new java.util.TreeSet<>()).addAll(rule.effects());
                files.putIfAbsent(rule.id(), rule.file());
            }
        }
        effects.forEach((ruleId, reported) -> {
            ObjectNode node = list.addObject().put("id", ruleId);
            ArrayNode named = node.putArray("effects");
            reported.forEach(effect -> named.add(effect.name()));
            node.put("file", files.get(ruleId));
        });
        o.set("attributes", attributes.schema());
        return pretty(o);
    }

    /**
     * The contract's request schema ({@code schemas/request.schema.json}) for a policy: the {@code attributes} a
     * request may carry are the policy's.
     */
    static String requestSchema(PolicyId id, AttributeSchema attributes) {
        JsonNode schema;
        try (var in = JsonMapping.class.getResourceAsStream("/org/deploypolicy/schemas/request.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("the request schema is missing from the library's jar");
            }
            schema = MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("the request schema in the library's jar cannot be read", e);
        }
        ObjectNode own = attributes.schema();
        if (attributes.required().isEmpty()) {
            own.putArray("type").add("object").add("null");
        }
        ((ObjectNode) schema).put("$comment", "The request schema for the policy " + id.name() + " (" + id.version()
                + "): its attributes are those the policy declares.");
        ((ObjectNode) schema.get("$defs")).set("attributes", own);
        return pretty(schema);
    }

    /**
     * A deploy calendar: the policy, its zone, and each day with its periods ({@code from}, {@code to},
     * {@code allows}, {@code severities}, {@code preferred}, {@code freezes}, {@code rules}).
     */
    static String write(DeployCalendar calendar) {
        ObjectNode o = MAPPER.createObjectNode();
        o.set("policy", tree(calendar.policy()));
        o.put("zone", calendar.zone().getId());
        ArrayNode days = o.putArray("days");
        for (DeployCalendar.Day day : calendar.days()) {
            ObjectNode d = days.addObject().put("date", day.date().toString())
                    .put("weekday", day.date().getDayOfWeek().name());
            ArrayNode periods = d.putArray("periods");
            for (DeployCalendar.Period period : day.periods()) {
                ObjectNode p = periods.addObject().put("from", TIME.format(period.from()))
                        .put("to", TIME.format(period.to())).put("allows", period.allows().name());
                ArrayNode severities = p.putArray("severities");
                period.severities().forEach(severity -> severities.add(severity.name()));
                p.put("preferred", period.preferred());
                ArrayNode freezes = p.putArray("freezes");
                period.freezes().forEach(f -> freezes.addObject().put("name", f.name()).put("reason", f.reason()));
                ArrayNode rules = p.putArray("rules");
                period.rules().forEach(r -> {
                    ObjectNode rule = rules.addObject().put("rule", r.rule());
                    r.subject().ifPresent(subject -> rule.put("subject", subject));
                });
            }
        }
        return pretty(o);
    }

    /** A request as the contract's JSON object; empty optional fields are left out. */
    static String write(PolicyRequest request) {
        return pretty(tree(request));
    }

    static ObjectNode tree(PolicyRequest request) {
        return object(Wire.of(request), request);
    }

    /** A record as a JSON object, field by field as {@link Wire} describes it; a field with no value left out. */
    private static <R extends Record> ObjectNode object(Wire.Shape<R> shape, Object value) {
        R record = shape.cast(value);
        ObjectNode o = MAPPER.createObjectNode();
        if (shape.kind() != null) {
            o.put("kind", shape.kind());
        }
        for (Wire.Field<R> field : shape.fields()) {
            Object fieldValue = field.in(record);
            if (fieldValue != null) {
                o.set(field.name(), json(field.type(), fieldValue));
            }
        }
        return o;
    }

    private static JsonNode json(Wire.Type type, Object value) {
        if (value == null) {
            return NullNode.getInstance();
        }
        if (type instanceof Wire.Scalar scalar) {
            return switch (scalar) {
                case TEXT, NAME, ROLE -> TextNode.valueOf((String) value);
                case TIME -> TextNode.valueOf(TIME.format((OffsetDateTime) value));
                case BOOLEAN -> BooleanNode.valueOf((Boolean) value);
                case INTEGER -> IntNode.valueOf((Integer) value);
                case NUMBER -> DoubleNode.valueOf((Double) value);
                case VALUE -> MAPPER.valueToTree(value);
            };
        }
        if (type instanceof Wire.Choice<?>) {
            return TextNode.valueOf(((Enum<?>) value).name());
        }
        if (type instanceof Wire.ListOf list) {
            ArrayNode items = MAPPER.createArrayNode();
            ((List<?>) value).forEach(item -> items.add(json(list.item(), item)));
            return items;
        }
        if (type instanceof Wire.MapOf map) {
            ObjectNode entries = MAPPER.createObjectNode();
            ((Map<?, ?>) value).forEach((name, entry) -> entries.set((String) name, json(map.value(), entry)));
            return entries;
        }
        return object((Wire.Shape<?>) type, value);
    }

    private static String time(Optional<OffsetDateTime> time) {
        return time.map(TIME::format).orElse(null);
    }

    /** A request as compact JSON in the contract's field order: the text its digest is taken over. */
    static String canonical(PolicyRequest request) {
        return canonical(tree(request));
    }

    /** A request's tree ({@link #tree(PolicyRequest)}) as the text its digest is taken over. */
    static String canonical(ObjectNode request) {
        return compact(request);
    }

    /** A JSON tree as compact text. */
    static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that cannot be written", e);
        }
    }

    private static String pretty(JsonNode node) {
        try {
            return PRETTY.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that cannot be written", e);
        }
    }
}
