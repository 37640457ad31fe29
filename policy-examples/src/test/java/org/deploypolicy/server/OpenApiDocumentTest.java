package org.deploypolicy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.deploypolicy.server.OpenApiCheck.Located;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code openapi.yaml}, the description of the HTTP service: an OpenAPI 3.1 document whose references resolve and
 * whose schemas compile, that describes every endpoint of docs/contract.md "HTTP"; a real server's answers pass
 * {@link OpenApiCheck}, and answers that differ from the description fail it.
 */
class OpenApiDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final JsonNode DOCUMENT = OpenApiCheck.DOCUMENT;
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    private static final Set<String> PATH_ITEM_FIELDS = Set.of("$ref", "summary", "description", "servers",
            "parameters");
    static DecisionServer server;

    @BeforeAll
    static void start() {
        server = DecisionServer.start(new DecisionServer.Options(null, "127.0.0.1", 0, 2, null));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void itIsAnOpenApi31Document() {
        assertTrue(DOCUMENT.path("openapi").asText().matches("3\\.1\\.\\d+"), DOCUMENT.path("openapi").toString());
        assertTrue(DOCUMENT.path("info").path("title").isTextual());
        assertTrue(DOCUMENT.path("info").path("version").isTextual());
        assertTrue(DOCUMENT.path("paths").size() > 0);
        Set<String> fields = Set.of("openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks",
                "components", "security", "tags", "externalDocs");
        DOCUMENT.fieldNames().forEachRemaining(name -> assertTrue(fields.contains(name) || name.startsWith("x-"), name));
    }

    @Test
    void everyOperationHasItsPathParametersResponsesAndKnownSecurity() {
        Set<String> operationIds = new HashSet<>();
        Set<String> schemes = new TreeSet<>();
        DOCUMENT.path("components").path("securitySchemes").fieldNames().forEachRemaining(schemes::add);
        security(DOCUMENT.path("security"), schemes, "#/security");
        operations((path, operation) -> {
            String where = operation.where();
            assertTrue(path.startsWith("/"), where);
            Located item = OpenApiCheck.deref(new Located(DOCUMENT, List.of()).child("paths").child(path));
            item.node().fieldNames().forEachRemaining(name -> assertTrue(METHODS.contains(name)
                    || PATH_ITEM_FIELDS.contains(name) || name.startsWith("x-"), path + ": " + name));
            assertTrue(operationIds.add(operation.node().path("operationId").asText()), where + ": operationId");

            Set<String> inPath = new TreeSet<>();
            for (Located parameters : List.of(item.child("parameters"), operation.child("parameters"))) {
                for (int i = 0; i < parameters.node().size(); i++) {
                    Located parameter = OpenApiCheck.deref(parameters.child(String.valueOf(i)));
                    JsonNode p = parameter.node();
                    assertTrue(p.path("name").isTextual(), parameter.where());
                    assertTrue(Set.of("query", "header", "path", "cookie").contains(p.path("in").asText()),
                            parameter.where());
                    assertTrue(p.has("schema") ^ p.has("content"), parameter.where() + ": schema or content");
                    if (p.path("in").asText().equals("path")) {
                        assertTrue(p.path("required").asBoolean(), parameter.where() + ": a path parameter is required");
                        inPath.add(p.path("name").asText());
                    }
                }
            }
            Set<String> templated = new TreeSet<>();
            Matcher names = Pattern.compile("\\{([^}/]+)}").matcher(path);
            while (names.find()) {
                templated.add(names.group(1));
            }
            assertEquals(templated, inPath, where + ": the path's templates and its path parameters");

            Located responses = operation.child("responses");
            assertTrue(responses.node().size() > 0, where + ": responses");
            responses.node().fieldNames().forEachRemaining(code -> {
                assertTrue(code.matches("[1-5](\\d\\d|XX)|default"), where + ": response " + code);
                Located response = OpenApiCheck.deref(responses.child(code));
                assertTrue(response.node().path("description").isTextual(), response.where() + ": description");
                response.node().path("content").fieldNames().forEachRemaining(type -> {
                    assertTrue(type.matches("[a-z*]+/[a-z0-9.+*-]+(; ?[a-z]+=[A-Za-z0-9.-]+)*"), response.where() + ": " + type);
                    assertTrue(response.node().path("content").path(type).has("schema"), response.where() + ": " + type);
                });
            });
            if (operation.node().has("security")) {
                security(operation.node().get("security"), schemes, where + "/security");
            }
            if (operation.node().has("requestBody")) {
                assertTrue(OpenApiCheck.deref(operation.child("requestBody")).node().path("content").size() > 0, where);
            }
        });
        assertTrue(operationIds.size() > 10, operationIds.toString());
    }

    private static void security(JsonNode requirements, Set<String> schemes, String where) {
        assertTrue(requirements.isArray(), where);
        requirements.forEach(requirement -> requirement.fieldNames()
                .forEachRemaining(name -> assertTrue(schemes.contains(name), where + ": no security scheme " + name)));
    }

    @Test
    void everyReferenceResolves() throws IOException {
        List<String> refs = new ArrayList<>();
        refs(DOCUMENT, refs);
        assertTrue(refs.stream().anyMatch(ref -> ref.startsWith("schemas/")), refs.toString());
        for (String ref : refs) {
            if (ref.startsWith("#")) {
                OpenApiCheck.pointer(ref);
            } else if (ref.startsWith("schemas/")) {
                String[] parts = ref.split("#", 2);
                String text = OpenApiCheck.contractSchema(OpenApiCheck.SCHEMA_PREFIXES.get(0)
                        + parts[0].substring("schemas/".length()));
                assertTrue(text != null, ref + ": no such schema in " + OpenApiCheck.SCHEMAS);
                JsonNode schema = JSON.readTree(text);
                if (parts.length == 2) {
                    assertTrue(!schema.at(parts[1]).isMissingNode(), ref + ": names nothing in the schema");
                }
                List<String> inner = new ArrayList<>();
                refs(schema, inner);
                inner.forEach(local -> assertTrue(local.startsWith("#") && !schema.at(local.substring(1)).isMissingNode(),
                        ref + ": its $ref " + local));
            } else {
                assertEquals("https://json-schema.org/draft/2020-12/schema", ref, "a reference outside the repository");
            }
        }
    }

    private static void refs(JsonNode node, List<String> refs) {
        if (node.isObject() && node.path("$ref").isTextual()) {
            refs.add(node.get("$ref").asText());
        }
        node.forEach(child -> refs(child, refs));
    }

    @Test
    void everySchemaIsValidJsonSchemaAndCompilesWithItsReferences() {
        JsonSchema meta = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        List<Located> schemas = schemas();
        assertTrue(schemas.size() > 30, "only " + schemas.size() + " schemas");
        for (Located schema : schemas) {
            Set<ValidationMessage> problems = meta.validate(schema.node());
            assertEquals(Set.of(), problems, schema.where());
            OpenApiCheck.schema(schema.pointer());
        }
    }

    /** Every Schema Object of the description that is not inside another: components, parameters, headers, content. */
    private static List<Located> schemas() {
        List<Located> schemas = new ArrayList<>();
        Located root = new Located(DOCUMENT, List.of());
        root.child("components").child("schemas").node().fieldNames()
                .forEachRemaining(name -> schemas.add(root.child("components").child("schemas").child(name)));
        collect(root.child("paths"), schemas);
        collect(root.child("components").child("responses"), schemas);
        collect(root.child("components").child("parameters"), schemas);
        collect(root.child("components").child("headers"), schemas);
        return schemas;
    }

    private static void collect(Located at, List<Located> schemas) {
        for (Iterator<String> names = at.node().fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equals("schema")) {
                schemas.add(at.child(name));
            } else if (!name.equals("$ref")) {
                collect(at.child(name), schemas);
            }
        }
        for (int i = 0; at.node().isArray() && i < at.node().size(); i++) {
            collect(at.child(String.valueOf(i)), schemas);
        }
    }

    @Test
    void itDescribesEveryEndpointOfTheContract() throws IOException {
        Pattern row = Pattern.compile("^\\| `(GET|POST|PUT|DELETE|PATCH) (/[^` ]*)` \\|", Pattern.MULTILINE);
        Matcher rows = row.matcher(Files.readString(Path.of("..", "docs", "contract.md")));
        List<String> endpoints = new ArrayList<>();
        while (rows.find()) {
            endpoints.add(rows.group(1) + " " + rows.group(2));
            assertTrue(DOCUMENT.path("paths").path(rows.group(2)).has(rows.group(1).toLowerCase()),
                    rows.group(0) + " is not in openapi.yaml");
        }
        assertTrue(endpoints.size() >= 8, endpoints.toString());
    }

    @Test
    void operationsWithoutATokenAreHealthThePlaygroundTheFeedAndGitHubsWebhooks() {
        Map<String, String> security = new LinkedHashMap<>();
        operations((path, operation) -> security.put(path, operation.node().has("security")
                ? operation.node().get("security").toString() : "global"));
        assertEquals("[{\"bearerAuth\":[]}]", DOCUMENT.get("security").toString());
        assertEquals("[]", security.get("/health"));
        assertEquals("[]", security.get("/health/live"));
        assertEquals("[]", security.get("/health/ready"));
        assertEquals("[]", security.get("/"));
        assertEquals("[{\"bearerAuth\":[]},{}]", security.get("/v1/calendar.ics"));
        // GitHub's deliveries are authenticated by their signature (X-Hub-Signature-256), answered 401 without it
        assertEquals("[]", security.get("/v1/github/events"));
        assertTrue(OpenApiCheck.pathItem("/v1/github/events").node().path("post").path("responses").has("401"));
        security.forEach((path, requirement) -> {
            if (!path.startsWith("/health") && !path.equals("/") && !path.equals("/v1/github/events")) {
                assertTrue(!requirement.equals("[]"), path);
                assertTrue(OpenApiCheck.pathItem(path).node().path("get").path("responses").has("401")
                        || OpenApiCheck.pathItem(path).node().path("post").path("responses").has("401"), path + ": 401");
            }
        });
    }

    private static void operations(BiConsumer<String, Located> action) {
        Located paths = new Located(DOCUMENT, List.of()).child("paths");
        paths.node().fieldNames().forEachRemaining(path -> {
            Located item = OpenApiCheck.deref(paths.child(path));
            item.node().fieldNames().forEachRemaining(method -> {
                if (METHODS.contains(method)) {
                    action.accept(path, item.child(method));
                }
            });
        });
    }

    static HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.address().resolve(path.substring(1)));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "{0} {1} {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            GET  | /health                                | -                            | 200
            GET  | /v1/policy                             | -                            | 200
            GET  | /v1/samples                            | -                            | 200
            GET  | /v1/samples/rollback-api-errors        | -                            | 200
            GET  | /v1/samples/no-such-sample             | -                            | 404
            POST | /v1/decisions                          | friday-feature.json          | 200
            POST | /v1/decisions                          | rollback-payment-failures.json | 200
            POST | /v1/decisions?format=markdown          | breaking-change-pending-ceo.json | 200
            POST | /v1/decisions?format=both              | normal-tuesday-release.json  | 200
            POST | /v1/decisions                          | {"kind": "ROLLBACK"}         | 400
            POST | /v1/decisions                          | {                            | 400
            GET  | /v1/calendar?from=2026-12-07&days=7    | -                            | 200
            GET  | /v1/calendar.ics?from=2026-12-07&days=7 | -                           | 200
            GET  | /v1/calendar?days=0                    | -                            | 400
            POST | /v1/policy/reload                      | -                            | 200
            GET  | /                                      | -                            | 200
            GET  | /v1/decisions                          | -                            | 405
            POST | /v1/calendar                           | {}                           | 405
            GET  | /nowhere                               | -                            | 404
            """)
    void theServersAnswersAreAsDescribed(String method, String path, String body, int status) throws Exception {
        String sent = body != null && body.endsWith(".json") ? Files.readString(Path.of("samples", body)) : body;

        HttpResponse<String> response = send(method, path, sent);

        assertEquals(status, response.statusCode(), response.body());
        OpenApiCheck.check(response);
    }

    @Test
    void aPolicyWithAttributesIsDescribedWithThem() throws Exception {
        Path policy = Path.of("..", "policy-rules", "src", "test", "resources", "policies", "team-attributes");
        try (DecisionServer team = DecisionServer.start(new DecisionServer.Options(policy, "127.0.0.1", 0, 1, null))) {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(team.address().resolve("v1/policy"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(200, response.statusCode(), response.body());
            assertEquals("integer", JSON.readTree(response.body()).at("/attributes/properties/tier/type").asText());
            OpenApiCheck.check(response);
        }
    }

    /**
     * The endpoints being added, as agreed: {@code ?format=both}, {@code /health/live}, {@code /health/ready} (ready,
     * and not ready before any policy serves). UNAUTHORIZED and NOT_READY are not in error.schema.json yet.
     */
    @Test
    void theAnswersBeingAddedAreDescribedAsAgreed() throws Exception {
        String decision = send("POST", "/v1/decisions", Files.readString(Path.of("samples", "friday-feature.json"))).body();
        String policy = JSON.readTree(decision).get("policy").toString();
        ObjectNode both = JSON.createObjectNode();
        both.set("decision", JSON.readTree(decision));
        both.put("record", "## Production Deployment Approval\n");

        OpenApiCheck.check("POST", "/v1/decisions?format=both", 200, "application/json", both.toString());
        OpenApiCheck.check("GET", "/health/live", 200, "application/json", "{\"status\": \"live\"}");
        OpenApiCheck.check("GET", "/health/ready", 200, "application/json", "{\"status\": \"ready\", \"policy\": "
                + policy + ", \"lastReload\": {\"at\": \"2026-12-07T09:30:00Z\", \"succeeded\": false, \"problems\": "
                + "[{\"file\": \"policy.yaml\", \"line\": 2, \"column\": 1, \"message\": \"zone: unknown\"}]}, "
                + "\"log\": {\"writable\": true}}");
        OpenApiCheck.check("GET", "/health/ready", 503, "application/json", "{\"status\": \"not ready\", "
                + "\"policy\": null, \"lastReload\": null, \"log\": {\"writable\": false, \"problem\": \"no such directory\"}}");
        OpenApiCheck.check("GET", "/metrics", 200, "text/plain; version=0.0.4; charset=utf-8", "# TYPE x counter\nx 1\n");
        OpenApiCheck.check("GET", "/v1/openapi.yaml", 200, "application/yaml", OpenApiCheck.TEXT);
        OpenApiCheck.check("GET", "/v1/schemas/error.schema.json", 200, "application/schema+json",
                Files.readString(OpenApiCheck.SCHEMAS.resolve("error.schema.json")));

        assertFails("not valid against", () -> OpenApiCheck.check("GET", "/health/ready", 200, "application/json",
                "{\"status\": \"ready\", \"policy\": " + policy + ", \"lastReload\": {\"at\": \"yesterday\", "
                + "\"succeeded\": true, \"problems\": []}, \"log\": null}"));
        assertFails("not valid against", () -> OpenApiCheck.check("GET", "/health/ready", 200, "application/json",
                "{\"status\": \"ready\", \"policy\": null, \"lastReload\": null, \"log\": null}"));
        assertFails("no WWW-Authenticate header", () -> OpenApiCheck.check("GET", "/v1/samples", 401,
                HttpHeaders.of(Map.of("Content-Type", List.of("application/json")), (name, value) -> true),
                "{\"error\": \"UNAUTHORIZED\", \"problems\": [{\"message\": \"no token\"}]}"));
        assertFails("declares no 401", () -> OpenApiCheck.check("GET", "/health/live", 401, "application/json",
                "{\"error\": \"UNAUTHORIZED\", \"problems\": [{\"message\": \"no token\"}]}"));
    }

    @Test
    void aBodyStatusTypeOrPathTheDescriptionDoesNotHaveFailsTheCheck() throws Exception {
        String decision = send("POST", "/v1/decisions", Files.readString(Path.of("samples", "friday-feature.json"))).body();
        OpenApiCheck.check("POST", "/v1/decisions", 200, "application/json", decision);
        ObjectNode withoutOutcome = (ObjectNode) JSON.readTree(decision);
        withoutOutcome.remove("outcome");
        String health = send("GET", "/health", null).body();
        ObjectNode moreHealth = ((ObjectNode) JSON.readTree(health)).put("uptime", 3);

        assertFails("not valid against", () -> OpenApiCheck.check("POST", "/v1/decisions", 200, "application/json",
                withoutOutcome.toString()));
        assertFails("not valid against", () -> OpenApiCheck.check("GET", "/health", 200, "application/json",
                moreHealth.toString()));
        assertFails("not valid against", () -> OpenApiCheck.check("POST", "/v1/decisions?format=markdown", 400,
                "application/json", "{\"error\": \"EVALUATION_FAILED\", \"problems\": [{\"rule\": null, \"message\": \"x\"}]}"));
        assertFails("not JSON", () -> OpenApiCheck.check("GET", "/v1/policy", 200, "application/json", "<html>"));
        assertFails("declares no 418", () -> OpenApiCheck.check("GET", "/health", 418, "application/json", health));
        assertFails("declares no 404", () -> OpenApiCheck.check("GET", "/v1/policy", 404, "application/json",
                "{\"error\": \"NOT_FOUND\", \"problems\": [{\"message\": \"x\"}]}"));
        assertFails("Content-Type text/plain is not declared", () -> OpenApiCheck.check("GET", "/health", 200,
                "text/plain", health));
        assertFails("Content-Type text/calendar is not declared", () -> OpenApiCheck.check("GET", "/v1/calendar.ics",
                200, "text/calendar", "BEGIN:VCALENDAR\r\n"));
        assertFails("has no path /v1/nothing", () -> OpenApiCheck.check("GET", "/v1/nothing", 200, "application/json",
                "{}"));
        assertFails("does not describe DELETE", () -> OpenApiCheck.check("DELETE", "/v1/policy", 200,
                "application/json", "{}"));
        assertFails("Allow is \"GET\"", () -> OpenApiCheck.check("GET", "/v1/decisions", 405, HttpHeaders.of(Map.of(
                "Content-Type", List.of("application/json"), "Allow", List.of("GET")), (name, value) -> true),
                "{\"error\": \"METHOD_NOT_ALLOWED\", \"problems\": [{\"message\": \"use POST\"}]}"));
        assertFails("no X-Policy-Version header", () -> OpenApiCheck.check("POST", "/v1/policy/reload", 200,
                HttpHeaders.of(Map.of("Content-Type", List.of("application/json")), (name, value) -> true),
                "{\"name\": \"reference\", \"version\": \"sha256:" + "0".repeat(64) + "\"}"));
    }

    private static void assertFails(String message, Runnable check) {
        AssertionError error = assertThrows(AssertionError.class, check::run);
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }
}
