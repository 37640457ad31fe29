package org.deploypolicy.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** A policy's version: it changes whenever any of its settings or rule files changes, and only then. */
final class PolicyVersion {
    private PolicyVersion() {
    }

    /**
     * {@code sha256:} over every settings and rule file and each calendar file the settings name
     * ({@code windows.calendars}), in path order, each as its path, a newline and its bytes with line endings made
     * {@code \n}. Inherited files count under their policy's name ({@code reference/...}).
     *
     * @param merged the layers' settings merged, as the build has them
     */
    static String of(SettingsLayers layers, JsonNode merged) {
        List<PolicyFiles.SourceFile> files = new ArrayList<>(layers.rules());
        layers.settings().forEach(file -> files.add(file.source()));
        files.addAll(CalendarFiles.named(layers, merged));
        return of(files);
    }

    private static String of(List<PolicyFiles.SourceFile> files) {
        files.sort(Comparator.comparing(PolicyFiles.SourceFile::path));
        MessageDigest digest = Sha256.digest();
        for (PolicyFiles.SourceFile file : files) {
            digest.update(file.path().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            digest.update(new String(file.bytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").replace('\r', '\n')
                    .getBytes(StandardCharsets.UTF_8));
        }
        return Sha256.named(digest);
    }
}
