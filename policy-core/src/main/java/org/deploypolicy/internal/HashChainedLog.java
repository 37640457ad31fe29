package org.deploypolicy.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.deploypolicy.Decision;
import org.deploypolicy.DecisionLog;
import org.deploypolicy.DecisionLog.Audit;
import org.deploypolicy.IoFailedException;
import org.deploypolicy.IoProblem;
import org.deploypolicy.PolicyRequest;
import org.slf4j.LoggerFactory;

/**
 * A decision log whose lines form a hash chain. Each line is a JSON object
 * {@code {"seq", "time", "requestDigest", "policy", "decision", "prev", "hash"}} where {@code hash} is the SHA-256
 * of the line without its {@code hash} field (as written, keys in that order) and {@code prev} the hash of the
 * line before ({@code sha256:} and 64 zeros for the first). Editing a line breaks its hash; deleting or
 * reordering lines breaks the chain; a deleted last line shows only against a count and last hash kept apart.
 *
 * <p><b>Several writers.</b> A file log keeps no sequence number or hash in memory: each append locks the file,
 * reads its last line for the seq and hash to follow, appends and forces the line to disk, and only then
 * unlocks. So processes, threads and several logs on one file in one process append to one chain. The file lock
 * belongs to the whole process (a second lock from the same JVM is refused, and closing any channel on the file
 * may release it), so every reader and writer here first takes a lock of this JVM for the file, and holds it
 * while any channel on the file is open. The whole file is audited once, when a log is opened; an append checks
 * only the last line's own hash, since the lines before it were audited (by this process or the one that wrote
 * them) under the same lock.
 */
final class HashChainedLog implements DecisionLog {
    static final String GENESIS = "sha256:" + "0".repeat(64);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** This JVM's lock for each log file, by real path; never removed (one small lock per file ever used). */
    private static final ConcurrentMap<Path, ReentrantLock> FILE_LOCKS = new ConcurrentHashMap<>();

    private final Tail tail;
    private final boolean requests;

    private HashChainedLog(Tail tail, boolean requests) {
        this.tail = tail;
        this.requests = requests;
    }

    /**
     * A log appended to a file, after checking the lines already there.
     *
     * @throws IoFailedException when the file cannot be read, its directory does not exist, or it is not a sound
     *                           log (naming the first line at fault)
     */
    static HashChainedLog toFile(Path file, boolean requests) {
        Audit audit;
        try {
            audit = locked(file, () -> chain(file)).audit();
        } catch (NoSuchFileException e) {
            Path directory = file.toAbsolutePath().getParent();
            if (directory == null || !Files.isDirectory(directory)) {
                throw IoFailedException.of(file.toString(), "cannot write the decision log", e);
            }
            return new HashChainedLog(new FileTail(file), requests);
        } catch (IOException e) {
            throw IoFailedException.of(file.toString(), "cannot read the decision log", e);
        }
        if (!audit.sound()) {
            throw new IoFailedException(new IoProblem(file.toString(), "cannot continue the decision log: line "
                    + audit.brokenLine() + ": " + audit.problem()), null);
        }
        return new HashChainedLog(new FileTail(file), requests);
    }

    static DecisionLog toSlf4j(String logger, boolean requests) {
        org.slf4j.Logger log = LoggerFactory.getLogger(logger);
        return new HashChainedLog(new MemoryTail(log::info), requests);
    }

    /**
     * Appends a line saying an obligation of a decision in the log was met: {@code {"seq", "time", "done":
     * {"requestId", "rule", "by", "evidence"}, "prev", "hash"}}. It lifts and changes no decision.
     *
     * @throws IoFailedException when the log is not sound or the line cannot be written
     */
    static void appendDone(Path file, String requestId, String rule, String by, Optional<String> evidence) {
        toFile(file, true).tail.append(last -> {
            ObjectNode line = started(last);
            ObjectNode done = line.putObject("done").put("requestId", requestId).put("rule", rule).put("by", by);
            done.put("evidence", evidence.orElse(null));
            return chained(last, line);
        });
    }

