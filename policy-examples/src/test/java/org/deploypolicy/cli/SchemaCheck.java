package org.deploypolicy.cli;

/** The repository's JSON Schemas, for tests outside this package. */
public final class SchemaCheck {
    private SchemaCheck() {
    }

    public static void decision(String json) {
        Schemas.assertValid(Schemas.DECISION, json);
    }

    public static void error(String json) {
        Schemas.assertValid(Schemas.ERROR, json);
    }
}
