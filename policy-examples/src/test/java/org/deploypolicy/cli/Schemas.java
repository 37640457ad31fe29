package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** The JSON Schemas in the repository's {@code schemas/} folder, to check what the command line reads and prints. */
final class Schemas {
    static final Path FOLDER = Path.of("..", "schemas");
    static final JsonSchema REQUEST = load("request.schema.json");
    static final JsonSchema DECISION = load("decision.schema.json");
    static final JsonSchema ERROR = load("error.schema.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Schemas() {
    }

    private static JsonSchema load(String name) {
        try (InputStream in = Files.newInputStream(FOLDER.resolve(name))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema " + name, e);
        }
    }

    static void assertValid(JsonSchema schema, String json) {
        try {
            JsonNode node = JSON.readTree(json);
            Set<ValidationMessage> problems = schema.validate(node);
            assertEquals(Set.of(), problems, () -> "not valid against the schema:\n" + json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
