package org.deploypolicy.reference;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One change to a valid request's JSON, as a tree edit (drop a field, change a type, ...) or a text edit
 * (duplicate a key, cut the text short, ...). A mutation holds only small numbers and names, so that jqwik
 * shrinks it and prints it readably; which node it hits is chosen by {@code at}, an index into every node of
 * the tree as it is when the mutation applies (pre-order, modulo the number of candidates), so a mutation
 * reaches any depth.
 */
sealed interface JsonMutation {
    JsonNodeFactory NODES = JsonNodeFactory.instance;
    ObjectMapper MAPPER = new ObjectMapper();

    void apply(Doc doc);

    /** Applies mutations in order to a copy of {@code valid} and writes the result as JSON text. */
    static String mutate(JsonNode valid, List<JsonMutation> mutations) {
        Doc doc = new Doc(valid.deepCopy());
        mutations.forEach(m -> m.apply(doc));
        return doc.write();
    }

    /** Removes one field of an object, at any depth. */
    record Drop(int at) implements JsonMutation {
        @Override
        public void apply(Doc doc) {
            pick(doc.spots(Spot::isField), at).remove();
        }
    }

    /** Replaces a value, at any depth, with a value of another type (or an edge value of the same type). */
    record Retype(int at, Value value) implements JsonMutation {
        enum Value {
            NULL, TRUE, FALSE, ZERO, MINUS_ONE, HALF, NEGATIVE_ZERO, INT_MAX, INT_MAX_PLUS_ONE, HUGE_INTEGER,
            HUGE_EXPONENT, TINY_EXPONENT, EMPTY_STRING, BLANK_STRING, TEXT, NUMBER_AS_TEXT, TRUE_AS_TEXT,
            EMPTY_OBJECT, EMPTY_LIST, WRAPPED_IN_LIST, WRAPPED_IN_OBJECT
        }

        @Override
        public void apply(Doc doc) {
            Spot spot = pick(doc.spots(s -> true), at);
            if (spot != null) {
                spot.replace(value(spot.value()));
            }
        }

        private JsonNode value(JsonNode old) {
            return switch (value) {
                case NULL -> NODES.nullNode();
                case TRUE -> NODES.booleanNode(true);
                case FALSE -> NODES.booleanNode(false);
                case ZERO -> NODES.numberNode(0);
                case MINUS_ONE -> NODES.numberNode(-1);
                case HALF -> NODES.numberNode(0.5);
                case NEGATIVE_ZERO -> NODES.numberNode(-0.0);
                case INT_MAX -> NODES.numberNode(Integer.MAX_VALUE);
                case INT_MAX_PLUS_ONE -> NODES.numberNode(Integer.MAX_VALUE + 1L);
                case HUGE_INTEGER -> NODES.numberNode(new BigInteger("123456789012345678901234567890"));
                case HUGE_EXPONENT -> NODES.numberNode(new BigDecimal("1e400"));
                case TINY_EXPONENT -> NODES.numberNode(new BigDecimal("1e-400"));
                case EMPTY_STRING -> NODES.textNode("");
                case BLANK_STRING -> NODES.textNode(" \t ");
                case TEXT -> NODES.textNode("x");
                case NUMBER_AS_TEXT -> NODES.textNode("1");
                case TRUE_AS_TEXT -> NODES.textNode("true");
                case EMPTY_OBJECT -> NODES.objectNode();
                case EMPTY_LIST -> NODES.arrayNode();
                case WRAPPED_IN_LIST -> NODES.arrayNode().add(old.deepCopy());
                case WRAPPED_IN_OBJECT -> NODES.objectNode().set("value", old.deepCopy());
            };
        }
    }

    /** Replaces a string (any value when the tree has no string left) with a long one. */
    record LongString(int at, int length, Fill fill) implements JsonMutation {
        enum Fill { LETTERS, SPACES, CONTROL, UNICODE }

        @Override
        public void apply(Doc doc) {
            Spot spot = pickPreferring(doc, s -> s.value().isTextual(), at);
            if (spot != null) {
                spot.replace(NODES.textNode(text()));
            }
        }

        String text() {
            StringBuilder text = new StringBuilder(length);
            String alphabet = switch (fill) {
                case LETTERS -> "abcdefghijklmnopqrstuvwxyz";
                case SPACES -> " ";
                case CONTROL -> "\u0000\u0001\t\n\r\u001b\u001f\u007f\u0085\u2028";
                case UNICODE -> "\u00e9\u1200\u4e2d\ud834\udd1e\u200b\ufeff";
            };
            for (int i = 0; text.length() < length; i++) {
                text.append(alphabet.charAt(i % alphabet.length()));
            }
            text.setLength(length);
            return text.toString();
        }
    }

