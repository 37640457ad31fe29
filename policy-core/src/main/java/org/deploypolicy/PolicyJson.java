package org.deploypolicy;

import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

import org.deploypolicy.internal.Core;

/**
 * The JSON of the wire contract (docs/contract.md): requests read strictly, decisions, requests and errors written.
 * The command line, the HTTP service, scenario files and the decision log all go through it. Thread-safe.
 */
public final class PolicyJson {
    /** The largest request read, in bytes (1 MiB): over it, a request is refused, never cut short. */
    public static final int MAX_REQUEST_BYTES = Core.MAX_REQUEST_BYTES;

    private PolicyJson() {
    }

    /**
     * Reads a request. Unknown fields, duplicate keys, enum values not spelt exactly, times without an offset
     * and requests over the limits are errors. Its {@code attributes} are read (each a number, a text, a boolean or
     * a list of those) but not checked, since only a policy declares them: {@link DeploymentPolicy#readRequest}
     * checks them too, and {@link DeploymentPolicy#evaluate} checks them before deciding.
     *
     * @throws InvalidRequestException naming every field at fault by its path ({@code $.change.severity})
     */
    public static PolicyRequest readRequest(String json) {
        return Core.readRequest(json);
    }

    /**
     * Reads a request from a stream, up to the 1 MiB limit.
     *
     * @throws InvalidRequestException as {@link #readRequest(String)}
     * @throws IOException             when the stream cannot be read
     */
    public static PolicyRequest readRequest(InputStream json) throws IOException {
        return Core.readRequest(json.readNBytes(Core.MAX_REQUEST_BYTES + 1));
    }

    /**
     * Reads a time as requests carry them: RFC 3339 with an offset ({@code 2026-11-24T10:30:00+03:00}, seconds and a
     * fraction optional, {@code Z} for UTC), for tools that take times beside requests (a command line's
     * {@code --at}, a time in another JSON document).
     *
     * @throws IllegalArgumentException saying what is wrong with it, in the words request errors use
     */
    public static OffsetDateTime readTime(String text) {
        return Core.readTime(Objects.requireNonNull(text, "text"));
    }

    /**
     * Reads other JSON by the rules requests are read by (UTF-8 only, a leading byte-order mark skipped, duplicate
     * keys refused, a failure told by line and column), for tools that read JSON beside requests, such as answers
     * saved from GitHub's API: every value in the bytes, one after the other (empty bytes hold none), each bound to
     * {@code type} by the JSON library the project uses (a {@code Map}, a {@code List}, a record, a tree node).
     *
     * @throws InvalidRequestException with one problem: where the bytes stop being JSON of that type, and why
     */
    public static <T> List<T> readValues(byte[] json, Class<T> type) {
        return Core.readValues(Objects.requireNonNull(json, "json"), Objects.requireNonNull(type, "type"));
    }

    /** A decision as JSON, every time in it with the offset it carries (the policy zone's). */
    public static String toJson(Decision decision) {
        return Core.toJson(decision);
    }

    /** An error as the contract's error object: {@code {"error": ..., "problems": [...]}}. */
    public static String toJson(PolicyException error) {
        return Core.toJson(error);
    }

    /**
     * An error of a program built on the library that is about neither a request nor a policy (the HTTP service's
     * {@code FORBIDDEN}, {@code NOT_FOUND}, {@code METHOD_NOT_ALLOWED}), in the shape of the contract's error object:
     * {@code {"error": code, "problems": [{"message": message}]}}.
     *
     * @param code an upper-case code, such as {@code NOT_FOUND}
     */
    public static String errorJson(String code, String message) {
        if (!code.matches("[A-Z][A-Z_]*")) {
            throw new IllegalArgumentException("an error code is upper case, like NOT_FOUND; was \"" + code + "\"");
        }
        return Core.errorJson(code, Objects.requireNonNull(message, "message"));
    }

    /**
     * A deploy calendar: {@code {"policy", "zone", "days": [{"date", "weekday", "periods": [{"from", "to", "allows",
     * "severities", "preferred", "freezes": [{"name", "reason"}], "rules": [{"rule", "subject"}]}]}]}}.
     */
    public static String toJson(DeployCalendar calendar) {
        return Core.toJson(Objects.requireNonNull(calendar, "calendar"));
    }

    /** Which policy: {@code {"name": ..., "version": "sha256:..."}}. */
    public static String toJson(PolicyId id) {
        return Core.toJson(id);
    }

    /**
     * A policy described, as the HTTP service's {@code GET /v1/policy} answers: {@code {"name", "version", "rules":
     * [{"id", "effects", "file"}], "attributes"}}, each rule in force with the effects its consequence can report,
     * and the JSON Schema of the {@code attributes} object its requests may carry.
     */
    public static String toJson(DeploymentPolicy policy) {
        return policy.describedJson();
    }

    /** A request as JSON, which {@link #readRequest(String)} reads back to an equal request. */
    public static String toJson(PolicyRequest request) {
        return Core.toJson(request);
    }
}
