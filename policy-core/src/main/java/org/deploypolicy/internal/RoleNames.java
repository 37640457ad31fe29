package org.deploypolicy.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.deploypolicy.rules.RosterEntry;
import org.deploypolicy.rules.Settings;

/**
 * The role names a policy names, read roughly: the roles of its roster and of {@code waivers.grantedBy}, and each
 * string literal in its rule files (its own and those of the policies it extends) that reads as a role name
 * ({@code "TECH_LEAD"}), but those in comments and those a rule hands to {@code hasLabel} or {@code statusOf} (a
 * label, a check). A literal that is no role ({@code "HOTFIX"} compared with a label some other way) is in the set
 * too, so it may hold more names than the rules use as roles, never fewer. Read when first asked for, then kept.
 */
public final class RoleNames {
    private static final Pattern ROLE = Pattern.compile("[A-Z][A-Z0-9_]*");
    /** The end of a call whose argument is a label or a check name, never a role. */
    private static final Pattern LABEL_OR_CHECK = Pattern.compile("(?:hasLabel|statusOf)\\s*\\(\\s*$");
    private static final YAMLMapper YAML = new YAMLMapper();
    /** More than PolicyCompiler accepts: a policy that built has fewer layers. */
    private static final int MAX_LAYERS = 8;

    private final Supplier<PolicyFiles> files;
    private final ClassLoader loader;
    private final Settings settings;
    private volatile Set<String> names;

    private RoleNames(Supplier<PolicyFiles> files, ClassLoader loader, Settings settings) {
        this.files = files;
        this.loader = loader;
        this.settings = settings;
    }

    /** The role names of a policy directory that built with these settings, read when first asked for. */
    public static RoleNames ofDirectory(Path directory, ClassLoader loader, Settings settings) {
        return new RoleNames(() -> PolicyFiles.fromDirectory(directory), loader, settings);
    }

    /** The role names of a classpath policy that built with these settings, read when first asked for. */
    public static RoleNames ofClasspath(String name, ClassLoader loader, Settings settings) {
        return new RoleNames(() -> classpath(name, loader), loader, settings);
    }

    /**
     * The names, read from the policy's files the first time (only a tool that checks roles asks, so building a
     * policy does not pay for it), then kept.
     *
     * @throws java.io.UncheckedIOException when the files cannot be read any more
     */
    public Set<String> get() {
        Set<String> read = names;
        if (read == null) {
            synchronized (this) {
                read = names;
                if (read == null) {
                    read = read(files.get(), loader, settings);
                    names = read;
                }
            }
        }
        return read;
    }

    private static PolicyFiles classpath(String name, ClassLoader loader) {
        return PolicyFiles.fromClasspath(name, loader,
                RuleModel.shipped(name, loader).map(RuleModel.ShippedPolicy::files));
    }

    private static Set<String> read(PolicyFiles own, ClassLoader loader, Settings settings) {
        Set<String> names = new TreeSet<>(settings.waivers().grantedBy());
        for (RosterEntry entry : settings.roster()) {
            names.addAll(entry.roles());
        }
        for (PolicyFiles layer : layers(own, loader)) {
            for (PolicyFiles.SourceFile rule : layer.rules()) {
                names.addAll(literals(new String(rule.bytes(), StandardCharsets.UTF_8)));
            }
        }
        return Set.copyOf(names);
    }

    /** The policy and each policy it extends, down to the first that extends none. */
    private static List<PolicyFiles> layers(PolicyFiles own, ClassLoader loader) {
        List<PolicyFiles> layers = new ArrayList<>();
        for (PolicyFiles layer = own; layer != null && layers.size() < MAX_LAYERS; layer = parent(layer, loader)) {
            layers.add(layer);
        }
        return layers;
    }

    /** The policy a policy extends, or null. */
    private static PolicyFiles parent(PolicyFiles policy, ClassLoader loader) {
        try {
            JsonNode parent = YAML.readTree(policy.settings().bytes()).path("extends");
            return parent.isTextual() ? classpath(parent.textValue(), loader) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The string literals of a rule file that read as role names, outside comments and label or check names. */
    private static Set<String> literals(String drl) {
        Set<String> found = new TreeSet<>();
        StringBuilder code = new StringBuilder(); // the text without its comments, a literal as its quotes alone
        int i = 0;
        while (i < drl.length()) {
            char c = drl.charAt(i);
            if (drl.startsWith("//", i)) {
                i = end(drl, i, "\n");
            } else if (drl.startsWith("/*", i)) {
                i = end(drl, i + 2, "*/");
            } else if (c == '"' || c == '\'') {
                int close = i + 1;
                while (close < drl.length() && drl.charAt(close) != c && drl.charAt(close) != '\n') {
                    close += drl.charAt(close) == '\\' ? 2 : 1;
                }
                String literal = drl.substring(i + 1, Math.min(close, drl.length()));
                if (ROLE.matcher(literal).matches() && !LABEL_OR_CHECK.matcher(tail(code)).find()) {
                    found.add(literal);
                }
                code.append(c).append(c);
                i = close + 1;
            } else {
                code.append(c);
                i++;
            }
        }
        return found;
    }

    /** The last characters of the code read so far: enough to see the call a literal is the argument of. */
    private static CharSequence tail(StringBuilder code) {
        return code.subSequence(Math.max(0, code.length() - 40), code.length());
    }

    /** The index just after the first {@code close} at or after {@code from}; the text's length when there is none. */
    private static int end(String text, int from, String close) {
        int at = text.indexOf(close, from);
        return at < 0 ? text.length() : at + close.length();
    }
}
