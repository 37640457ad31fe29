package org.deploypolicy.cli;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The part of GitHub Actions' expression language ({@code ${{ ... }}}) that an action's metadata uses: context paths
 * ({@code inputs.allow}, {@code steps.source.outputs.tag}, {@code github.event.pull_request.number}), string, number
 * and boolean literals, {@code ==}, {@code !=}, {@code !}, {@code &&}, {@code ||} and parentheses, with GitHub's
 * rules: a missing property is null, {@code &&} and {@code ||} give one of their operands, strings compare ignoring
 * case and values of two types compare as numbers. A function ({@code success()}, {@code hashFiles(...)}) is refused,
 * so that a test never quietly runs an action whose metadata it cannot read.
 */
final class WorkflowExpressions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> contexts;
    private String text;
    private int at;

    private WorkflowExpressions(Map<String, Object> contexts) {
        this.contexts = contexts;
    }

    /** A string with each {@code ${{ expression }}} in it replaced by the expression's value as text. */
    static String interpolate(String template, Map<String, Object> contexts) {
        StringBuilder result = new StringBuilder();
        int from = 0;
        for (int start = template.indexOf("${{"); start >= 0; start = template.indexOf("${{", from)) {
            int end = template.indexOf("}}", start);
            if (end < 0) {
                throw new IllegalArgumentException("an expression without its }}: " + template);
            }
            result.append(template, from, start).append(text(evaluate(template.substring(start + 3, end), contexts)));
            from = end + 2;
        }
        return result.append(template.substring(from)).toString();
    }

    /** Whether a step's {@code if:} holds (written with or without {@code ${{ }}}). */
    static boolean holds(String condition, Map<String, Object> contexts) {
        String expression = condition.strip();
        if (expression.startsWith("${{") && expression.endsWith("}}")) {
            expression = expression.substring(3, expression.length() - 2);
        }
        return truthy(evaluate(expression, contexts));
    }

    static Object evaluate(String expression, Map<String, Object> contexts) {
        WorkflowExpressions parser = new WorkflowExpressions(contexts);
        parser.text = expression;
        Object value = parser.or();
        parser.skipSpace();
        if (parser.at < expression.length()) {
            throw parser.unexpected();
        }
        return value;
    }

    /** A value as GitHub writes it into a string: null as nothing, objects and arrays as JSON. */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double number) {
            return number == Math.rint(number) && !number.isInfinite() ? String.valueOf(number.longValue())
                    : number.toString();
        }
        if (value instanceof Map || value instanceof List) {
            try {
                return JSON.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return value.toString();
    }

    private Object or() {
        Object left = and();
        while (accept("||")) {
            Object right = and();
            left = truthy(left) ? left : right;
        }
        return left;
    }

    private Object and() {
        Object left = comparison();
        while (accept("&&")) {
            Object right = comparison();
            left = truthy(left) ? right : left;
        }
        return left;
    }

    private Object comparison() {
        Object left = unary();
        if (accept("==")) {
            return same(left, unary());
        }
        if (accept("!=")) {
            return !same(left, unary());
        }
        return left;
    }

    private Object unary() {
        return accept("!") ? !truthy(unary()) : primary();
    }

    private Object primary() {
        skipSpace();
        if (accept("(")) {
            Object value = or();
            if (!accept(")")) {
                throw unexpected();
            }
            return value;
        }
        if (at < text.length() && text.charAt(at) == '\'') {
            return string();
        }
        int start = at;
        while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || "_-.".indexOf(text.charAt(at)) >= 0)) {
            at++;
        }
        String word = text.substring(start, at);
        if (word.isEmpty()) {
            throw unexpected();
        }
        skipSpace();
        if (at < text.length() && text.charAt(at) == '(') {
            throw new IllegalArgumentException("the function " + word + "() is not supported: " + text);
        }
        switch (word) {
            case "true":
                return true;
            case "false":
                return false;
            case "null":
                return null;
            default:
                break;
        }
        if (Character.isDigit(word.charAt(0)) || word.charAt(0) == '-') {
            return Double.valueOf(word);
        }
        return property(word);
    }

    private String string() {
        StringBuilder value = new StringBuilder();
        at++;
        while (true) {
            if (at >= text.length()) {
                throw new IllegalArgumentException("a string without its closing quote: " + text);
            }
            char c = text.charAt(at++);
            if (c == '\'') {
                if (at < text.length() && text.charAt(at) == '\'') {
                    value.append('\'');
                    at++;
                } else {
                    return value.toString();
                }
            } else {
                value.append(c);
            }
        }
    }

    /** A context path; a name that is no context is an error, a missing property null. */
    private Object property(String path) {
        String[] names = path.split("\\.");
        if (!contexts.containsKey(names[0])) {
            throw new IllegalArgumentException("no context " + names[0] + " in " + text);
        }
        Object value = contexts.get(names[0]);
        for (int i = 1; i < names.length && value != null; i++) {
            value = value instanceof Map<?, ?> map ? map.get(names[i]) : null;
        }
        return value;
    }

    private static boolean same(Object left, Object right) {
        if (left instanceof String a && right instanceof String b) {
            return a.equalsIgnoreCase(b);
        }
        if (left instanceof Map || left instanceof List || right instanceof Map || right instanceof List) {
            return left == right;
        }
        return number(left) == number(right);
    }

    private static double number(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Boolean bool) {
            return bool ? 1 : 0;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        String text = value.toString().strip();
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static boolean truthy(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof Number number) {
            return number.doubleValue() != 0 && !Double.isNaN(number.doubleValue());
        }
        return !(value instanceof String string) || !string.isEmpty();
    }

    private boolean accept(String token) {
        skipSpace();
        if (text.startsWith(token, at) && !(token.equals("!") && text.startsWith("!=", at))) {
            at += token.length();
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private IllegalArgumentException unexpected() {
        return new IllegalArgumentException("cannot read the expression at " + at + ": " + text);
    }
}
