package org.deploypolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The builder checks each argument at once, naming it, and {@code build()} checks what was given together. */
class PolicyBuilderTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "../core-test", "deploy-policy/core-test", "a/b", ".."})
    void aClasspathNameMustBeAPlainName(String name) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> DeploymentPolicy.builder().classpath(name));

        assertTrue(error.getMessage().contains("policy name"), error.getMessage());
    }

    @Test
    void nullArgumentsAreNamed() {
        assertEquals("policy name must not be null",
                assertThrows(NullPointerException.class, () -> DeploymentPolicy.builder().classpath(null)).getMessage());
        assertEquals("policy directory must not be null",
                assertThrows(NullPointerException.class, () -> DeploymentPolicy.builder().directory(null)).getMessage());
        assertEquals("clock must not be null",
                assertThrows(NullPointerException.class, () -> DeploymentPolicy.builder().clock(null)).getMessage());
        assertEquals("class loader must not be null",
                assertThrows(NullPointerException.class, () -> DeploymentPolicy.builder().classLoader(null)).getMessage());
    }

    @Test
    void exactlyOneSourceIsNeeded() {
        assertThrows(IllegalStateException.class, () -> DeploymentPolicy.builder().build());
        assertThrows(IllegalStateException.class,
                () -> DeploymentPolicy.builder().classpath("core-test").directory(Path.of("policy")).build());
    }
}
