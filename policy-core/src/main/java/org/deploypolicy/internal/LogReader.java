package org.deploypolicy.internal;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deploypolicy.DecisionHistory;
import org.deploypolicy.DecisionLog;
import org.deploypolicy.InvalidRequestException;
import org.deploypolicy.PolicyRequest;

/** Reads a decision log's lines back as decisions (with their requests) and done lines. */
final class LogReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LogReader() {
    }

    static DecisionHistory.Log read(Path file) {
        HashChainedLog.Snapshot read = HashChainedLog.snapshot(file);
        List<String> lines = read.text().lines().toList();
        DecisionLog.Audit audit = read.audit();
        List<DecisionHistory.Entry> entries = new ArrayList<>();
        List<DecisionHistory.LineProblem> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            try {
                entries.add(entry(file, number, lines.get(i)));
            } catch (IllegalArgumentException e) {
                problems.add(new DecisionHistory.LineProblem(file, number, e.getMessage()));
            }
        }
        return new DecisionHistory.Log(file, audit, entries, problems);
    }

    private static DecisionHistory.Entry entry(Path file, int number, String text) {
        JsonNode line;
        try {
            line = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (line == null || !line.isObject() || !line.path("time").isTextual()) {
            throw new IllegalArgumentException("not a decision or a done line of a decision log");
        }
        OffsetDateTime time = JsonMapping.time(line.get("time").asText(), "time");
        JsonNode done = line.path("done");
        if (done.isObject()) {
            return new DecisionHistory.Done(file, number, time, JsonMapping.text(done, "done.requestId"),
                    JsonMapping.text(done, "done.rule"), JsonMapping.text(done, "done.by"),
                    JsonMapping.optionalText(done, "evidence"));
        }
        if (!line.path("decision").isObject() || !line.path("requestDigest").isTextual()) {
            throw new IllegalArgumentException("not a decision or a done line of a decision log");
        }
        Optional<PolicyRequest> request = Optional.empty();
        if (line.hasNonNull("request")) {
            try {
                request = Optional.of(JsonMapping.readRequest(line.get("request")));
            } catch (InvalidRequestException e) {
                throw new IllegalArgumentException("its request cannot be read: " + String.join("; ",
                        e.problems().stream().map(problem -> problem.describe()).toList()));
            }
        }
        try {
            return new DecisionHistory.Decided(file, number, time, line.get("requestDigest").asText(), request,
                    JsonMapping.readDecision(line.get("decision")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("its decision cannot be read: " + e.getMessage());
        }
    }
}
