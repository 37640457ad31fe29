package org.deploypolicy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.deploypolicy.InvalidPolicyException;
import org.deploypolicy.PolicyProblem;

/**
 * A policy's files read into memory: {@code policy.yaml} and every {@code .drl} file, each named by its path
 * relative to the policy directory. Read from a directory on disk, or from the classpath under
 * {@code deploy-policy/<name>/} (in a directory or a jar).
 *
 * @param origin   where it was read from, for messages
 * @param settings {@code policy.yaml}
 * @param rules    the rule files, in path order
 */
record PolicyFiles(String origin, SourceFile settings, List<SourceFile> rules) {
    static final String SETTINGS = "policy.yaml";
    static final String CLASSPATH_ROOT = "deploy-policy/";

    /** A file of a policy. */
    record SourceFile(String path, byte[] bytes) {
    }

    static PolicyFiles fromDirectory(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw missing(directory.toString(), "not a policy directory (a directory with " + SETTINGS + ")");
        }
        List<SourceFile> rules = new ArrayList<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                String path = relative(directory, file);
                if (path.endsWith(".drl")) {
                    rules.add(new SourceFile(path, Files.readAllBytes(file)));
                }
            }
            return new PolicyFiles(directory.toString(),
                    new SourceFile(SETTINGS, Files.readAllBytes(directory.resolve(SETTINGS))), sorted(rules));
        } catch (NoSuchFileException e) {
            throw missing(SETTINGS, "missing: a policy directory has its settings in " + SETTINGS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read policy directory " + directory, e);
        }
    }

    static PolicyFiles fromClasspath(String name, ClassLoader loader) {
        String root = CLASSPATH_ROOT + name + "/";
        URL settings = loader.getResource(root + SETTINGS);
        if (settings == null) {
            throw missing(root + SETTINGS, "no policy named \"" + name + "\" on the classpath");
        }
        try {
            List<SourceFile> rules = new ArrayList<>();
            if ("jar".equals(settings.getProtocol())) {
                JarURLConnection connection = (JarURLConnection) settings.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                        JarEntry entry = entries.nextElement();
                        if (entry.getName().startsWith(root) && entry.getName().endsWith(".drl")) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                rules.add(new SourceFile(entry.getName().substring(root.length()), in.readAllBytes()));
                            }
                        }
                    }
                }
            } else if ("file".equals(settings.getProtocol())) {
                PolicyFiles local = fromDirectory(Path.of(settings.toURI()).getParent());
                return new PolicyFiles("classpath:" + root, local.settings(), local.rules());
            } else {
                throw missing(root, "cannot list a policy in a " + settings.getProtocol() + " resource");
            }
            try (InputStream in = settings.openStream()) {
                return new PolicyFiles("classpath:" + root, new SourceFile(SETTINGS, in.readAllBytes()), sorted(rules));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read policy " + root, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<SourceFile> sorted(List<SourceFile> files) {
        files.sort(Comparator.comparing(SourceFile::path));
        return Collections.unmodifiableList(files);
    }

    private static String relative(Path directory, Path file) {
        return directory.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static InvalidPolicyException missing(String file, String message) {
        return new InvalidPolicyException(List.of(new PolicyProblem(file, null, null, message)));
    }
}
