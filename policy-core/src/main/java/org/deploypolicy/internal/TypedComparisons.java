package org.deploypolicy.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.deploypolicy.PolicyProblem;
import org.deploypolicy.rules.Approvers;
import org.deploypolicy.rules.Deployment;
import org.deploypolicy.rules.Freeze;
import org.deploypolicy.rules.RequiredRole;
import org.deploypolicy.rules.Rollback;
import org.deploypolicy.rules.Settings;
import org.deploypolicy.rules.Vote;

/**
 * A condition that compares a field of a fact with a text when the field is not a text, found when the policy is
 * built: {@code Deployment( day == "THURSDAY" )} compiles and never matches (a {@code DayOfWeek} is never equal
 * to a string), and {@code Deployment( time >= "16:00" )} compiles and then fails every evaluation that reaches
 * it. Each is an error at the field's line and column saying what to write instead. Only what can be told from
 * the text is checked: a field of a vocabulary fact ({@code Deployment}, {@code Rollback}, {@code Vote}, ...)
 * followed through its getters, compared with a string literal in a rule's conditions.
 */
final class TypedComparisons {
    private static final Map<String, Class<?>> FACTS = Map.of(
            "Deployment", Deployment.class,
            "Rollback", Rollback.class,
            "Vote", Vote.class,
            "Approvers", Approvers.class,
            "Freeze", Freeze.class,
            "Settings", Settings.class,
            "RequiredRole", RequiredRole.class);
    private static final Set<String> COMPARISONS = Set.of("==", "!=", ">", "<", ">=", "<=");

    private TypedComparisons() {
    }

    /** The problems of every comparison in the files of a field that is not a text with a string literal. */
    static List<PolicyProblem> check(List<RuleText.Source> sources) {
        return RuleText.check(sources, TypedComparisons::in);
    }

    private static List<PolicyProblem> in(String file, List<RuleText.Token> tokens) {
        List<PolicyProblem> problems = new ArrayList<>();
        Deque<String> open = new ArrayDeque<>();
        boolean conditions = false;
        for (int i = 0; i < tokens.size(); i++) {
            RuleText.Token token = tokens.get(i);
            if (token.isIdentifier("when") && open.isEmpty()) {
                conditions = true;
            } else if ((token.isIdentifier("then") || token.isIdentifier("end")) && open.isEmpty()) {
                conditions = false;
            } else if (token.is("(")) {
                open.push(i > 0 && tokens.get(i - 1).kind() == RuleText.Kind.IDENTIFIER ? tokens.get(i - 1).text() : "");
            } else if (token.is(")")) {
                open.poll();
            } else if (conditions && token.kind() == RuleText.Kind.OPERATOR && COMPARISONS.contains(token.text())
                    && i + 1 < tokens.size() && tokens.get(i + 1).kind() == RuleText.Kind.STRING) {
                Class<?> fact = open.stream().map(FACTS::get).filter(type -> type != null).findFirst().orElse(null);
                int start = chainStart(tokens, i);
                if (fact != null && start >= 0) {
                    problem(file, tokens, start, i, fact).ifPresent(problems::add);
                }
            }
        }
        return problems;
    }

    /** Where the field compared begins ({@code change.summary}, {@code statusOf("x")}), or -1 when it is not one. */
    private static int chainStart(List<RuleText.Token> tokens, int operator) {
        int i = operator - 1;
        while (i >= 0) {
            if (tokens.get(i).is(")")) {
                int depth = 0;
                do {
                    depth += tokens.get(i).is(")") ? 1 : tokens.get(i).is("(") ? -1 : 0;
                    i--;
                } while (i >= 0 && depth > 0);
            }
            if (i < 0 || tokens.get(i).kind() != RuleText.Kind.IDENTIFIER || tokens.get(i).text().startsWith("$")) {
                return -1;
            }
            if (i > 0 && tokens.get(i - 1).is(".")) {
                i -= 2;
            } else {
                return i;
            }
        }
        return -1;
    }

    private static Optional<PolicyProblem> problem(String file, List<RuleText.Token> tokens, int start, int operator,
                                                   Class<?> fact) {
        Class<?> type = fact;
        StringBuilder field = new StringBuilder();
        int i = start;
        while (i < operator) {
            RuleText.Token name = tokens.get(i);
            boolean call = i + 1 < operator && tokens.get(i + 1).is("(");
            int arguments = 0;
            int next = i + 1;
            if (call) {
                int depth = 0;
                boolean any = false;
                for (next = i + 1; next < operator; next++) {
                    RuleText.Token t = tokens.get(next);
                    depth += t.is("(") ? 1 : t.is(")") ? -1 : 0;
                    if (depth == 1 && !t.is("(") && !t.is(",")) {
                        any = true;
                    }
                    if (depth == 1 && t.is(",")) {
                        arguments++;
                    }
                    if (depth == 0) {
                        break;
                    }
                }
                arguments += any ? 1 : 0;
                next++;
            }
            type = member(type, name.text(), call ? arguments : -1);
            if (type == null) {
                return Optional.empty();
            }
            field.append(field.isEmpty() ? "" : ".").append(name.text()).append(call ? "(...)" : "");
            i = next + 1;
        }
        if (type == String.class || type == Object.class || type == CharSequence.class) {
            return Optional.empty();
        }
        RuleText.Token at = tokens.get(start);
        String literal = tokens.get(operator + 1).text();
        return Optional.of(RuleText.problem(file, at,
                field + " is " + words(type) + ", " + verb(tokens.get(operator).text()) + " the text \"" + literal
                        + "\": " + instead(field.toString(), type, tokens.get(operator).text(), literal)));
    }

    /** The type of a property or method of {@code type}, or null when it has none of that name. */
    private static Class<?> member(Class<?> type, String name, int arguments) {
        String capitalized = name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (Method method : type.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            boolean matches = arguments >= 0
                    ? method.getName().equals(name) && method.getParameterCount() == arguments
                    : method.getParameterCount() == 0 && (method.getName().equals("get" + capitalized)
                    || method.getName().equals("is" + capitalized) || method.getName().equals(name));
            if (matches) {
                return method.getReturnType();
            }
        }
        return null;
    }

    private static String verb(String operator) {
        return operator.equals("==") || operator.equals("!=") ? "never equal to" : "which cannot be compared with";
    }

    private static String words(Class<?> type) {
        String name = type == Optional.class ? "Optional" : type.isPrimitive() ? type.getName() : type.getSimpleName();
        return ("AEIOUaeiou".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name;
    }

    /** What to write instead, where it can be said. */
    private static String instead(String field, Class<?> type, String operator, String literal) {
        if (type.isEnum()) {
            return "write " + field + " " + operator + " " + type.getName() + "." + literal.toUpperCase(java.util.Locale.ROOT)
                    + " (or import " + type.getName() + ")";
        }
        if (type == java.time.LocalTime.class) {
            return "write " + field + " " + operator + " java.time.LocalTime.parse(\"" + literal + "\")";
        }
        if (type == Optional.class) {
            return "compare its value, as in " + field + ".orElse(\"\") " + operator + " \"" + literal + "\"";
        }
        return "compare it with a value of its type";
    }
}
