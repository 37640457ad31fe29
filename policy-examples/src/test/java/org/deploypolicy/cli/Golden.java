package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files: output a person checked, under {@code src/test/resources/golden}. Run with
 * {@code -Dgolden.update=true} to write what the code prints now, then read the difference before committing it.
 */
final class Golden {
    static final Path DIRECTORY = Path.of("src/test/resources/golden");

    private Golden() {
    }

    /** Asserts that {@code actual} is the golden file {@code name}, byte for byte (writing it first when updating). */
    static void assertMatches(String name, String actual) throws IOException {
        Path file = DIRECTORY.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(file, actual);
        }
        assertTrue(Files.exists(file), () -> "no golden file " + file + " (run with -Dgolden.update=true, then check it)");
        assertEquals(Files.readString(file), actual, name);
    }
}
