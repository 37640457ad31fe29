package org.deploypolicy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.deploypolicy.InvalidPolicyException;
import org.deploypolicy.IoFailedException;
import org.deploypolicy.PolicyProblem;

/**
 * A policy's files read into memory: {@code policy.yaml}, every {@code .drl} file and every {@code .ics} file, each
 * named by its path relative to the policy directory. Read from a directory on disk, or from the classpath under
 * {@code deploy-policy/<name>/} (in a directory or a jar).
 *
 * @param origin    where it was read from, for messages
 * @param settings  {@code policy.yaml}
 * @param rules     the rule files, in path order
 * @param calendars the iCalendar files ({@code windows.calendars} may name them), in path order
 */
record PolicyFiles(String origin, SourceFile settings, List<SourceFile> rules, List<SourceFile> calendars) {
    static final String SETTINGS = "policy.yaml";
    static final String CLASSPATH_ROOT = "deploy-policy/";

    /** A file of a policy. */
    record SourceFile(String path, byte[] bytes) {
    }

    static PolicyFiles fromDirectory(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw missing(directory.toString(), "not a policy directory (a directory with " + SETTINGS + ")");
        }
        return of(directory.toString(), directoryFiles(directory));
    }

    /**
     * A classpath policy whose settings and rule files are listed (by a shipped model's index): they are read by
     * name, which spares listing the whole jar they are in (thousands of entries in a runnable jar); if one is
     * missing, the jar is listed after all.
     */
    static PolicyFiles fromClasspath(String name, ClassLoader loader, Optional<List<String>> listed) {
        String origin = "classpath:" + CLASSPATH_ROOT + name + "/";
        if (listed.isPresent()) {
            List<SourceFile> files = new ArrayList<>();
            for (String file : listed.get()) {
                try (InputStream in = loader.getResourceAsStream(CLASSPATH_ROOT + name + "/" + file)) {
                    if (in == null) {
                        return of(origin, classpathFiles(name, loader));
                    }
                    files.add(new SourceFile(file, in.readAllBytes()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read policy " + origin, e);
                }
            }
            return of(origin, files);
        }
        return of(origin, classpathFiles(name, loader));
    }

    /** The files that make the policy, its settings, rules and calendars, by path in the policy. */
    List<String> paths() {
        List<String> files = new ArrayList<>(List.of(settings().path()));
        rules().forEach(rule -> files.add(rule.path()));
        calendars().forEach(calendar -> files.add(calendar.path()));
        return files;
    }

    /**
     * Copies every file of a classpath policy (its rules, settings and scenarios) into a directory, never
     * overwriting a file. Returns the files written.
     *
     * @throws InvalidPolicyException when there is no such policy
     * @throws UncheckedIOException  when a file exists already or cannot be written
     */
    static List<Path> copy(String name, ClassLoader loader, Path target) {
        List<Path> written = new ArrayList<>();
        try {
            for (SourceFile file : classpathFiles(name, loader)) {
                Path path = target.resolve(file.path());
                Files.createDirectories(path.getParent());
                Files.write(path, file.bytes(), StandardOpenOption.CREATE_NEW);
                written.add(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        return written;
    }

    private static PolicyFiles of(String origin, List<SourceFile> files) {
        SourceFile settings = files.stream().filter(f -> f.path().equals(SETTINGS)).findFirst()
                .orElseThrow(() -> missing(SETTINGS, "missing: a policy directory has its settings in " + SETTINGS));
        List<SourceFile> rules = new ArrayList<>(files.stream().filter(f -> f.path().endsWith(".drl")).toList());
        List<SourceFile> calendars = new ArrayList<>(files.stream()
                .filter(f -> f.path().endsWith(CalendarFiles.EXTENSION)).toList());
        return new PolicyFiles(origin, settings, sorted(rules), sorted(calendars));
    }

    /**
     * The files of a policy directory. A file or the directory that cannot be read is a policy that cannot be read
     * (named, with the system's reason in words), never a failure of the machine: there is nothing to decide with.
     */
    private static List<SourceFile> directoryFiles(Path directory) {
        List<SourceFile> files = new ArrayList<>();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory)) {
            // a folder whose name starts with ".." is Kubernetes' own in a mounted ConfigMap (..data, ..2026_12_06...):
            // the files are there again, reached through the links at the top; read them once, by those links
            paths = walk.filter(path -> !hidden(directory.relativize(path))).filter(Files::isRegularFile).sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw unreadable(directory.toString(), e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
        }
        for (Path file : paths) {
            try {
                files.add(new SourceFile(relative(directory, file), Files.readAllBytes(file)));
            } catch (IOException e) {
                throw unreadable(relative(directory, file), e);
            }
        }
        return files;
    }

    /** Whether a path in a policy directory lies in a folder whose name starts with {@code ..}. */
    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith("..")) {
                return true;
            }
        }
        return false;
    }

    private static InvalidPolicyException unreadable(String file, IOException cause) {
        return new InvalidPolicyException(List.of(new PolicyProblem(file, null, null,
                "cannot read: " + IoFailedException.reason(cause))));
    }

    /** The scenario files shipped with a policy on the classpath ({@code scenarios/...}), in path order. */
    static List<SourceFile> classpathScenarios(String name, ClassLoader loader) {
        return sorted(new ArrayList<>(classpathFiles(name, loader).stream()
                .filter(file -> file.path().startsWith("scenarios/") && ScenarioFiles.isScenarioFile(file.path())).toList()));
    }


    /** Every file of a policy on the classpath, in a directory or a jar, named relative to its folder. */
    private static List<SourceFile> classpathFiles(String name, ClassLoader loader) {
        String root = CLASSPATH_ROOT + name + "/";
        URL settings = loader.getResource(root + SETTINGS);
        if (settings == null) {
            throw missing(root + SETTINGS, "no policy named \"" + name + "\" on the classpath");
        }
        try {
            if ("file".equals(settings.getProtocol())) {
                return directoryFiles(Path.of(settings.toURI()).getParent());
            }
            if (!"jar".equals(settings.getProtocol())) {
                throw missing(root, "cannot list a policy in a " + settings.getProtocol() + " resource");
            }
            List<SourceFile> files = new ArrayList<>();
            JarURLConnection connection = (JarURLConnection) settings.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                    JarEntry entry = entries.nextElement();
                    if (entry.getName().startsWith(root) && !entry.isDirectory()) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            files.add(new SourceFile(entry.getName().substring(root.length()), in.readAllBytes()));
                        }
                    }
                }
            }
            return files;
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