    /** Puts control and other awkward characters into a string, before, after or instead of its text. */
    record Awkward(int at, Chars chars, Where where) implements JsonMutation {
        enum Chars {
            NUL("\u0000"), NEWLINE("\n"), TAB("\t"), ESCAPE("\u001b[31m"), DELETE("\u007f"), NEXT_LINE("\u0085"),
            LINE_SEPARATOR("\u2028"), RIGHT_TO_LEFT("\u202e"), ZERO_WIDTH("\u200b"), NO_BREAK_SPACE("\u00a0"),
            BYTE_ORDER_MARK("\ufeff"), LONE_SURROGATE("\ud800"), NON_CHARACTER("\uffff"), QUOTE_AND_BACKSLASH("\"\\");

            final String text;

            Chars(String text) {
                this.text = text;
            }
        }

        enum Where { BEFORE, AFTER, INSTEAD }

        @Override
        public void apply(Doc doc) {
            Spot spot = pickPreferring(doc, s -> s.value().isTextual(), at);
            if (spot == null) {
                return;
            }
            String old = spot.value().isTextual() ? spot.value().textValue() : spot.value().toString();
            spot.replace(NODES.textNode(switch (where) {
                case BEFORE -> chars.text + old;
                case AFTER -> old + chars.text;
                case INSTEAD -> chars.text;
            }));
        }
    }

    /** Grows a list (the approvals when the tree has no list) to a size around and past the 1,000 limit. */
    record Grow(int at, int size, Item item) implements JsonMutation {
        enum Item { COPY_OF_LAST, DISTINCT_TEXT, NULL }

        @Override
        public void apply(Doc doc) {
            Spot spot = pickPreferring(doc, s -> s.value().isArray(), at);
            if (spot == null) {
                return;
            }
            ArrayNode list = spot.value().isArray() ? (ArrayNode) spot.value() : NODES.arrayNode();
            JsonNode last = list.isEmpty() ? NODES.textNode("label") : list.get(list.size() - 1);
            for (int i = list.size(); i < size; i++) {
                list.add(switch (item) {
                    case COPY_OF_LAST -> last.deepCopy();
                    case DISTINCT_TEXT -> NODES.textNode("item-" + i);
                    case NULL -> NODES.nullNode();
                });
            }
            spot.replace(list);
        }
    }

    /** Gives an object (the checks, when present: a valid place for many fields) many more fields. */
    record Widen(int at, int size, boolean checks) implements JsonMutation {
        @Override
        public void apply(Doc doc) {
            Spot spot = pickPreferring(doc, s -> s.value().isObject(), at);
            JsonNode target = checks && doc.root().path("checks").isObject() ? doc.root().get("checks")
                    : spot == null ? doc.root() : spot.value();
            if (target instanceof ObjectNode object) {
                for (int i = object.size(); i < size; i++) {
                    object.put("check-" + i, "PASSED");
                }
            }
        }
    }

    /** Wraps a value in lists or objects, up to far past the nesting limit. */
    record Nest(int at, int depth, boolean lists) implements JsonMutation {
        @Override
        public void apply(Doc doc) {
            Spot spot = pick(doc.spots(s -> true), at);
            if (spot == null) {
                return;
            }
            JsonNode value = spot.value().deepCopy();
            for (int i = 0; i < depth; i++) {
                value = lists ? NODES.arrayNode().add(value) : NODES.objectNode().set("value", value);
            }
            spot.replace(value);
        }
    }

    /** Puts a null into a list, at any place in it. */
    record NullInList(int at, int position) implements JsonMutation {
        @Override
        public void apply(Doc doc) {
            Spot spot = pick(doc.spots(s -> s.value().isArray()), at);
            if (spot != null) {
                ArrayNode list = (ArrayNode) spot.value();
                list.insertNull(Math.floorMod(position, list.size() + 1));
            }
        }
    }

    /** Writes one key of an object twice in the text, with the same value or another. */
    record DuplicateKey(int at, boolean sameValue) implements JsonMutation {
        @Override
        public void apply(Doc doc) {
            Spot spot = pick(doc.spots(Spot::isField), at);
            if (spot != null) {
                doc.duplicates.add(new Duplicate((ObjectNode) spot.parent(), spot.key(),
                        sameValue ? spot.value().deepCopy() : NODES.textNode("other")));
            }
        }
    }

