package org.deploypolicy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.deploypolicy.InvalidPolicyException;
import org.deploypolicy.PolicyProblem;
import org.deploypolicy.Scenario;

/**
 * The two readers of YAML, each given the same text: as a {@code policy.yaml} (its settings tree, before the
 * settings are checked) and as a scenario file (its scenarios, as {@link Scenario#read} returns them).
 */
final class YamlReaders {
    private static final String NOTE = "note: must be a string; was ";

    private YamlReaders() {
    }

    /** The settings tree of a {@code policy.yaml}, {@code extends} left out. */
    static JsonNode settings(String text) {
        PolicyFiles files = new PolicyFiles("test", new PolicyFiles.SourceFile(PolicyFiles.SETTINGS,
                text.getBytes(StandardCharsets.UTF_8)), List.of(), List.of());
        return SettingsLayers.read(files, YamlReaders.class.getClassLoader()).merged();
    }

    /** The scenarios of a scenario file with this text. */
    static List<Scenario> scenarios(String text) {
        try {
            Path file = Files.createTempFile("scenario", ".yaml");
            try {
                Files.writeString(file, text);
                return ScenarioFiles.read(file);
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The only problem of a failure, without its file (the two readers name the file differently). */
    static String problem(InvalidPolicyException error) {
        assertEquals(1, error.problems().size(), error.getMessage());
        PolicyProblem problem = error.problems().get(0);
        return problem.line().orElse(0) + ":" + problem.column().orElse(0) + ": " + problem.message();
    }

    /**
     * What a {@code policy.yaml} reads {@code note} as, told as the strict readers tell a value ({@code "text"},
     * {@code 5}, {@code true}, {@code null}, {@code a list}), or its problem.
     */
    static String noteAsSettings(String text) {
        try {
            JsonNode note = settings(text).get("note");
            return note == null || note.isNull() ? "null" : StrictReader.describe(note);
        } catch (InvalidPolicyException e) {
            return problem(e);
        }
    }

    /** What a scenario file reads its scenario's {@code note} as, told as {@link #noteAsSettings} tells it. */
    static String noteAsScenario(String text) {
        try {
            return StrictReader.describe(TextNode.valueOf(scenarios(text).get(0).note()));
        } catch (InvalidPolicyException e) {
            String problem = problem(e);
            String message = e.problems().get(0).message();
            return message.startsWith(NOTE) ? message.substring(NOTE.length())
                    : message.startsWith("note: required") ? "null" : problem;
        }
    }

    /** A scenario file, also read as settings, whose note is {@code value} as written. */
    static String withNote(String value) {
        return "note: " + value + "\nrequest: {}\nwant: {outcome: APPROVED, findings: []}\n";
    }
}
