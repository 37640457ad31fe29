package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.deploypolicy.InvalidRequestException;
import org.deploypolicy.PolicyJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code schemas/request.schema.json} says what the reader does about times and blank texts: a request that one
 * refuses, the other refuses too. That the schema has the fields the reader reads, each required or not and of
 * its type, is checked against the wire description in {@code policy-core}
 * ({@code RequestSchemaAgreesWithTheWireTest}).
 */
class RequestSchemaAgreesWithTheReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode sample() throws IOException {
        return (ObjectNode) JSON.readTree(Files.readString(Path.of("samples", "normal-tuesday-release.json")));
    }

    private static boolean readerAccepts(ObjectNode request) throws IOException {
        try {
            PolicyJson.readRequest(JSON.writeValueAsString(request));
            return true;
        } catch (InvalidRequestException e) {
            return false;
        }
    }

    private static boolean schemaAccepts(ObjectNode request) {
        return Schemas.REQUEST.validate(request).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-24T10:30:00+03:00", "2026-11-24t10:30:00z", "2026-11-24T10:30+03:00",
            "2026-11-24T10:30:00.123456789Z", "0001-01-01T00:00:00+18:00", "2026-11-24T10:30:00+03",
            "2026-11-24T10:30:00+0300", "2026-11-24T10:30:00+03:00:30", "2026-11-24T10:30:00.+03:00",
            "2026-11-24T23:59:60+03:00", "2026-11-24", "2026-11-24T10:30:00", "2026-11-24T10:30:00.1234567891Z",
            "2026-11-24T10:30:00+18:01", "0000-01-01T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-24 10:30:00Z"})
    void aTimeIsAcceptedByTheSchemaExactlyWhenTheReaderReadsIt(String time) throws IOException {
        ObjectNode request = sample();
        request.set("at", new TextNode(time));

        assertEquals(readerAccepts(request), schemaAccepts(request), time);
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "\u00A0", "\u202F", "\u200B", "\uFEFF", "\u3000", "\t\n", "\u0001", "\u2028",
            "\u00A0x", "x\u200B", "é"})
    void aNameIsBlankForTheSchemaExactlyWhenItIsForTheReader(String id) throws IOException {
        ObjectNode request = sample();
        request.set("id", new TextNode(id));

        assertEquals(readerAccepts(request), schemaAccepts(request), () -> "U+" + Integer.toHexString(id.codePointAt(0)));
    }
}