    /** Gives a person a second verdict: the same again, the opposite, later, earlier, or in another role. */
    record TwinApproval(int index, Twin twin) implements JsonMutation {
        enum Twin { SAME, OPPOSITE, OPPOSITE_LATER, OPPOSITE_EARLIER, OPPOSITE_WITHOUT_TIME, OTHER_ROLE, SAME_TIME }

        @Override
        public void apply(Doc doc) {
            if (!(doc.root() instanceof ObjectNode root)) {
                return;
            }
            JsonNode existing = root.get("approvals");
            ArrayNode approvals = existing instanceof ArrayNode list ? list : root.putArray("approvals");
            ObjectNode original = null;
            for (int i = 0; i < approvals.size() && original == null; i++) {
                if (approvals.get(Math.floorMod(index + i, approvals.size())) instanceof ObjectNode a) {
                    original = a;
                }
            }
            if (original == null) {
                original = approvals.addObject().put("by", "selam").put("role", "TECH_LEAD").put("verdict", "APPROVED")
                        .put("commit", root.path("change").path("headCommit").asText("9f2c1e7"));
            }
            ObjectNode copy = original.deepCopy();
            boolean approved = "APPROVED".equals(original.path("verdict").asText());
            String opposite = approved ? "REJECTED" : "APPROVED";
            switch (twin) {
                case SAME -> { }
                case OPPOSITE -> copy.put("verdict", opposite);
                case OPPOSITE_LATER -> copy.put("verdict", opposite).put("at", "2099-01-01T00:00:00Z");
                case OPPOSITE_EARLIER -> copy.put("verdict", opposite).put("at", "2000-01-01T00:00:00Z");
                case OPPOSITE_WITHOUT_TIME -> {
                    copy.put("verdict", opposite);
                    copy.remove("at");
                }
                case OTHER_ROLE -> copy.put("role", "CEO");
                case SAME_TIME -> copy.put("verdict", opposite).set("at", original.get("at"));
            }
            approvals.insert(Math.floorMod(index, approvals.size() + 1), copy);
        }
    }

    /** Asks for a waiver of a rule's finding, granted by someone who approved, asked, wrote the change, or nobody. */
    record Waive(String rule, Grantor by, boolean withSubject) implements JsonMutation {
        enum Grantor { APPROVER, REQUESTER, AUTHOR, STRANGER }

        @Override
        public void apply(Doc doc) {
            if (!(doc.root() instanceof ObjectNode root)) {
                return;
            }
            String who = switch (by) {
                case APPROVER -> root.path("approvals").path(0).path("by").asText("selam");
                case REQUESTER -> root.path("requester").path("id").asText("abebe");
                case AUTHOR -> root.path("change").path("author").asText("abebe");
                case STRANGER -> "someone-else";
            };
            JsonNode existing = root.get("waivers");
            ArrayNode waivers = existing instanceof ArrayNode list ? list : root.putArray("waivers");
            ObjectNode waiver = waivers.addObject().put("rule", rule);
            if (withSubject) {
                waiver.put("subject", "api-tests");
            }
            waiver.put("by", who).put("reason", "the release cannot wait");
        }
    }

    /** Replaces a time (the request's {@code at} when none is left) with an edge or an ill-written one. */
    record Time(int at, Value value) implements JsonMutation {
        enum Value {
            YEAR_END("2026-12-31T23:59:59+03:00"), YEAR_END_LAST_NANO("2026-12-31T23:59:59.999999999Z"),
            NEW_YEAR_FAR_EAST("2027-01-01T00:00:00+14:00"), NEW_YEAR_FAR_WEST("2026-12-31T12:00:00-12:00"),
            LEAP_DAY("2028-02-29T12:00:00+03:00"), NO_LEAP_DAY("2027-02-29T12:00:00+03:00"),
            LEAP_SECOND("2026-12-31T23:59:60Z"), YEAR_9999("9999-12-31T23:59:59Z"),
            YEAR_9999_FAR_WEST("9999-12-31T23:59:59.999999999-18:00"), YEAR_1_FAR_EAST("0001-01-01T00:00:00+18:00"),
            YEAR_10000("+10000-01-01T00:00:00Z"), LAST_YEAR_JAVA_KNOWS("+999999999-12-31T23:59:59-18:00"),
            FIRST_YEAR_JAVA_KNOWS("-999999999-01-01T00:00:00+18:00"), YEAR_ZERO("0000-01-01T00:00:00Z"),
            EPOCH("1970-01-01T00:00:00Z"), WITHOUT_OFFSET("2026-11-24T10:30:00"), DATE_ONLY("2026-11-24"),
            LOWER_CASE("2026-11-24t10:30:00z"), WITH_ZONE_ID("2026-11-24T10:30:00+03:00[Africa/Addis_Ababa]"),
            OFFSET_TOO_LARGE("2026-11-24T10:30:00+19:00"), HOUR_24("2026-11-24T24:00:00Z"),
            SPACE_FOR_T("2026-11-24 10:30:00+03:00"), OFFSET_WITHOUT_COLON("2026-11-24T10:30:00+0300"),
            EPOCH_SECONDS(null);

