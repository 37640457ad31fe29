package org.deploypolicy.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.deploypolicy.InvalidPolicyException;
import org.deploypolicy.PolicyProblem;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The one way YAML is read, for {@code policy.yaml} and scenario files alike: a document becomes a JSON tree, with
 * the line and column where each of its paths starts, so that the strict readers above it place a problem where the
 * user wrote it. A failure names the file, line and column in the document's terms, never the YAML library's.
 *
 * <p>What a plain (unquoted) value means is decided here, once for both, and kept to what a reader of the file
 * expects rather than YAML 1.1's guesses: {@code true} and {@code false} are booleans ({@code yes}, {@code no},
 * {@code on} and {@code off} are text); {@code null}, {@code ~} and nothing are null; a number is written in decimal
 * ({@code 5}, {@code -2}, {@code 0.05}, {@code 1e3}), while {@code 007}, {@code 0x1F}, {@code 1_000}, {@code 9:00},
 * {@code .inf} and {@code .nan} stay text as written; times and dates are text too, for the readers to parse with
 * their offsets. This is YAML 1.2's core schema without its octal, hexadecimal and non-finite numbers, and without
 * leading zeros.
 *
 * <p>Anchors, aliases and merge keys ({@code <<: *release}) are resolved: a map's own keys win over the keys it
 * merges, an earlier merge over a later one. A key given twice in one map is an error, as is a tag other than
 * YAML's standard ones: nothing is ever constructed from a tag. Aliases are expanded into copies, so their number,
 * the nesting and the number of values they expand to are limited.
 */
final class YamlText {
    /** A document read: its tree (a null node for an empty document), and where each path starts. */
    record Document(String file, JsonNode tree, Map<String, Position> starts) {
        /** A problem placed where the path starts in the document, or in the file without a place. */
        PolicyProblem problem(String path, String message) {
            return YamlText.problem(file, starts.get(path), message);
        }

        boolean has(String path) {
            return starts.containsKey(path);
        }
    }

    /** A line and column, both from 1. */
    record Position(int line, int column) {
    }

    private static final int MAX_DEPTH = 50;
    private static final int MAX_ALIASES = 200;
    private static final int MAX_VALUES = 100_000;
    private static final int MAX_CHARACTERS = 3 * 1024 * 1024;
    private static final String MERGE = "<<";

