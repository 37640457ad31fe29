package org.deploypolicy;

import java.io.IOException;
import java.io.InputStream;

import org.deploypolicy.internal.JsonMapping;

/**
 * The JSON of the wire contract (docs/contract.md): requests read strictly, decisions, requests and errors written.
 * The command line, the HTTP service, scenario files and the decision log all go through it. Thread-safe.
 */
public final class PolicyJson {
    /** The largest request read, in bytes (1 MiB): over it, a request is refused, never cut short. */
    public static final int MAX_REQUEST_BYTES = JsonMapping.MAX_REQUEST_BYTES;

    private PolicyJson() {
    }

    /**
     * Reads a request. Unknown fields, duplicate keys, enum values not spelt exactly, times without an offset
     * and requests over the limits are errors.
     *
     * @throws InvalidRequestException naming every field at fault by its path ({@code $.change.severity})
     */
    public static PolicyRequest readRequest(String json) {
        return JsonMapping.readRequest(json);
    }

    /**
     * Reads a request from a stream, up to the 1 MiB limit.
     *
     * @throws InvalidRequestException as {@link #readRequest(String)}
     * @throws IOException             when the stream cannot be read
     */
    public static PolicyRequest readRequest(InputStream json) throws IOException {
        return JsonMapping.readRequest(json.readNBytes(JsonMapping.MAX_REQUEST_BYTES + 1));
    }

    /** A decision as JSON, every time in it with the offset it carries (the policy zone's). */
    public static String toJson(Decision decision) {
        return JsonMapping.write(decision);
    }

    /** An error as the contract's error object: {@code {"error": ..., "problems": [...]}}. */
    public static String toJson(PolicyException error) {
        return JsonMapping.write(error);
    }

    /** Which policy: {@code {"name": ..., "version": "sha256:..."}}. */
    public static String toJson(PolicyId id) {
        return JsonMapping.write(id);
    }

    /**
     * A policy described, as the HTTP service's {@code GET /v1/policy} answers: {@code {"name", "version", "rules":
     * [{"id", "effects", "file"}]}}, each rule in force with the effects its consequence can report.
     */
    public static String toJson(DeploymentPolicy policy) {
        return JsonMapping.write(policy.id(), policy.rules());
    }

    /** A request as JSON, which {@link #readRequest(String)} reads back to an equal request. */
    public static String toJson(PolicyRequest request) {
        return JsonMapping.write(request);
    }
}