            final String text;

            Value(String text) {
                this.text = text;
            }
        }

        @Override
        public void apply(Doc doc) {
            JsonNode time = value.text == null ? NODES.numberNode(1_764_000_000L) : NODES.textNode(value.text);
            Spot spot = pick(doc.spots(s -> "at".equals(s.key())), at);
            if (spot != null) {
                spot.replace(time);
            } else if (doc.root() instanceof ObjectNode root) {
                root.set("at", time);
            }
        }
    }

    /** Adds a field no object of the contract has (a misspelling, another case, an empty name, ...). */
    record UnknownField(int at, Name name, boolean nullValue) implements JsonMutation {
        enum Name {
            MISSPELT("aprovals"), CAPITALISED("Kind"), UPPER_CASE("ID"), EMPTY(""), BLANK(" "), DOLLAR("$"),
            PROTO("__proto__"), WITH_DOT("change.type"), WITH_NUL("by\u0000"), TRAILING_SPACE("verdict ");

            final String text;

            Name(String text) {
                this.text = text;
            }
        }

        @Override
        public void apply(Doc doc) {
            List<Spot> objects = doc.spots(s -> s.value().isObject());
            ObjectNode object = objects.isEmpty() || Math.floorMod(at, objects.size() + 1) == objects.size()
                    ? doc.root() instanceof ObjectNode root ? root : null
                    : (ObjectNode) pick(objects, at).value();
            if (object != null) {
                object.set(name.text, nullValue ? NODES.nullNode() : NODES.numberNode(1));
            }
        }
    }

    /** Spells an upper-case word (an enum value or a role) another way. */
    record Spelling(int at, Way way) implements JsonMutation {
        enum Way { LOWER, TITLE, PADDED, TRAILING_SPACE, UNKNOWN, HYPHENATED, DOTTED_CAPITAL_I, FULL_WIDTH_FIRST }

        @Override
        public void apply(Doc doc) {
            Spot spot = pick(doc.spots(s -> s.value().isTextual() && s.value().textValue().matches("[A-Z][A-Z0-9_]*")),
                    at);
            if (spot == null) {
                return;
            }
            String word = spot.value().textValue();
            spot.replace(NODES.textNode(switch (way) {
                case LOWER -> word.toLowerCase(Locale.ROOT);
                case TITLE -> word.charAt(0) + word.substring(1).toLowerCase(Locale.ROOT);
                case PADDED -> " " + word + " ";
                case TRAILING_SPACE -> word + " ";
                case UNKNOWN -> word + "_X";
                case HYPHENATED -> word.replace('_', '-');
                case DOTTED_CAPITAL_I -> word.replace('I', '\u0130');
                case FULL_WIDTH_FIRST -> (char) (word.charAt(0) - 'A' + '\uff21') + word.substring(1);
            }));
        }
    }

    /** Spoils the JSON text itself. */
    record Text(Edit edit, int position) implements JsonMutation {
        enum Edit {
            CUT_SHORT, RAW_CONTROL_CHARACTER, BYTE_ORDER_MARK, TRAILING_GARBAGE, SECOND_VALUE, LEADING_COMMENT,
            TRAILING_COMMA, SINGLE_QUOTES, A_LIST_INSTEAD, NULL_INSTEAD, NOTHING_AT_ALL
        }

