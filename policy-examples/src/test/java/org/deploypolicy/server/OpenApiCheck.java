package org.deploypolicy.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import com.networknt.schema.resource.InputStreamSource;
import com.networknt.schema.resource.SchemaLoader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The service's OpenAPI description ({@code openapi.yaml}, next to {@link DecisionServer}) as a check of the
 * responses the HTTP tests get: the path and method must be described, the status declared for them, the content
 * type declared for the status, and a JSON body valid against the declared schema (networknt's validator, the
 * OpenAPI 3.1 dialect of JSON Schema 2020-12, formats asserted). A text body is checked as a string against its
 * schema; the body of an answer to {@code HEAD} is not checked.
 *
 * <p>The description references the contract's schemas relative to itself ({@code schemas/error.schema.json}, served
 * at {@code /v1/schemas/} next to {@code /v1/openapi.yaml}); here they are read from the repository's
 * {@code schemas/} folder, as is every schema under their {@code $id}s (https://deploy-policy.org/schemas/). Nothing
 * is fetched from the network: a reference to anything else fails.
 *
 * <p>A path the description does not have passes only as {@code 404} {@code NOT_FOUND}
 * ({@code #/components/responses/NotFound}), and a method it does not describe for a path only as {@code 405}
 * {@code METHOD_NOT_ALLOWED} ({@code #/components/responses/MethodNotAllowed}), with an {@code Allow} header naming
 * the methods described when the headers are given.
 */
final class OpenApiCheck {
    /** Where the description is served: its relative references resolve against this. */
    static final String BASE = "https://deploy-policy.org/v1/openapi.yaml";
    /** The repository's schemas, as the tests run in policy-examples. */
    static final Path SCHEMAS = Path.of("..", "schemas");
    /** The IRIs the contract's schemas are read from: next to the description, and their {@code $id}s. */
    static final List<String> SCHEMA_PREFIXES = List.of("https://deploy-policy.org/v1/schemas/",
            "https://deploy-policy.org/schemas/");
    static final String TEXT = resource();
    /** The description as a tree. */
    static final JsonNode DOCUMENT = parse(TEXT);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    private static final Pattern TEMPLATE = Pattern.compile("\\{([^}/]+)}");
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).pathType(PathType.JSON_POINTER).build();
    /**
     * The OpenAPI 3.1 dialect. The validator reads the whole document as the resource its schemas lie in, and its root
     * as a schema: the document's own fields are keywords here that validate nothing, so none is warned of as unknown.
     */
    private static final JsonMetaSchema DIALECT = JsonMetaSchema.builder(OpenApi31.getInstance())
            .keywords(List.of("openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks", "components",
                    "security", "tags", "externalDocs").stream().map(NonValidationKeyword::new).toList())
            .build();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.metaSchema(DIALECT).defaultMetaSchemaIri(DIALECT.getIri())
                    .schemaLoaders(loaders -> loaders.add(new OfflineLoader())));
    private static final Map<List<String>, JsonSchema> COMPILED = new ConcurrentHashMap<>();

    private OpenApiCheck() {
    }

    /** A node of the description and the JSON pointer to it, as segments. */
    record Located(JsonNode node, List<String> pointer) {
        Located child(String name) {
            List<String> path = new ArrayList<>(pointer);
            path.add(name);
            JsonNode child = node.isArray() && name.matches("\\d+") ? node.path(Integer.parseInt(name)) : node.path(name);
            return new Located(child, List.copyOf(path));
        }

        String where() {
            return "#/" + pointer.stream().map(s -> s.replace("~", "~0").replace("/", "~1"))
                    .collect(Collectors.joining("/"));
        }
    }

    /**
     * Fails unless the description has {@code method} on the path of {@code pathWithQuery}, declares {@code status}
     * for it with {@code contentType}, and (for a JSON type) {@code body} is valid against that schema.
     */
    static void check(String method, String pathWithQuery, int status, String contentType, String body) {
        verify(method, pathWithQuery, status, contentType, null, body);
    }

    /** {@link #check(String, String, int, String, String)}, and the headers the response declares required. */
    static void check(String method, String pathWithQuery, int status, HttpHeaders headers, String body) {
        verify(method, pathWithQuery, status, headers.firstValue("Content-Type").orElse(null), headers, body);
    }

    /** A response the tests got, checked with its request's method and path, its content type and headers. */
    static void check(HttpResponse<String> response) {
        URI uri = response.request().uri();
        String pathWithQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        check(response.request().method(), pathWithQuery, response.statusCode(), response.headers(), response.body());
    }

    private static void verify(String method, String pathWithQuery, int status, String contentType,
            HttpHeaders headers, String body) {
        String path = pathWithQuery.replaceFirst("[?#].*", "");
        String call = method + " " + pathWithQuery + " answered " + status;
        Located item = pathItem(path);
        Located response;
        if (item == null) {
            if (status != 404) {
                throw new AssertionError(call + ": openapi.yaml has no path " + path + " (only 404 NOT_FOUND may "
                        + "answer one); its paths: " + names(DOCUMENT.path("paths")));
            }
            response = component("responses", "NotFound");
        } else if (!item.node().has(method.toLowerCase(Locale.ROOT))) {
            if (status != 405) {
                throw new AssertionError(call + ": openapi.yaml does not describe " + method + " for "
                        + item.pointer().get(1) + " (only 405 METHOD_NOT_ALLOWED may answer it); it describes "
                        + methods(item));
            }
            response = component("responses", "MethodNotAllowed");
            if (headers != null) {
                String allow = headers.firstValue("Allow").orElse("");
                Set<String> allowed = new TreeSet<>(List.of(allow.toUpperCase(Locale.ROOT).split("\\s*,\\s*")));
                if (!allowed.equals(new TreeSet<>(methods(item)))) {
                    throw new AssertionError(call + ": Allow is \"" + allow + "\" where openapi.yaml describes "
                            + methods(item) + " for " + item.pointer().get(1));
                }
            }
        } else {
            Located operation = item.child(method.toLowerCase(Locale.ROOT));
            Located responses = operation.child("responses");
            String code = String.valueOf(status);
            String declared = responses.node().has(code) ? code
                    : responses.node().has(code.charAt(0) + "XX") ? code.charAt(0) + "XX"
                    : responses.node().has("default") ? "default" : null;
            if (declared == null) {
                throw new AssertionError(call + ": openapi.yaml declares no " + status + " for " + method + " "
                        + item.pointer().get(1) + "; it declares " + names(responses.node()));
            }
            response = deref(responses.child(declared));
        }
        if (headers != null) {
            headers(call, response, headers);
        }
        if (!method.equals("HEAD")) {
            content(call, response, contentType, body);
        }
    }

    /** The body against the content the response declares for its type. */
    private static void content(String call, Located response, String contentType, String body) {
        Located content = response.child("content");
        if (content.node().isMissingNode() || content.node().isEmpty()) {
            if (body != null && !body.isEmpty()) {
                throw new AssertionError(call + ": " + response.where() + " declares no content, but a body came");
            }
            return;
        }
        if (contentType == null) {
            throw new AssertionError(call + ": no Content-Type; " + response.where() + " declares "
                    + names(content.node()));
        }
        String key = mediaType(content.node(), contentType);
        if (key == null) {
            throw new AssertionError(call + ": Content-Type " + contentType + " is not declared by "
                    + response.where() + ", which declares " + names(content.node()));
        }
        Located schema = content.child(key).child("schema");
        if (schema.node().isMissingNode()) {
            return;
        }
        JsonNode instance;
        if (isJson(key)) {
            try {
                instance = JSON.readTree(body == null ? "" : body);
            } catch (JsonProcessingException e) {
                throw new AssertionError(call + ": the body is not JSON (" + e.getOriginalMessage() + "):\n" + body, e);
            }
            if (instance == null || instance.isMissingNode()) {
                throw new AssertionError(call + ": the body is empty where " + key + " is declared");
            }
        } else {
            instance = TextNode.valueOf(body == null ? "" : body);
        }
        Set<ValidationMessage> problems = schema(schema.pointer()).validate(instance);
        if (!problems.isEmpty()) {
            throw new AssertionError(call + ": the body is not valid against " + schema.where() + ":\n  "
                    + problems.stream().map(ValidationMessage::toString).sorted().collect(Collectors.joining("\n  "))
                    + "\n" + abbreviate(body));
        }
    }

    /** The headers the response declares: each required one present, and each present one valid by its schema. */
    private static void headers(String call, Located response, HttpHeaders headers) {
        Located declared = response.child("headers");
        for (Iterator<String> names = declared.node().fieldNames(); names.hasNext(); ) {
            String name = names.next();
            Located header = deref(declared.child(name));
            List<String> values = headers.allValues(name);
            if (values.isEmpty()) {
                if (header.node().path("required").asBoolean(false)) {
                    throw new AssertionError(call + ": no " + name + " header, which " + response.where()
                            + " requires; headers: " + headers.map().keySet());
                }
                continue;
            }
            if (header.node().has("schema")) {
                JsonSchema schema = schema(header.child("schema").pointer());
                for (String value : values) {
                    Set<ValidationMessage> problems = schema.validate(TextNode.valueOf(value));
                    if (!problems.isEmpty()) {
                        throw new AssertionError(call + ": header " + name + ": \"" + value + "\" is not valid against "
                                + header.child("schema").where() + ": " + problems);
                    }
                }
            }
        }
    }

    /** The path item whose path (or template) is {@code path}, or null. */
    static Located pathItem(String path) {
        Located paths = new Located(DOCUMENT.path("paths"), List.of("paths"));
        if (paths.node().has(path)) {
            return deref(paths.child(path));
        }
        for (Iterator<String> names = paths.node().fieldNames(); names.hasNext(); ) {
            String template = names.next();
            if (template.contains("{") && path.matches(regex(template))) {
                return deref(paths.child(template));
            }
        }
        return null;
    }

    /** A path template as a regular expression: each {@code {name}} is one segment that is not empty. */
    static String regex(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher matcher = TEMPLATE.matcher(template);
        int at = 0;
        while (matcher.find()) {
            regex.append(Pattern.quote(template.substring(at, matcher.start()))).append("[^/]+");
            at = matcher.end();
        }
        return regex.append(Pattern.quote(template.substring(at))).toString();
    }

    /** The methods a path item describes, upper case, in order. */
    static List<String> methods(Located item) {
        List<String> methods = new ArrayList<>();
        item.node().fieldNames().forEachRemaining(name -> {
            if (METHODS.contains(name)) {
                methods.add(name.toUpperCase(Locale.ROOT));
            }
        });
        return methods;
    }

    /** The key of {@code content} that declares {@code contentType}: its type, and every parameter it names. */
    static String mediaType(JsonNode content, String contentType) {
        MediaType actual = MediaType.of(contentType);
        String range = null;
        for (Iterator<String> keys = content.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            MediaType declared = MediaType.of(key);
            if (!actual.parameters().entrySet().containsAll(declared.parameters().entrySet())) {
                continue;
            }
            if (declared.type().equals(actual.type())) {
                return key;
            }
            if (range == null && (declared.type().equals("*/*") || declared.type().endsWith("/*")
                    && actual.type().startsWith(declared.type().substring(0, declared.type().length() - 1)))) {
                range = key;
            }
        }
        return range;
    }

    /** A media type's {@code type/subtype} and parameters, in lower case (unquoted values). */
    record MediaType(String type, Map<String, String> parameters) {
        static MediaType of(String text) {
            String[] parts = text.split(";");
            Map<String, String> parameters = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                String[] pair = parts[i].split("=", 2);
                String value = pair.length == 2 ? pair[1].trim() : "";
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                parameters.put(pair[0].trim().toLowerCase(Locale.ROOT), value.toLowerCase(Locale.ROOT));
            }
            return new MediaType(parts[0].trim().toLowerCase(Locale.ROOT), parameters);
        }
    }

    static boolean isJson(String mediaType) {
        String type = MediaType.of(mediaType).type();
        return type.endsWith("/json") || type.endsWith("+json");
    }

    /** The schema at a pointer into the description, compiled once, every reference in it loaded. */
    static JsonSchema schema(List<String> pointer) {
        return COMPILED.computeIfAbsent(pointer, at -> {
            SchemaLocation location = SchemaLocation.of(BASE);
            JsonNode node = DOCUMENT;
            for (String segment : at) {
                if (node.isArray()) {
                    location = location.append(Integer.parseInt(segment));
                    node = node.path(Integer.parseInt(segment));
                } else {
                    location = location.append(segment);
                    node = node.path(segment);
                }
            }
            JsonSchema schema = FACTORY.getSchema(location, CONFIG);
            schema.initializeValidators();
            return schema;
        });
    }

    /** A component by its kind and name ({@code responses}, {@code NotFound}), its reference followed. */
    static Located component(String kind, String name) {
        Located component = new Located(DOCUMENT, List.of()).child("components").child(kind).child(name);
        if (component.node().isMissingNode()) {
            throw new AssertionError("openapi.yaml has no " + component.where());
        }
        return deref(component);
    }

    /**
     * A Reference Object followed to what it names in the description (a local reference: {@code #/...}), as often
     * as it takes. Not for Schema Objects, whose references the validator follows.
     */
    static Located deref(Located located) {
        Located at = located;
        for (int hops = 0; at.node().has("$ref"); hops++) {
            String ref = at.node().get("$ref").asText();
            if (hops > 16 || !ref.startsWith("#/")) {
                throw new AssertionError(at.where() + ": cannot follow $ref " + ref);
            }
            at = pointer(ref);
        }
        return at;
    }

    /** The node a local reference ({@code #/components/...}) names. */
    static Located pointer(String ref) {
        Located at = new Located(DOCUMENT, List.of());
        for (String segment : ref.substring(2).split("/", -1)) {
            at = at.child(java.net.URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8)
                    .replace("~1", "/").replace("~0", "~"));
            if (at.node().isMissingNode()) {
                throw new AssertionError("$ref " + ref + " names nothing in openapi.yaml");
            }
        }
        return at;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String abbreviate(String body) {
        return body == null ? "(no body)" : body.length() <= 2000 ? body : body.substring(0, 2000) + "...";
    }

    private static String resource() {
        try (InputStream in = DecisionServer.class.getResourceAsStream("openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is not next to DecisionServer on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** YAML read as the project reads YAML (SnakeYAML), a key given twice refused. */
    static JsonNode parse(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object tree = new Yaml(new SafeConstructor(options)).load(yaml);
        return new ObjectMapper().valueToTree(tree);
    }

    /** The text of a contract schema by its IRI (next to the description, or its $id), or null. */
    static String contractSchema(String iri) {
        for (String prefix : SCHEMA_PREFIXES) {
            if (iri.startsWith(prefix)) {
                String name = iri.substring(prefix.length());
                Path file = SCHEMAS.resolve(name);
                if (name.matches("[a-z-]+\\.schema\\.json") && Files.isRegularFile(file)) {
                    try {
                        return Files.readString(file);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return null;
    }

    /**
     * The description and the contract's schemas from this checkout; any other http(s) IRI fails at once instead of
     * being fetched. (JSON Schema's own meta-schemas come from the validator's jar, mapped before loaders run.)
     */
    private static final class OfflineLoader implements SchemaLoader {
        @Override
        public InputStreamSource getSchema(com.networknt.schema.AbsoluteIri iri) {
            String text = iri.toString().equals(BASE) ? TEXT : contractSchema(iri.toString());
            if (text != null) {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                return () -> new ByteArrayInputStream(bytes);
            }
            if (iri.toString().startsWith("http:") || iri.toString().startsWith("https:")) {
                return () -> {
                    throw new IOException(iri + " is neither openapi.yaml nor a schema in " + SCHEMAS
                            + ", and nothing is fetched from the network");
                };
            }
            return null;
        }
    }
}