    // named apart from Resolver's own BOOL, INT, ... (YAML 1.1's), which Schema would otherwise see instead
    private static final Pattern TRUE_OR_FALSE = Pattern.compile("true|True|TRUE|false|False|FALSE");
    private static final Pattern NOTHING = Pattern.compile("~|null|Null|NULL|");
    private static final Pattern DECIMAL_INTEGER = Pattern.compile("[-+]?(?:0|[1-9][0-9]*)");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(?:(?:0|[1-9][0-9]*)(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?");
    private static final Pattern MERGE_KEY = Pattern.compile(Pattern.quote(MERGE));
    private static final Map<Tag, Pattern> SCALARS = Map.of(Tag.BOOL, TRUE_OR_FALSE, Tag.NULL, NOTHING,
            Tag.INT, DECIMAL_INTEGER, Tag.FLOAT, DECIMAL);

    /** The plain values above, as SnakeYAML resolves them (its default is YAML 1.1's). */
    private static final class Schema extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, TRUE_OR_FALSE, "tTfF");
            addImplicitResolver(Tag.INT, DECIMAL_INTEGER, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, DECIMAL, "-+0123456789.");
            addImplicitResolver(Tag.NULL, NOTHING, "~nN\0");
            addImplicitResolver(Tag.MERGE, MERGE_KEY, "<");
        }
    }

    private final String file;
    private final Map<String, Position> starts = new HashMap<>();
    private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
    private int values;

    private YamlText(String file) {
        this.file = file;
    }

    /**
     * Reads one YAML document.
     *
     * @param file the file's name, for problems
     * @throws InvalidPolicyException for bytes that are not UTF-8, and YAML that cannot be read, at its place
     */
    static Document read(String file, byte[] bytes) {
        String text;
        try {
            text = JsonText.decode(bytes);
        } catch (JsonText.Unreadable e) {
            throw invalid(file, null, e.getMessage());
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CHARACTERS);
        // every tag composes, so that one that is not allowed is refused below in the same words as any other
        options.setTagInspector(tag -> true);
        StreamReader reader = new StreamReader(text);
        Node root;
        try {
            root = new Composer(new ParserImpl(reader, options), new Schema(), options).getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw invalid(file, mark == null ? null : position(mark), syntaxError(e));
        } catch (ReaderException e) {
            throw invalid(file, position(text, e.getPosition()), String.format(
                    "the character U+%04X is not allowed in YAML text; write it escaped in double quotes",
                    e.getCodePoint()));
        } catch (YAMLException e) {
            throw invalid(file, position(reader.getMark()), limit(e));
        }
        YamlText yaml = new YamlText(file);
        if (root == null) {
            return new Document(file, NullNode.getInstance(), Map.of());
        }
        yaml.starts.put("", position(root.getStartMark()));
        JsonNode tree = yaml.value(root, "", 0);
        return new Document(file, tree, Map.copyOf(yaml.starts));
    }

    /** What a syntax error is, in SnakeYAML's words with its names for the end of the file and for tabs made plain. */
    private static String syntaxError(MarkedYAMLException e) {
        String problem = String.valueOf(e.getProblem())
                .replace("<stream end>", "the end of the file")
                .replace("end of stream", "end of the file")
                .replace("character '\\t(TAB)'", "a tab")
                .replace("\\t(TAB)", "tabs");
        return e.getContext() == null ? problem : e.getContext() + ": " + problem;
    }

    /** What SnakeYAML's limits (set above) say when reached, which carry no place of their own. */
    private static String limit(YAMLException e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Nesting Depth")) {
            return nestedTooDeeply();
        }
        if (message.startsWith("Number of aliases")) {
            return "more than " + MAX_ALIASES + " aliases of lists and maps";
        }
        if (message.contains("exceeds the limit")) {
            return "longer than " + MAX_CHARACTERS + " characters";
        }
        return message;
    }

    private static String nestedTooDeeply() {
        return "nested too deeply (more than " + MAX_DEPTH + " levels)";
    }

    private JsonNode value(Node node, String path, int depth) {
        if (++values > MAX_VALUES) {
            throw at(path, node, "more than " + MAX_VALUES + " values, each alias counted as the copy it stands for");
        }
        if (depth > MAX_DEPTH) {
            throw at(path, node, nestedTooDeeply());
        }
        if (node instanceof ScalarNode scalar) {
            return scalar(scalar, path);
        }
        if (!open.add(node)) {
            throw at(path, node, "an alias stands for a list or map that contains it");
        }
        try {
            if (node instanceof SequenceNode sequence) {
                standardTag(sequence, Tag.SEQ, path);
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                for (Node item : sequence.getValue()) {
                    String itemPath = StrictReader.index(path, array.size());
                    starts.putIfAbsent(itemPath, position(item.getStartMark()));
                    array.add(value(item, itemPath, depth + 1));
                }
                return array;
            }
            MappingNode mapping = (MappingNode) node;
            standardTag(mapping, Tag.MAP, path);
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            entries(mapping, path, new ArrayList<>()).forEach((key, entry) -> {
                String keyPath = StrictReader.child(path, key);
                starts.putIfAbsent(keyPath, position(entry.getKeyNode().getStartMark()));
                object.set(key, value(entry.getValueNode(), keyPath, depth + 1));
            });
            return object;
        } finally {
            open.remove(node);
        }
    }

    /**
     * A map's entries by key, its merge keys resolved: its own keys in order, then those of the maps it merges
     * that it does not have itself, an earlier map's first.
     *
     * @param merging the maps whose merges are being resolved, to refuse one that merges itself
     */
    private Map<String, NodeTuple> entries(MappingNode mapping, String path, List<MappingNode> merging) {
        if (merging.stream().anyMatch(m -> m == mapping)) {
            throw at(StrictReader.child(path, MERGE), mapping, "a map cannot merge itself");
        }
        merging.add(mapping);
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        List<MappingNode> merged = new ArrayList<>();
        for (NodeTuple entry : mapping.getValue()) {
            Node key = entry.getKeyNode();
            if (key.getTag().equals(Tag.MERGE)) {
                merged.addAll(merged(entry.getValueNode(), StrictReader.child(path, MERGE)));
                continue;
            }
            String name = key(key, path);
            if (entries.putIfAbsent(name, entry) != null) {
                throw at(StrictReader.child(path, name), key, "the key \"" + name + "\" appears twice in one object");
            }
        }
        for (MappingNode source : merged) {
            entries(source, path, merging).forEach(entries::putIfAbsent);
        }
        merging.remove(merging.size() - 1);
        return entries;
    }

    /** The maps a merge key names: one map, or a list of them. */
    private List<MappingNode> merged(Node value, String path) {
        if (value instanceof MappingNode mapping) {
            return List.of(mapping);
        }
        if (value instanceof SequenceNode sequence && !sequence.getValue().isEmpty()
                && sequence.getValue().stream().allMatch(MappingNode.class::isInstance)) {
            return sequence.getValue().stream().map(MappingNode.class::cast).toList();
        }
        throw at(path, value, "merges a map or a list of maps (<<: *name or <<: [*one, *other])");
    }

    private String key(Node key, String path) {
        if (!(key instanceof ScalarNode scalar)) {
            throw at(path, key, "a key must be a name, not a list or map");
        }
        scalar(scalar, path);
        return scalar.getValue();
    }

    private JsonNode scalar(ScalarNode node, String path) {
        Tag tag = node.getTag();
        String text = node.getValue();
        if (tag.equals(Tag.STR) || tag.equals(Tag.MERGE)) {
            // << merges only as a key (see entries); as a value it is the text it is
            return JsonNodeFactory.instance.textNode(text);
        }
        Pattern pattern = SCALARS.get(tag);
        if (pattern == null) {
            throw at(path, node, "the tag " + name(tag) + " is not allowed; write the value without a tag");
        }
        if (!pattern.matcher(text).matches()) {
            throw at(path, node, "\"" + text + "\" is not a " + name(tag));
        }
        if (tag.equals(Tag.NULL)) {
            return NullNode.getInstance();
        }
        if (tag.equals(Tag.BOOL)) {
            return JsonNodeFactory.instance.booleanNode(text.charAt(0) == 't' || text.charAt(0) == 'T');
        }
        if (tag.equals(Tag.INT)) {
            BigInteger value = new BigInteger(text);
            return value.bitLength() < Integer.SIZE ? JsonNodeFactory.instance.numberNode(value.intValue())
                    : value.bitLength() < Long.SIZE ? JsonNodeFactory.instance.numberNode(value.longValue())
                    : JsonNodeFactory.instance.numberNode(value);
        }
        return JsonNodeFactory.instance.numberNode(Double.parseDouble(text));
    }

    private void standardTag(Node node, Tag standard, String path) {
        if (!node.getTag().equals(standard)) {
            throw at(path, node, "the tag " + name(node.getTag()) + " is not allowed; write the value without a tag");
        }
    }

    /** A tag as written: {@code !!int} for YAML's own, {@code !name} for another. */
    private static String name(Tag tag) {
        return tag.startsWith(Tag.PREFIX) ? "!!" + tag.getValue().substring(Tag.PREFIX.length()) : tag.getValue();
    }

    /** A problem at a path, placed where the node starts (for an alias, where what it stands for starts). */
    private InvalidPolicyException at(String path, Node node, String message) {
        return invalid(file, position(node.getStartMark()), path.isEmpty() ? message : path + ": " + message);
    }

    private static InvalidPolicyException invalid(String file, Position at, String message) {
        return new InvalidPolicyException(List.of(problem(file, at, message)));
    }

    private static PolicyProblem problem(String file, Position at, String message) {
        return at == null ? new PolicyProblem(file, null, null, message)
                : new PolicyProblem(file, OptionalInt.of(at.line()), OptionalInt.of(at.column()), message);
    }

    private static Position position(Mark mark) {
        return new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }

    /** The line and column of a character of a text, counted in code points as the YAML reader counts them. */
    private static Position position(String text, int codePoints) {
        int line = 1;
        int column = 1;
        for (int i = 0, n = 0; i < text.length() && n < codePoints; i += Character.charCount(text.codePointAt(i)), n++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Position(line, column);
    }
}