        @Override
        public void apply(Doc doc) {
            doc.textEdits.add(text -> {
                int at = Math.floorMod(position, text.length() + 1);
                return switch (edit) {
                    case CUT_SHORT -> text.substring(0, at);
                    case RAW_CONTROL_CHARACTER -> text.substring(0, at) + '\u0001' + text.substring(at);
                    case BYTE_ORDER_MARK -> "\ufeff" + text;
                    case TRAILING_GARBAGE -> text + " x";
                    case SECOND_VALUE -> text + text;
                    case LEADING_COMMENT -> "/* a comment */" + text;
                    case TRAILING_COMMA -> text.replaceFirst("\\}\\s*$", ",}");
                    case SINGLE_QUOTES -> text.replace('"', '\'');
                    case A_LIST_INSTEAD -> "[" + text + "]";
                    case NULL_INSTEAD -> "null";
                    case NOTHING_AT_ALL -> "";
                };
            });
        }
    }

    /** A value in the tree with where it sits. */
    record Spot(ContainerNode<?> parent, String key, int index, JsonNode value) {
        boolean isField() {
            return key != null;
        }

        void replace(JsonNode replacement) {
            if (parent instanceof ObjectNode object) {
                object.set(key, replacement);
            } else {
                ((ArrayNode) parent).set(index, replacement);
            }
        }

        void remove() {
            if (parent instanceof ObjectNode object) {
                object.remove(key);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }
    }

    /** The {@code at}-th of the candidates, or null when there are none. */
    private static Spot pick(List<Spot> candidates, int at) {
        return candidates.isEmpty() ? null : candidates.get(Math.floorMod(at, candidates.size()));
    }

    /** The {@code at}-th of the spots that match, or of all spots when none match. */
    private static Spot pickPreferring(Doc doc, Predicate<Spot> preferred, int at) {
        List<Spot> candidates = doc.spots(preferred);
        return pick(candidates.isEmpty() ? doc.spots(s -> true) : candidates, at);
    }

    /** A key to write twice. */
    record Duplicate(ObjectNode owner, String key, JsonNode second) {
    }

    /** The request being mutated: its tree, the keys to write twice, the edits to make to the text. */
    final class Doc {
        private final JsonNode root;
        private final List<Duplicate> duplicates = new ArrayList<>();
        private final List<UnaryOperator<String>> textEdits = new ArrayList<>();

        Doc(JsonNode root) {
            this.root = root;
        }

        JsonNode root() {
            return root;
        }

        /** Every value under the root, in pre-order, that matches. */
        List<Spot> spots(Predicate<Spot> matching) {
            List<Spot> spots = new ArrayList<>();
            collect(root, matching, spots);
            return spots;
        }

        private static void collect(JsonNode node, Predicate<Spot> matching, List<Spot> spots) {
            if (node instanceof ObjectNode object) {
                for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    Spot spot = new Spot(object, name, -1, object.get(name));
                    if (matching.test(spot)) {
                        spots.add(spot);
                    }
                    collect(spot.value(), matching, spots);
                }
            } else if (node instanceof ArrayNode list) {
                for (int i = 0; i < list.size(); i++) {
                    Spot spot = new Spot(list, null, i, list.get(i));
                    if (matching.test(spot)) {
                        spots.add(spot);
                    }
                    collect(spot.value(), matching, spots);
                }
            }
        }

        String write() {
            String json;
            if (duplicates.isEmpty()) {
                json = scalar(root);
            } else {
                StringBuilder text = new StringBuilder();
                write(root, text);
                json = text.toString();
            }
            for (UnaryOperator<String> edit : textEdits) {
                json = edit.apply(json);
            }
            return json;
        }

        private void write(JsonNode node, StringBuilder out) {
            if (node instanceof ObjectNode object) {
                out.append('{');
                boolean first = true;
                for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    first = field(out, first, name, object.get(name));
                    for (Duplicate d : duplicates) {
                        if (d.owner() == object && d.key().equals(name)) {
                            first = field(out, first, name, d.second());
                        }
                    }
                }
                out.append('}');
            } else if (node instanceof ArrayNode list) {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    write(list.get(i), out);
                }
                out.append(']');
            } else {
                out.append(scalar(node));
            }
        }

        private boolean field(StringBuilder out, boolean first, String name, JsonNode value) {
            out.append(first ? "" : ",").append(scalar(NODES.textNode(name))).append(':');
            write(value, out);
            return false;
        }

        /** A value as JSON text, as Jackson writes it. */
        private static String scalar(JsonNode node) {
            try {
                return MAPPER.writeValueAsString(node);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
