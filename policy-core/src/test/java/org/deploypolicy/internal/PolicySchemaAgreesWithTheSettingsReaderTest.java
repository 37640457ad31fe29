package org.deploypolicy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.deploypolicy.InvalidPolicyException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code schemas/policy.schema.json}, the schema editors check {@code policy.yaml} with, says what the settings reader
 * reads: the policies in this repository and the {@code init} template are valid by it; its objects have exactly the
 * keys the reader accepts ({@link SettingsReader#KEYS}, and {@code extends}); and leaving a key out, or writing a
 * value of a kind the schema can check, is valid by the schema exactly when the reader reads the settings without a
 * problem, in a policy with {@code extends} and in one without.
 */
class PolicySchemaAgreesWithTheSettingsReaderTest {
    private static final Path ROOT = Path.of("..");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode SCHEMA = json(ROOT.resolve("schemas/policy.schema.json"));
    private static final JsonSchema VALIDATOR = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(SCHEMA);
    private static final Path INIT_TEMPLATE =
            ROOT.resolve("policy-examples/src/main/resources/org/deploypolicy/cli/init/policy.yaml");

    /** A complete policy that gives every key the reader accepts, in every object, with values that work. */
    private static final String EVERY_KEY = """
            name: every-key
            zone: Europe/Berlin
            branches: { path: [develop, release, prod], hotfix: "urgent/*" }
            severity: { critical: [P1, P2], emergency: [P1] }
            windows:
              criticalOnlyDays: [FRIDAY]
              emergencyOnlyDays: [SATURDAY, SUNDAY]
              preferred: { days: [TUESDAY], from: "09:00", to: "15:00" }
              freezes:
                - { name: year-end, from: 2030-12-20T00:00:00+01:00, to: 2031-01-02T00:00:00+01:00, reason: Closing }
                - { name: month-end, reason: Close, start: 2030-01-31T00:00, rrule: FREQ=MONTHLY;BYDAY=-1FR, duration: P1D }
              calendars:
                - { file: calendars/holidays.ics, reason: Public holiday }
            checks: { required: [unit-tests], disasterRecovery: dr-drill, paymentReconciliation: ledger-check }
            reviews: { required: { release: 1, prod: 2 }, codeOwner: [prod] }
            rollback: { apiErrorThreshold: 0.1 }
            obligations: { healthEndpoint: https://every-key.invalid/health, monitoring: PT15M, postIncident: PT12H }
            roster:
              - { id: selam, name: Selam Tesfaye, roles: [TECH_LEAD], contact: "@selam" }
            waivers:
              grantedBy: [CEO]
              standing:
                - { rule: window.freeze, subject: year-end, by: meron, reason: Release slot,
                    from: 2030-12-28T12:00:00+01:00, to: 2030-12-29T12:00:00+01:00 }
              never: [checklist.tests]
            disabled: []
            params: { maxServices: 3, blockingLabels: [do-not-deploy] }
            attributes:
              properties:
                tier: { type: integer, enum: [1, 2, 3], minimum: 1, maximum: 3, description: the service's tier }
                owner: { type: string, minLength: 2, maxLength: 20, pattern: "^[a-z]+$" }
                regions:
                  type: array
                  items: { type: string, enum: [eu, us], minLength: 2, maxLength: 2, pattern: "^[a-z]+$",
                           description: a region }
                  description: where it runs
                risk: { type: number, minimum: 0, maximum: 1 }
                limits: { type: array, items: { type: integer, minimum: 0, maximum: 9 } }
              required: [tier]
            """;

    @TestFactory
    Stream<DynamicTest> everyPolicyInTheRepositoryAndTheInitTemplateIsValid() {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("policy-rules/src/main/resources/deploy-policy/reference/policy.yaml"));
        files.addAll(settingsFiles(ROOT.resolve("policy-rules/src/test/resources/policies")));
        files.addAll(settingsFiles(Path.of("src/test/resources/deploy-policy")));
        files.add(INIT_TEMPLATE);
        assertTrue(files.size() > 10, "policies found: " + files);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.toString(),
                () -> assertEquals(List.of(), problems(yaml(file.toString(), read(file))))));
    }

    @Test
    void theInitTemplatesExamplesAreValidWhenUncommented() {
        // Every line after the template's opening comment is a setting or a commented-out example of one.
        List<String> lines = read(INIT_TEMPLATE).lines().toList();
        int settings = 0;
        while (lines.get(settings).startsWith("#")) {
            settings++;
        }
        String uncommented = Stream.concat(lines.subList(0, settings).stream(),
                lines.subList(settings, lines.size()).stream().map(line -> line.replaceFirst("^# ?", "")))
                .collect(Collectors.joining("\n"));
        JsonNode tree = yaml("uncommented", uncommented);

        assertEquals(List.of(), problems(tree), uncommented);
        assertTrue(tree.has("params") && tree.has("attributes"), "the template shows params and attributes");
    }

    @Test
    void itIsAJsonSchemaOfDraft202012() {
        JsonSchema meta = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of(SCHEMA.get("$schema").asText()));
        assertEquals(Set.of(), meta.validate(SCHEMA));
        assertEquals("https://deploy-policy.org/schemas/policy.schema.json", SCHEMA.get("$id").asText());
    }

    @Test
    void eachObjectHasExactlyTheKeysTheReaderAccepts() {
        Map<String, List<String>> objects = new TreeMap<>();
        objects(SCHEMA, "", objects);

        Map<String, List<String>> accepted = new TreeMap<>(SettingsReader.KEYS);
        List<String> settings = new ArrayList<>(List.of(SettingsLayers.EXTENDS));
        settings.addAll(SettingsReader.KEYS.get(""));
        accepted.put("", settings);
        assertEquals(accepted, objects);
    }

    @Test
    void namesAndTimesAreTheReadersAndTheRequestsOwn() {
        JsonNode defs = SCHEMA.get("$defs");
        assertEquals("^" + SettingsReader.PARAM_NAME.pattern() + "$", defs.at("/teamName/pattern").asText());

        JsonNode request = json(ROOT.resolve("schemas/request.schema.json")).get("$defs");
        assertEquals(request.get("time"), defs.get("time"), "a time is written as in requests");
        assertEquals(withoutComment(request.get("value")), withoutComment(defs.get("value")),
                "a param's value is a value as a request's attribute is");
    }

    @TestFactory
    Stream<DynamicTest> leavingAKeyOutIsAProblemForBothOrForNeither() {
        ObjectNode complete = (ObjectNode) yaml("every-key", EVERY_KEY);
        ObjectNode extending = complete.deepCopy();
        extending.put(SettingsLayers.EXTENDS, "core-base");
        Map<String, String> keys = new LinkedHashMap<>();
        keys(complete, "", "", keys);

        Set<String> accepted = new TreeSet<>();
        SettingsReader.KEYS.forEach((object, names) -> names.forEach(name -> accepted.add(StrictReader.child(object, name))));
        assertEquals(accepted, new TreeSet<>(keys.values()), "EVERY_KEY gives every key the reader accepts");
        assertEquals(List.of(), problems(complete));
        assertTrue(readerAccepts(complete) && readerAccepts(extending));

        return Stream.of(complete, extending).flatMap(settings -> keys.keySet().stream().map(path -> {
            String name = (settings.has(SettingsLayers.EXTENDS) ? "extends core-base, without " : "without ") + path;
            return DynamicTest.dynamicTest(name, () -> assertAgree(name, without(settings, path)));
        }));
    }

    @TestFactory
    Stream<DynamicTest> aValueIsAProblemForBothOrForNeither() {
        List<Sample> samples = List.of(
                new Sample("obligations.monitoring", "PT30M", true),
                new Sample("obligations.monitoring", "pt30m", true),
                new Sample("obligations.monitoring", "P1DT12H", true),
                new Sample("obligations.monitoring", "PT1.5S", true),
                new Sample("obligations.monitoring", "PT0S", true),
                new Sample("obligations.monitoring", "P", false),
                new Sample("obligations.monitoring", "PT", false),
                new Sample("obligations.monitoring", "P1DT", false),
                new Sample("obligations.monitoring", "-PT1H", false),
                new Sample("obligations.monitoring", "P-1D", false),
                new Sample("obligations.monitoring", "P1W", false),
                new Sample("obligations.monitoring", "30m", false),
                new Sample("windows.preferred.from", "\"08:30\"", true),
                new Sample("windows.preferred.from", "08:30:15.5", true),
                new Sample("windows.preferred.from", "8:30", false),
                new Sample("windows.preferred.from", "24:00", false),
                new Sample("windows.preferred.from", "08:60", false),
                new Sample("windows.preferred.from", "830", false),
                new Sample("windows.calendars[0].file", "holidays.ics", true),
                new Sample("windows.calendars[0].file", "team/holidays.ics", true),
                new Sample("windows.calendars[0].file", "holidays.txt", false),
                new Sample("windows.calendars[0].file", "../holidays.ics", false),
                new Sample("windows.calendars[0].file", "team/../../holidays.ics", false),
                new Sample("windows.calendars[0].file", "/etc/holidays.ics", false),
                new Sample("windows.calendars[0].file", "C:/holidays.ics", false),
                new Sample("windows.calendars[0].file", "https://example.com/holidays.ics", false),
                new Sample("windows.calendars[0].file", "file:holidays.ics", false),
                new Sample("windows.calendars[0].file", "\"\"", false),
                new Sample("windows.freezes[0].from", "2030-12-19t23:00z", true),
                new Sample("windows.freezes[0].from", "\"2030-12-20T00:00:00.5+01:00\"", true),
                new Sample("windows.freezes[0].from", "2030-12-20T00:00:00", false),
                new Sample("windows.freezes[0].from", "2030-12-20", false),
                new Sample("windows.freezes[0].from", "2030-12-20T00:00:00+0100", false),
                new Sample("waivers.standing[0].to", "2030-12-29T12:00+01:00", true),
                new Sample("waivers.standing[0].to", "2030-12-29T12:00:60+01:00", false),
                new Sample("rollback.apiErrorThreshold", "0", true),
                new Sample("rollback.apiErrorThreshold", "1", true),
                new Sample("rollback.apiErrorThreshold", "1.5", false),
                new Sample("rollback.apiErrorThreshold", "-0.1", false),
                new Sample("rollback.apiErrorThreshold", "\"0.05\"", false),
                new Sample("reviews.required.prod", "0", true),
                new Sample("reviews.required.prod", "-1", false),
                new Sample("reviews.required.prod", "1.5", false),
                new Sample("reviews.required.prod", "\"2\"", false),
                new Sample("name", "\" \"", false),
                new Sample("name", "\"\"", false),
                new Sample("name", "7", false),
                new Sample("branches.path", "[]", false),
                new Sample("branches.path", "[main, \"\"]", false),
                new Sample("branches.hotfix", "[urgent]", false),
                new Sample("severity.critical", "[p1]", false),
                new Sample("severity.critical", "[P5]", false),
                new Sample("windows.criticalOnlyDays", "[Friday]", false),
                new Sample("windows.criticalOnlyDays", "FRIDAY", false),
                new Sample("roster", "[{ id: abebe, roles: [] }]", true),
                new Sample("roster", "[{ id: abebe, roles: [DEVELOPER], name: null, contact: }]", true),
                new Sample("roster", "[{ id: abebe }]", false),
                new Sample("roster", "[null]", false),
                new Sample("waivers.standing[0].subject", "null", true),
                new Sample("waivers.standing[0].subject", "[year-end]", false),
                new Sample("params", "{ maxServices: 3, labels: [a, 1, true], ratio: 0.5, on: false }", true),
                new Sample("params", "null", true),
                new Sample("params", "{ MaxServices: 3 }", false),
                new Sample("params", "{ max-services: 3 }", false),
                new Sample("params", "{ nested: [[1]] }", false),
                new Sample("params", "{ nested: { a: 1 } }", false),
                new Sample("params", "{ nothing: null }", false),
                new Sample("params", "[maxServices]", false),
                new Sample("attributes", "null", true),
                new Sample("attributes", "{ properties: { tier: { type: integer } } }", true),
                new Sample("attributes", "{ required: [] }", true),
                new Sample("attributes", "{ properties: { Tier: { type: integer } } }", false),
                new Sample("attributes", "{ properties: { tier: { type: object } } }", false),
                new Sample("attributes", "{ properties: { tier: { minimum: 1 } } }", false),
                new Sample("attributes", "{ properties: { tier: { type: integer, minLength: 1 } } }", false),
                new Sample("attributes", "{ properties: { tier: { type: integer, pattern: \"^1$\" } } }", false),
                new Sample("attributes", "{ properties: { tier: { type: string, minimum: 1 } } }", false),
                new Sample("attributes", "{ properties: { tier: { type: boolean, maximum: 1 } } }", false),
                new Sample("attributes", "{ properties: { tier: { type: string, maxLength: -1 } } }", false),
                new Sample("attributes", "{ properties: { tier: { type: string, maxLength: 1.5 } } }", false),
                new Sample("attributes", "{ properties: { tier: { type: integer, minimum: \"1\" } } }", false),
                new Sample("attributes", "{ properties: { tier: { type: integer, enum: [] } } }", false),
                new Sample("attributes", "{ properties: { tier: { type: integer, enum: [\"1\"] } } }", false),
                new Sample("attributes", "{ properties: { tier: { type: boolean, enum: [true] } } }", true),
                new Sample("attributes", "{ properties: { tier: { type: number, enum: [0.5, 1] } } }", true),
                new Sample("attributes", "{ properties: { tier: { type: string, items: { type: string } } } }", false),
                new Sample("attributes", "{ properties: { tier: { type: integer, format: int32 } } }", false),
                new Sample("attributes", "{ properties: { tier: { type: integer, description: 3 } } }", false),
                new Sample("attributes", "{ properties: { tags: { type: array } } }", false),
                new Sample("attributes", "{ properties: { tags: { type: array, items: { type: array } } } }", false),
                new Sample("attributes", "{ properties: { tags: { type: array, items: { type: string }, enum: [a] } } }",
                        false),
                new Sample("attributes", "{ properties: { tags: { type: array, items: { type: string, items: {} } } } }",
                        false),
                new Sample("attributes", "{ type: object }", false));
        return samples.stream().flatMap(sample -> Stream.of(false, true).map(extending -> {
            String name = (extending ? "extends core-base, " : "") + sample.path() + ": " + sample.value();
            ObjectNode settings = (ObjectNode) yaml("every-key", EVERY_KEY);
            if (extending) {
                settings.put(SettingsLayers.EXTENDS, "core-base");
            }
            set(settings, sample.path(), yaml(name, sample.value()));
            return DynamicTest.dynamicTest(name, () -> {
                assertAgree(name, settings);
                assertEquals(sample.valid(), readerAccepts(settings), name);
            });
        }));
    }

    /** A value written at a path, in YAML as a user writes it, and whether the reader takes it. */
    private record Sample(String path, String value, boolean valid) {
    }

    private static void assertAgree(String name, ObjectNode settings) {
        List<String> problems = problems(settings);
        boolean accepted = readerAccepts(settings);
        assertEquals(accepted, problems.isEmpty(), () -> name + ": the reader " + (accepted ? "accepts" : "refuses")
                + " what the schema " + (problems.isEmpty() ? "accepts" : "refuses: " + problems));
    }

    /** Whether the reader reads these settings, after {@code extends}, without a problem. */
    private static boolean readerAccepts(ObjectNode settings) {
        try {
            JsonNode merged = YamlReaders.settings(JSON.writeValueAsString(settings));
            return new SettingsReader().read(merged) != null;
        } catch (InvalidPolicyException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> problems(JsonNode settings) {
        return VALIDATOR.validate(settings).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /**
     * The objects the schema describes, by the paths {@link SettingsReader#KEYS} names them with, and their
     * property names; each must allow no other property.
     */
    private static void objects(JsonNode schema, String path, Map<String, List<String>> objects) {
        schema = resolve(schema);
        for (JsonNode option : schema.path("anyOf")) {
            objects(option, path, objects);
        }
        JsonNode properties = schema.get("properties");
        if (properties != null) {
            assertFalse(schema.path("additionalProperties").asBoolean(true), path + " allows other properties");
            List<String> names = new ArrayList<>();
            properties.fieldNames().forEachRemaining(names::add);
            objects.put(path, names);
            properties.fields().forEachRemaining(field -> objects(field.getValue(), StrictReader.child(path, field.getKey()), objects));
        }
        if (schema.get("items") != null) {
            objects(schema.get("items"), path + "[]", objects);
        }
        if (schema.path("additionalProperties").isObject()) {
            objects(schema.get("additionalProperties"), StrictReader.child(path, "*"), objects);
        }
    }

    private static JsonNode resolve(JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        return ref == null ? schema : resolve(SCHEMA.at(ref.asText().substring(1)));
    }

    /**
     * The keys of the settings the reader names ({@code windows.freezes[0].name}), each with the path of its kind
     * ({@code windows.freezes[].name}); the entries of a map ({@code params}, {@code attributes.properties}) are not
     * keys, but what is in them is.
     */
    private static void keys(JsonNode node, String path, String kind, Map<String, String> keys) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                keys(node.get(i), StrictReader.index(path, i), kind + "[]", keys);
            }
        } else if (node.isObject()) {
            boolean fixed = SettingsReader.KEYS.containsKey(kind);
            node.fields().forEachRemaining(field -> {
                String at = StrictReader.child(path, field.getKey());
                if (fixed) {
                    keys.put(at, StrictReader.child(kind, field.getKey()));
                }
                keys(field.getValue(), at, StrictReader.child(kind, fixed ? field.getKey() : "*"), keys);
            });
        }
    }

    /** The settings with the key at a path ({@code windows.freezes[0].name}) left out. */
    private static ObjectNode without(ObjectNode settings, String path) {
        ObjectNode copy = settings.deepCopy();
        int dot = path.lastIndexOf('.');
        ((ObjectNode) at(copy, dot < 0 ? "" : path.substring(0, dot))).remove(path.substring(dot + 1));
        return copy;
    }

    /** The settings with the value at a path set. */
    private static void set(ObjectNode settings, String path, JsonNode value) {
        int dot = path.lastIndexOf('.');
        ((ObjectNode) at(settings, dot < 0 ? "" : path.substring(0, dot))).set(path.substring(dot + 1), value);
    }

    /** The node at a path of the reader's ({@code windows.freezes[0]}). */
    private static JsonNode at(JsonNode node, String path) {
        for (String part : path.isEmpty() ? new String[0] : path.split("\\.")) {
            int bracket = part.indexOf('[');
            node = node.get(bracket < 0 ? part : part.substring(0, bracket));
            if (bracket >= 0) {
                node = node.get(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
            }
        }
        return node;
    }

    private static JsonNode withoutComment(JsonNode schema) {
        ObjectNode copy = schema.deepCopy();
        copy.remove("$comment");
        return copy;
    }

    private static List<Path> settingsFiles(Path folder) {
        try (Stream<Path> policies = Files.list(folder)) {
            return policies.map(policy -> policy.resolve(PolicyFiles.SETTINGS)).filter(Files::exists).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode yaml(String file, String text) {
        return YamlText.read(file, text.getBytes(StandardCharsets.UTF_8)).tree();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
