package org.deploypolicy.internal;

import static org.deploypolicy.internal.YamlReaders.noteAsScenario;
import static org.deploypolicy.internal.YamlReaders.noteAsSettings;
import static org.deploypolicy.internal.YamlReaders.withNote;
import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever is written as a value, a {@code policy.yaml} and a scenario file read it the same: the same value, or the
 * same problem at the same line and column.
 */
class YamlValuesReadAlikeProperties {
    @Property
    void aValueReadsTheSameInSettingsAndInAScenario(@ForAll("values") String written) {
        String text = withNote(written);

        assertEquals(noteAsSettings(text), noteAsScenario(text));
    }

    /** Values YAML 1.1 and 1.2 read differently, words and numbers around them, and text that is hardly YAML. */
    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.of("yes", "No", "on", "OFF", "y", "true", "False", "null", "~", "", "007", "-0", "+1",
                        "0x1F", "0o17", "0b101", "1_000", "9:00", "12:30:00", ".inf", "-.Inf", ".NaN", "1.", ".5",
                        "1e3", "2026-11-27", "2026-11-27T10:00:00+03:00", "<<", "=", "!!str 5", "!!int 5",
                        "!!bool yes", "!foo x", "*nope", "&a x", "'yes'", "\"on\"", "[yes, 5]", "{on: 1}"),
                Arbitraries.strings().withChars("aeflnorstuyNTY0123456789.:+-_~x ").ofMaxLength(10),
                Arbitraries.strings().withChars("0123456789.:+-_eE#!&*'\"[]{},<=|>%@` ").ofMaxLength(8));
    }
}