    /** A line to follow {@code last}: its {@code seq} and the {@code time} it is written. */
    private static ObjectNode started(Link last) {
        ObjectNode line = JSON.createObjectNode();
        line.put("seq", last.seq() + 1);
        line.put("time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now(ZoneOffset.UTC)));
        return line;
    }

    /** The line with its {@code prev} and {@code hash}, as the link after {@code last}. */
    private static Link chained(Link last, ObjectNode line) {
        line.put("prev", last.hash());
        String hash = Sha256.named(JsonMapping.compact(line));
        line.put("hash", hash);
        return new Link(last.seq() + 1, hash, JsonMapping.compact(line));
    }

    /**
     * Writes one line.
     *
     * @throws IoFailedException when the line cannot be written; the file is then left as it was
     */
    @Override
    public void record(PolicyRequest request, Decision decision) {
        ObjectNode asRead = JsonMapping.tree(request);
        String digest = Sha256.named(JsonMapping.canonical(asRead));
        ObjectNode tree = JsonMapping.tree(decision);
        tail.append(last -> {
            ObjectNode line = started(last);
            line.put("requestDigest", digest);
            if (requests) {
                line.set("request", asRead);
            }
            line.putObject("policy").put("name", decision.policy().name()).put("version", decision.policy().version());
            line.set("decision", tree);
            return chained(last, line);
        });
    }

    @Override
    public Optional<String> problem() {
        return tail.problem();
    }

    /** A line of the chain: its seq and hash, and its text (empty for the start of a chain). */
    private record Link(long seq, String hash, String text) {
        static final Link START = new Link(0, GENESIS, "");
    }

    /** Where lines go, and how the last one is known. */
    private interface Tail {
        /** Appends the line {@code next} makes from the last line. */
        void append(Function<Link, Link> next);

        /** Why a line could not be appended now, or empty. */
        default Optional<String> problem() {
            return Optional.empty();
        }
    }

    /** Lines handed to a sink, the chain kept in memory (one writer: this object). */
    private static final class MemoryTail implements Tail {
        private final Consumer<String> sink;
        private Link last = Link.START;

        MemoryTail(Consumer<String> sink) {
            this.sink = sink;
        }

        @Override
        public synchronized void append(Function<Link, Link> next) {
            Link line = next.apply(last);
            sink.accept(line.text());
            last = line;
        }
    }

    /** Lines appended to a file, the chain read from the file's last line under its lock. */
    private static final class FileTail implements Tail {
        private final Path file;

        FileTail(Path file) {
            this.file = file;
        }

        @Override
        public Optional<String> problem() {
            if (Files.exists(file)) {
                return Files.isWritable(file) ? Optional.empty()
                        : Optional.of(file + ": cannot write the decision log: not writable");
            }
            Path directory = file.toAbsolutePath().getParent();
            return directory != null && Files.isDirectory(directory) && Files.isWritable(directory) ? Optional.empty()
                    : Optional.of(file + ": cannot write the decision log: its directory is missing or not writable");
        }

        @Override
        public void append(Function<Link, Link> next) {
            try {
                locked(file, () -> {
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                            StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                        long size = channel.size();
                        Link line = next.apply(last(channel, size));
                        ByteBuffer bytes = ByteBuffer.wrap((line.text() + "\n").getBytes(StandardCharsets.UTF_8));
                        try {
                            for (long at = size; bytes.hasRemaining(); ) {
                                at += channel.write(bytes, at);
                            }
                            channel.force(false);
                        } catch (IOException e) {
                            channel.truncate(size);
                            throw e;
                        }
                    }
                    return null;
                });
            } catch (IOException e) {
                throw IoFailedException.of(file.toString(), "cannot write the decision log", e);
            } catch (OverlappingFileLockException e) {
                throw new IoFailedException(new IoProblem(file.toString(), "cannot write the decision log: this "
                        + "process holds it locked under another name"), e);
            }
        }

        /** The last line of a file, checked against its own hash. */
        private Link last(FileChannel channel, long size) throws IOException {
            if (size == 0) {
                return Link.START;
            }
            if (byteAt(channel, size - 1) != '\n') {
                throw unsound("its last line is torn (a write was cut short)");
            }
            long start = size - 1;
            ByteBuffer chunk = ByteBuffer.allocate(8192);
            search:
            while (start > 0) {
                long from = Math.max(0, start - chunk.capacity());
                chunk.clear().limit((int) (start - from));
                readFully(channel, chunk, from);
                for (int i = chunk.limit() - 1; i >= 0; i--) {
                    if (chunk.get(i) == '\n') {
                        start = from + i + 1;
                        break search;
                    }
                }
                start = from;
            }
            ByteBuffer text = ByteBuffer.allocate((int) (size - 1 - start));
            readFully(channel, text, start);
            Checked checked = check(new String(text.array(), StandardCharsets.UTF_8));
            if (checked.problem() != null) {
                throw unsound("its last line is " + checked.problem());
            }
            return new Link(checked.seq(), checked.hash(), "");
        }

        private IoFailedException unsound(String problem) {
            return new IoFailedException(new IoProblem(file.toString(), "cannot write the decision log: " + problem
                    + "; audit it"), null);
        }

        private static byte byteAt(FileChannel channel, long position) throws IOException {
            ByteBuffer one = ByteBuffer.allocate(1);
            readFully(channel, one, position);
            return one.get(0);
        }

        private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
            for (long at = position; into.hasRemaining(); ) {
                int read = channel.read(into, at);
                if (read < 0) {
                    throw new IOException("the file ended early");
                }
                at += read;
            }
        }
    }

    /** An audit that also checks the log still reaches a count and last hash kept from an earlier audit. */
    static Audit audit(Path file, int keptCount, String keptHash) {
        Chain chain = readChain(file);
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

    static Audit audit(Path file) {
        return readChain(file).audit();
    }

    /** The whole file's chain, read while no one appends; a file that cannot be read is an error. */
    private static Chain readChain(Path file) {
        try {
            return locked(file, () -> chain(file));
        } catch (IOException e) {
            throw IoFailedException.of(file.toString(), "cannot read the decision log", e);
        }
    }

    /** An audit, and the hash of each good line in order. */
    private record Chain(Audit audit, List<String> hashes) {
    }

    /** Reads and checks a whole file, under a shared lock so that no other process is halfway through a line. */
    private static Chain chain(Path file) throws IOException {
        return chainOf(text(file));
    }

    /** A log's text, read under a shared lock so that no other process is halfway through a line. */
    private static String text(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             FileLock lock = channel.lock(0, Long.MAX_VALUE, true)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE - 8) {
                throw new IOException("file too large to audit (over 2 GiB)");
            }
            ByteBuffer bytes = ByteBuffer.allocate((int) size);
            FileTail.readFully(channel, bytes, 0);
            // a byte that is not UTF-8 (a line cut inside a character) is the audit's to report, by line
            return new String(bytes.array(), StandardCharsets.UTF_8);
        }
    }

    /** A log's text as read once, and its audit: what a reader of the log's lines uses, so both see the same lines. */
    record Snapshot(String text, Audit audit) {
    }

    /**
     * Reads a log once, under this JVM's lock and the file's, and audits what was read.
     *
     * @throws IoFailedException when the file does not exist or cannot be read
     */
    static Snapshot snapshot(Path file) {
        try {
            return locked(file, () -> {
                String text = text(file);
                return new Snapshot(text, chainOf(text).audit());
            });
        } catch (IOException e) {
            throw IoFailedException.of(file.toString(), "cannot read the decision log", e);
        }
    }

    private static Chain chainOf(String text) {
        List<String> hashes = new ArrayList<>();
        boolean endsWithNewline = text.isEmpty() || text.endsWith("\n");
        List<String> lines = text.lines().toList();
        String previous = GENESIS;
        for (int i = 0; i < lines.size(); i++) {
            boolean last = i == lines.size() - 1;
            Checked checked = check(lines.get(i));
            String problem = checked.problem() != null ? checked.problem() : linkProblem(checked, previous, i + 1);
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

    /** What is wrong with a sound line's place in the chain, given the hash before it and its seq, or null. */
    private static String linkProblem(Checked line, String previous, long expectedSeq) {
        if (!line.prev().equals(previous)) {
            return "out of chain: it does not follow the line before it (a line was deleted, inserted or moved)";
        }
        if (line.seq() != expectedSeq) {
            return "out of sequence: seq " + line.seq() + " where " + expectedSeq + " was expected";
        }
        return null;
    }

    /** A line checked on its own: its seq, prev and hash, and what is wrong with it, or null. */
    private record Checked(long seq, String prev, String hash, String problem) {
        static Checked wrong(String problem) {
            return new Checked(0, "", "", problem);
        }
    }

    /** Checks one line against its own hash. */
    private static Checked check(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return Checked.wrong("not JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode line) || !line.has("hash") || !line.has("prev") || !line.has("seq")) {
            return Checked.wrong("not a decision-log line (seq, prev and hash are required)");
        }
        String hash = line.get("hash").asText();
        line.remove("hash");
        if (!hash.equals(Sha256.named(JsonMapping.compact(line)))) {
            return Checked.wrong("edited: its hash does not match its content");
        }
        return new Checked(line.get("seq").asLong(), line.get("prev").asText(), hash, null);
    }

    /** Something done on a file that may fail. */
    private interface FileWork<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code work} holding this JVM's lock for the file, found by its real path each time (a link made to
     * the file after a log was opened leads to the same lock).
     */
    private static <T> T locked(Path file, FileWork<T> work) throws IOException {
        ReentrantLock lock = FILE_LOCKS.computeIfAbsent(lockKey(file), k -> new ReentrantLock());
        lock.lock();
        try {
            return work.run();
        } finally {
            lock.unlock();
        }
    }

    /** The file's real path, or its directory's real path and its name while it does not exist. */
    private static Path lockKey(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            return absolute.toRealPath();
        } catch (IOException e) {
            Path parent = absolute.getParent();
            try {
                return parent == null ? absolute : parent.toRealPath().resolve(absolute.getFileName());
            } catch (IOException missing) {
                return absolute;
            }
        }
    }
}
