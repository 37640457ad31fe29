package org.deploypolicy.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.deploypolicy.Decision;
import org.deploypolicy.DecisionLog;
import org.deploypolicy.DecisionLog.Audit;
import org.deploypolicy.PolicyRequest;
import org.slf4j.LoggerFactory;

/**
 * A decision log whose lines form a hash chain. Each line is a JSON object
 * {@code {"seq", "time", "requestDigest", "policy", "decision", "prev", "hash"}} where {@code hash} is the SHA-256
 * of the line without its {@code hash} field (as written, keys in that order) and {@code prev} the hash of the
 * line before ({@code sha256:} and 64 zeros for the first). Editing a line breaks its hash; deleting or
 * reordering lines breaks the chain; a deleted last line shows only against a count and last hash kept apart.
 */
public final class HashChainedLog implements DecisionLog {
    static final String GENESIS = "sha256:" + "0".repeat(64);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Consumer<String> sink;
    private long seq;
    private String previous;

    private HashChainedLog(Consumer<String> sink, long seq, String previous) {
        this.sink = sink;
        this.seq = seq;
        this.previous = previous;
    }

    public static DecisionLog toFile(Path file) {
        Audit audit = audit(file);
        if (!audit.sound()) {
            throw new IllegalStateException(file + ":" + audit.brokenLine() + ": " + audit.problem()
                    + "; this log cannot be continued");
        }
        return new HashChainedLog(line -> append(file, line), audit.goodLines(), audit.lastHash());
    }

    public static DecisionLog toSlf4j(String logger) {
        org.slf4j.Logger log = LoggerFactory.getLogger(logger);
        return new HashChainedLog(log::info, 0, GENESIS);
    }

    @Override
    public synchronized void record(PolicyRequest request, Decision decision) {
        ObjectNode line = JSON.createObjectNode();
        line.put("seq", ++seq);
        line.put("time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now(ZoneOffset.UTC)));
        line.put("requestDigest", Sha256.named(JsonMapping.canonical(request)));
        line.putObject("policy").put("name", decision.policy().name()).put("version", decision.policy().version());
        line.set("decision", JsonMapping.tree(decision));
        line.put("prev", previous);
        String hash = Sha256.named(JsonMapping.compact(line));
        line.put("hash", hash);
        sink.accept(JsonMapping.compact(line));
        previous = hash;
    }

    /** An audit that also checks the log still reaches a count and last hash kept from an earlier audit. */
    public static Audit audit(Path file, int keptCount, String keptHash) {
        Chain chain = chain(file);
        Audit audit = chain.audit();
        if (!audit.sound()) {
            return audit;
        }
        if (audit.goodLines() < keptCount) {
            return new Audit(audit.goodLines(), audit.lastHash(), audit.goodLines() + 1, "missing: the log has "
                    + audit.goodLines() + " lines where " + keptCount + " were kept (lines were deleted from the end)");
        }
        String hash = keptCount == 0 ? GENESIS : chain.hashes().get(keptCount - 1);
        if (!hash.equals(keptHash)) {
            return new Audit(keptCount - 1, "", keptCount, "replaced: its hash is not the one kept (" + keptHash + ")");
        }
        return audit;
    }

    public static Audit audit(Path file) {
        return chain(file).audit();
    }

    /** An audit, and the hash of each good line in order. */
    private record Chain(Audit audit, List<String> hashes) {
    }

    private static Chain chain(Path file) {
        List<String> hashes = new ArrayList<>();
        List<String> lines;
        boolean endsWithNewline;
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = new String(bytes, StandardCharsets.UTF_8);
            endsWithNewline = text.isEmpty() || text.endsWith("\n");
            lines = text.lines().toList();
        } catch (NoSuchFileException e) {
            return new Chain(new Audit(0, GENESIS, 0, ""), hashes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read decision log " + file, e);
        }
        String previous = GENESIS;
        for (int i = 0; i < lines.size(); i++) {
            boolean last = i == lines.size() - 1;
            Checked checked = check(lines.get(i), previous, i + 1);
            String problem = checked.problem();
            if (problem == null && last && !endsWithNewline) {
                problem = "torn: the last line has no end (a write was cut short)";
            }
            if (problem != null) {
                if (last && problem.startsWith("not JSON")) {
                    problem = "torn: the last line is incomplete (a write was cut short)";
                }
                return new Chain(new Audit(i, previous, i + 1, problem), hashes);
            }
            previous = checked.hash();
            hashes.add(previous);
        }
        return new Chain(new Audit(lines.size(), previous, 0, ""), hashes);
    }

    /** A line checked: its hash when it has one, and what is wrong with it, or null. */
    private record Checked(String hash, String problem) {
    }

    /** Checks one line given the hash before it. */
    private static Checked check(String text, String previous, long expectedSeq) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new Checked(null, "not JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode line) || !line.has("hash") || !line.has("prev") || !line.has("seq")) {
            return new Checked(null, "not a decision-log line (seq, prev and hash are required)");
        }
        String hash = line.get("hash").asText();
        line.remove("hash");
        if (!hash.equals(Sha256.named(JsonMapping.compact(line)))) {
            return new Checked(hash, "edited: its hash does not match its content");
        }
        if (!line.get("prev").asText().equals(previous)) {
            return new Checked(hash, "out of chain: it does not follow the line before it (a line was deleted, "
                    + "inserted or moved)");
        }
        if (line.get("seq").asLong() != expectedSeq) {
            return new Checked(hash, "out of sequence: seq " + line.get("seq").asLong() + " where " + expectedSeq
                    + " was expected");
        }
        return new Checked(hash, null);
    }

    private static void append(Path file, String line) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write decision log " + file, e);
        }
    }
}
