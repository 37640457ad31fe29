package org.deploypolicy.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rule models kept on disk between processes, one file per set of rule files, so that only the first build after
 * a change compiles. How it stays right:
 *
 * <ul>
 * <li>An entry's key is a hash of the rule files ({@link RuleModel#rulesHash}) and of what the compiled classes
 *     were linked against: the model format, Drools, the JDK and every class path entry (by path, size and time).
 *     Another rule, library or JDK is another key, so a stale entry is never read, only left to age out.
 *     The key is also stored inside the entry and compared on reading.</li>
 * <li>An entry is written to a temporary file in the same directory and moved into place atomically: a process
 *     reading sees a whole entry or none, and two processes writing the same key write equal content.</li>
 * <li>An entry that cannot be read or loaded (damaged, truncated, from a misbehaving writer) is deleted, and the
 *     rules are compiled again.</li>
 * <li>Only rules found through the system class loader are cached: for another loader the class path does not
 *     say what the classes were linked against.</li>
 * </ul>
 * Entries unused for {@link #UNUSED} are deleted when a new entry is written.
 */
final class RuleModelCache {
    private static final Logger LOG = LoggerFactory.getLogger(RuleModelCache.class);
    static final Duration UNUSED = Duration.ofDays(30);
    private static final String MODEL = ".model";
    /** Marks rules the executable model cannot compile but DRL can: later builds go straight to DRL. */
    private static final String DRL_ONLY = ".drl-only";
    private static volatile String environment;

    private final Path directory;

    RuleModelCache(Path root) {
        this.directory = root.resolve("rules");
    }

    /**
     * The key for these rule files, or empty when they cannot be cached (rules not found through the system class
     * loader, or a class path that cannot be read).
     */
    static Optional<String> key(String rules, ClassLoader loader) {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (loader != system || RuleModelCache.class.getClassLoader() != system) {
            return Optional.empty();
        }
        String linkedAgainst = environment();
        if (linkedAgainst == null) {
            return Optional.empty();
        }
        MessageDigest digest = Sha256.digest();
        digest.update(linkedAgainst.getBytes(StandardCharsets.UTF_8));
        digest.update(rules.getBytes(StandardCharsets.UTF_8));
        return Optional.of(Sha256.hex(digest));
    }

    /** What every model compiled in this JVM is linked against; computed once. */
    private static String environment() {
        String known = environment;
        if (known == null) {
            StringBuilder text = new StringBuilder()
                    .append("format ").append(RuleModel.FORMAT).append('\n')
                    .append("drools ").append(RuleModel.droolsVersion()).append('\n')
                    .append("java ").append(System.getProperty("java.vm.vendor")).append(' ')
                    .append(Runtime.version()).append('\n');
            try {
                for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
                    if (!entry.isEmpty()) {
                        classPathEntry(Path.of(entry).toAbsolutePath(), text);
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("not caching compiled rules: cannot read the class path", e);
                return null;
            }
            known = text.toString();
            environment = known;
        }
        return known;
    }

    /** A jar by its path, size and time; a directory of classes by each file in it. */
    private static void classPathEntry(Path entry, StringBuilder text) throws IOException {
        if (!Files.exists(entry)) {
            text.append("missing ").append(entry).append('\n');
        } else if (Files.isDirectory(entry)) {
            try (Stream<Path> files = Files.walk(entry)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                    text.append(describe(file));
                }
            }
        } else {
            text.append(describe(entry));
        }
    }

    private static String describe(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return file + " " + attributes.size() + " " + attributes.lastModifiedTime().toMillis() + '\n';
    }

    /** The entry for a key, if there is a whole one. A damaged entry is deleted. */
    Optional<RuleModel> get(String key) {
        Path file = directory.resolve(key + MODEL);
        try {
            byte[] bytes = Files.readAllBytes(file);
            RuleModel model = RuleModel.fromBytes(bytes);
            if (!key.equals(model.cacheKey())) {
                throw new IOException("entry holds the key " + model.cacheKey());
            }
            touch(file);
            return Optional.of(model);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.info("compiling the rules again: cached entry {} is unreadable ({})", file, e.toString());
            remove(key);
            return Optional.empty();
        }
    }

    /** Deletes the entry for a key, as when it was readable but its classes did not load. */
    void remove(String key) {
        try {
            Files.deleteIfExists(directory.resolve(key + MODEL));
        } catch (IOException e) {
            LOG.debug("cannot delete cached entry {}", key, e);
        }
    }

    /** Stores an entry; a cache that cannot be written only costs the next build its compile. */
    void put(String key, RuleModel model) {
        write(key + MODEL, model.toBytes(key));
    }

    /** Whether these rules compile only as DRL (the executable model reported problems the DRL compiler did not). */
    boolean drlOnly(String key) {
        return Files.exists(directory.resolve(key + DRL_ONLY));
    }

    void markDrlOnly(String key) {
        write(key + DRL_ONLY, new byte[0]);
    }

    private void write(String name, byte[] bytes) {
        Path temporary = null;
        try {
            Files.createDirectories(directory);
            pruneUnused();
            temporary = Files.createTempFile(directory, name + ".", ".tmp");
            Files.write(temporary, bytes);
            Path target = directory.resolve(name);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            LOG.info("cannot cache compiled rules in {} ({})", directory, e.toString());
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the temporary file stays; it ages out like any entry
                }
            }
        }
    }

    private void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (IOException e) {
            LOG.debug("cannot mark {} as used", file, e);
        }
    }

    private void pruneUnused() throws IOException {
        FileTime oldest = FileTime.from(Instant.now().minus(UNUSED));
        List<Path> unused;
        try (Stream<Path> files = Files.list(directory)) {
            unused = files.filter(file -> {
                try {
                    return Files.getLastModifiedTime(file).compareTo(oldest) < 0;
                } catch (IOException e) {
                    return false;
                }
            }).toList();
        }
        for (Path file : unused) {
            Files.deleteIfExists(file);
        }
    }
}
