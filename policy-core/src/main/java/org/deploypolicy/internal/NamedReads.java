package org.deploypolicy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.deploypolicy.PolicyProblem;
import org.deploypolicy.rules.Values;

/**
 * The reads of {@code params} and {@code attributes} in rule files, checked when the policy is built: a rule reads
 * one by a literal name ({@code params.whole("maxServices")} in a pattern, {@code $d.getParams().whole("maxServices")}
 * in a consequence), so a name the policy does not define (a param) or declare (an attribute), or a read of another
 * type than the value's or the declared one, is a problem at its file, line and column, never a failed evaluation
 * later. Found by reading the text as code: comments are skipped, strings are read whole, so
 * {@code // params.whole("x")} is no read.
 */
final class NamedReads {
    /** The readers of {@link Values} that take a name, and what each accepts. */
    private static final Map<String, Class<?>[]> READERS = Map.of(
            "whole", new Class<?>[] {Long.class},
            "number", new Class<?>[] {Long.class, java.math.BigDecimal.class},
            "text", new Class<?>[] {String.class},
            "flag", new Class<?>[] {Boolean.class},
            "list", new Class<?>[] {List.class},
            "get", new Class<?>[] {Object.class},
            "has", new Class<?>[] {Object.class});

    /** The declared types of attributes, and the readers each may be read with. */
    private static final Map<String, List<String>> ATTRIBUTE_READERS = Map.of(
            "string", List.of("text"),
            "integer", List.of("whole", "number"),
            "number", List.of("number"),
            "boolean", List.of("flag"),
            "array", List.of("list"));

    /**
     * A read of a param or an attribute.
     *
     * @param what   {@code params} or {@code attributes}
     * @param line   from 1
     * @param column of {@code params} or {@code attributes}, from 0 (as the rule compiler counts)
     * @param name   the literal name, or null when the name is not a literal
     */
    record Read(String what, String file, int line, int column, String reader, String name) {
    }

    private NamedReads() {
    }

    /** The problems of every read in the files against the params defined and the attributes declared. */
    static List<PolicyProblem> check(List<RuleText.Source> sources, Values params, AttributeSchema attributes) {
        List<PolicyProblem> problems = new ArrayList<>();
        for (RuleText.Source source : sources) {
            for (Read read : in(source.file(), source.tokens())) {
                String problem = read.what().equals("params") ? problem(read, params) : problem(read, attributes);
                if (problem != null) {
                    problems.add(new PolicyProblem(read.file(), OptionalInt.of(read.line()),
                            OptionalInt.of(read.column()), problem));
                }
            }
        }
        return problems;
    }

    private static String problem(Read read, AttributeSchema attributes) {
        if (read.name() == null) {
            return "attributes are read by a literal name, like attributes." + read.reader() + "(\"tier\")";
        }
        String what = "attributes." + read.name();
        String type = attributes.typeOf(read.name());
        if (type == null) {
            return what + ": the policy's attributes declare no such attribute" + (attributes.names().isEmpty()
                    ? " (policy.yaml declares none)" : " (policy.yaml declares " + String.join(", ", attributes.names()) + ")");
        }
        List<String> readers = ATTRIBUTE_READERS.get(type);
        if (read.reader().equals("has") || read.reader().equals("get") || readers.contains(read.reader())) {
            return null;
        }
        return what + " is declared of type " + type + "; " + read.reader() + "(...) cannot read it, "
                + readers.get(0) + "(...) can";
    }

    private static String problem(Read read, Values params) {
        if (read.name() == null) {
            return "params are read by a literal name, like params." + read.reader() + "(\"maxServices\")";
        }
        if (read.reader().equals("has")) {
            return null;
        }
        String what = "params." + read.name();
        if (!params.has(read.name())) {
            return what + ": no params defines it" + (params.names().isEmpty() ? " (policy.yaml defines no params)"
                    : " (policy.yaml defines " + String.join(", ", params.names()) + ")");
        }
        Object value = params.get(read.name());
        for (Class<?> accepted : READERS.get(read.reader())) {
            if (accepted.isInstance(value)) {
                return null;
            }
        }
        return what + " is " + Values.typeOf(value) + " (" + value + "); " + read.reader() + "(...) cannot read it, "
                + Values.readerOf(value) + "(...) can";
    }

    /**
     * Every read of {@code params.READER(...)} or {@code attributes.READER(...)} (or {@code getParams()...},
     * {@code getAttributes()...}) outside comments and strings.
     */
    static List<Read> in(String file, List<RuleText.Token> tokens) {
        List<Read> reads = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            RuleText.Token word = tokens.get(i);
            String what = word.kind() != RuleText.Kind.IDENTIFIER ? null : switch (word.text()) {
                case "params", "getParams" -> "params";
                case "attributes", "getAttributes" -> "attributes";
                default -> null;
            };
            if (what == null) {
                continue;
            }
            int next = i + 1;
            if (at(tokens, next, "(") && at(tokens, next + 1, ")")) {
                next += 2;
            }
            if (!at(tokens, next, ".") || next + 2 >= tokens.size()
                    || !READERS.containsKey(tokens.get(next + 1).text()) || !at(tokens, next + 2, "(")) {
                continue;
            }
            String reader = tokens.get(next + 1).text();
            boolean literal = next + 4 < tokens.size() && tokens.get(next + 3).kind() == RuleText.Kind.STRING
                    && at(tokens, next + 4, ")");
            reads.add(new Read(what, file, word.line(), word.column(), reader,
                    literal ? tokens.get(next + 3).text() : null));
        }
        return reads;
    }

    private static boolean at(List<RuleText.Token> tokens, int index, String punctuation) {
        return index < tokens.size() && tokens.get(index).is(punctuation);
    }
}
