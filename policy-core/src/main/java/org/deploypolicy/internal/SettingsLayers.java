package org.deploypolicy.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.deploypolicy.InvalidPolicyException;
import org.deploypolicy.PolicyProblem;

/**
 * A policy's settings in layers: its own {@code policy.yaml} and, with {@code extends}, those of the policies below
 * it (first the lowest), each with where its keys stand so that a problem is placed at its line; and the rule files
 * of every layer, an inherited one under its policy's name ({@code reference/windows.drl}).
 *
 * @param settings  the settings files, the lowest policy's first
 * @param rules     every rule file, in path order
 * @param inherited the paths of the rule files that come from a policy extended
 * @param extended  the classpath policies extended, the nearest first
 * @param calendars the iCalendar files of every layer, an inherited one under its policy's name, by path
 */
record SettingsLayers(List<SettingsFile> settings, List<PolicyFiles.SourceFile> rules, Set<String> inherited,
                      List<String> extended, Map<String, PolicyFiles.SourceFile> calendars) {
    /** The key that names the policy a policy extends. */
    static final String EXTENDS = "extends";
    private static final int MAX_EXTENDS = 4;

    /** Settings parsed from one {@code policy.yaml}, with where each key stands in it. */
    record SettingsFile(PolicyFiles.SourceFile source, YamlText.Document yaml) {
        JsonNode tree() {
            return yaml.tree();
        }
    }

    /**
     * Reads a policy's settings and, following {@code extends}, those of the policies below it, with their rule
     * files.
     *
     * @throws InvalidPolicyException for settings that cannot be read, or an {@code extends} that names no policy
     */
    static SettingsLayers read(PolicyFiles own, ClassLoader loader) {
        List<SettingsFile> settings = new ArrayList<>();
        List<PolicyFiles.SourceFile> rules = new ArrayList<>(own.rules());
        Set<String> inherited = new HashSet<>();
        List<String> extended = new ArrayList<>();
        Map<String, PolicyFiles.SourceFile> calendars = new HashMap<>();
        own.calendars().forEach(calendar -> calendars.put(calendar.path(), calendar));
        PolicyFiles current = own;
        String prefix = "";
        for (int depth = 0; ; depth++) {
            SettingsFile file = parse(prefix + PolicyFiles.SETTINGS, current.settings().bytes());
            settings.add(0, file);
            JsonNode parent = file.tree().get(EXTENDS);
            if (parent == null || parent.isNull()) {
                break;
            }
            if (!parent.isTextual() || parent.textValue().isBlank() || depth == MAX_EXTENDS) {
                throw new InvalidPolicyException(List.of(located(List.of(file), EXTENDS, "extends: "
                        + (depth == MAX_EXTENDS ? "more than " + MAX_EXTENDS + " policies extend each other"
                        : "must name a policy on the classpath, like reference"))));
            }
            if (loader.getResource(PolicyFiles.CLASSPATH_ROOT + parent.textValue() + "/" + PolicyFiles.SETTINGS) == null) {
                throw new InvalidPolicyException(List.of(located(List.of(file), EXTENDS, "extends: no policy named \""
                        + parent.textValue() + "\" on the classpath")));
            }
            extended.add(parent.textValue());
            current = PolicyFiles.fromClasspath(parent.textValue(), loader,
                    RuleModel.shipped(parent.textValue(), loader).map(RuleModel.ShippedPolicy::files));
            prefix = prefix + parent.textValue() + "/";
            for (PolicyFiles.SourceFile rule : current.rules()) {
                PolicyFiles.SourceFile renamed = new PolicyFiles.SourceFile(prefix + rule.path(), rule.bytes());
                rules.add(renamed);
                inherited.add(renamed.path());
            }
            for (PolicyFiles.SourceFile calendar : current.calendars()) {
                calendars.put(prefix + calendar.path(), new PolicyFiles.SourceFile(prefix + calendar.path(),
                        calendar.bytes()));
            }
        }
        rules.sort(Comparator.comparing(PolicyFiles.SourceFile::path));
        return new SettingsLayers(settings, rules, inherited, List.copyOf(extended), Map.copyOf(calendars));
    }

    /**
     * Where a file that {@code windows.calendars} names is, as a path among {@link #calendars}: a calendar is a
     * file of the policy whose settings give the list (an inherited list names its policy's files).
     */
    String calendarPath(String file) {
        for (int i = settings.size() - 1; i >= 0; i--) {
            if (settings.get(i).yaml().has("windows.calendars")) {
                String path = settings.get(i).source().path();
                return path.substring(0, path.length() - PolicyFiles.SETTINGS.length()) + file;
            }
        }
        return file;
    }

    /** Whether the policy extends another (its rules are then its own plus the inherited ones). */
    boolean extending() {
        return !inherited.isEmpty() || settings.size() > 1;
    }

    /**
     * The paths of the rule files in the order their rules stand: the inherited files first, the lowest policy's
     * before those of the policies that extend it, and each policy's by path. An inherited file is named under the
     * prefixes of the policies above it ({@code team/reference/approvals.drl}), which tell its policy.
     */
    List<String> inOrder() {
        List<String> prefixes = new ArrayList<>();
        for (SettingsFile file : settings) {
            String path = file.source().path();
            prefixes.add(path.substring(0, path.length() - PolicyFiles.SETTINGS.length()));
        }
        List<String> paths = new ArrayList<>();
        rules.forEach(rule -> paths.add(rule.path()));
        paths.sort(Comparator.comparing((String path) -> layerOf(path, prefixes)).thenComparing(path -> path));
        return paths;
    }

    /** The layer of a rule file: the lowest policy's is 0; the policy's own files are the last layer. */
    private int layerOf(String path, List<String> prefixes) {
        if (inherited.contains(path)) {
            for (int layer = 0; layer < prefixes.size() - 1; layer++) {
                if (path.startsWith(prefixes.get(layer))) {
                    return layer;
                }
            }
        }
        return prefixes.size() - 1;
    }

    /** The settings of every layer merged, the policy's own over those it extends; without {@code extends}. */
    JsonNode merged() {
        JsonNode merged = null;
        for (SettingsFile file : settings) {
            merged = merged == null ? file.tree() : merge(merged, file.tree(), "");
        }
        ((ObjectNode) merged).remove(EXTENDS);
        return merged;
    }

    /** A problem at a settings key, placed in the topmost file that has the key (else the policy's own file). */
    PolicyProblem located(String path, String message) {
        return located(settings, path, message);
    }

    private static SettingsFile parse(String file, byte[] bytes) {
        YamlText.Document yaml = YamlText.read(file, bytes);
        if (!yaml.tree().isObject()) {
            throw new InvalidPolicyException(List.of(new PolicyProblem(file, null, null,
                    "must be a map of settings (name, zone, branches, windows, ...)")));
        }
        return new SettingsFile(new PolicyFiles.SourceFile(file, bytes), yaml);
    }

    private static PolicyProblem located(List<SettingsFile> files, String path, String message) {
        for (int i = files.size() - 1; i >= 0; i--) {
            if (files.get(i).yaml().has(path)) {
                return files.get(i).yaml().problem(path, message);
            }
        }
        return files.get(files.size() - 1).yaml().problem(path, message);
    }

    /**
     * Maps merge by key; anything else (a list, a value) replaces what it overrides. In {@code attributes}, a
     * property replaces the inherited property of its name whole, and {@code required} adds its names to the
     * inherited ones.
     */
    private static JsonNode merge(JsonNode base, JsonNode override, String path) {
        if (path.equals("attributes.required") && base instanceof ArrayNode inherited && override instanceof ArrayNode own) {
            ArrayNode union = inherited.deepCopy();
            own.forEach(name -> {
                if (!contains(union, name)) {
                    union.add(name);
                }
            });
            return union;
        }
        if (!(base instanceof ObjectNode baseObject) || !(override instanceof ObjectNode overrideObject)
                || path.startsWith("attributes.properties.")) {
            return override;
        }
        ObjectNode merged = baseObject.deepCopy();
        overrideObject.properties().forEach(field -> merged.set(field.getKey(),
                merge(merged.get(field.getKey()), field.getValue(), StrictReader.child(path, field.getKey()))));
        return merged;
    }

    private static boolean contains(ArrayNode list, JsonNode value) {
        for (JsonNode element : list) {
            if (element.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
