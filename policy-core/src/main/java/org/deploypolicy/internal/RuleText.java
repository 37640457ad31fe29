package org.deploypolicy.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.BiFunction;

import org.deploypolicy.PolicyProblem;

/**
 * A rule file's text as tokens, for the checks the build makes before running anything ({@link NamedReads},
 * {@link TypedComparisons}): identifiers, string literals, numbers, operators and punctuation, each with its line
 * and column; comments are skipped, so what a comment says is never taken for code.
 */
final class RuleText {
    /** What a token is. */
    enum Kind { IDENTIFIER, STRING, NUMBER, OPERATOR, PUNCTUATION }

    /**
     * A token.
     *
     * @param text   as written; a string literal's contents, without quotes and with escapes resolved
     * @param line   from 1
     * @param column from 0 (as the rule compiler counts)
     */
    record Token(Kind kind, String text, int line, int column) {
        boolean is(String punctuation) {
            return (kind == Kind.PUNCTUATION || kind == Kind.OPERATOR) && text.equals(punctuation);
        }

        boolean isIdentifier(String name) {
            return kind == Kind.IDENTIFIER && text.equals(name);
        }
    }

    private static final List<String> OPERATORS = List.of("==", "!=", ">=", "<=", "&&", "||", ">", "<", "!", "+",
            "-", "*", "/", "%", "=");

    private final String text;
    private final List<Token> tokens = new ArrayList<>();
    private int at;
    private int line = 1;
    private int lineStart;

    private RuleText(String text) {
        this.text = text;
    }

    /** A rule file's path and its tokens. */
    record Source(String file, List<Token> tokens) {
    }

    /** A problem at a token of a rule file: its line and column. */
    static PolicyProblem problem(String file, Token at, String message) {
        return new PolicyProblem(file, OptionalInt.of(at.line()), OptionalInt.of(at.column()), message);
    }

    /** The problems one check finds in each file, file by file. */
    static List<PolicyProblem> check(List<Source> sources, BiFunction<String, List<Token>, List<PolicyProblem>> in) {
        List<PolicyProblem> problems = new ArrayList<>();
        for (Source source : sources) {
            problems.addAll(in.apply(source.file(), source.tokens()));
        }
        return problems;
    }

    /** Each rule file as tokens, read once for every check the build makes of the text. */
    static List<Source> of(List<PolicyFiles.SourceFile> files) {
        List<Source> sources = new ArrayList<>(files.size());
        for (PolicyFiles.SourceFile file : files) {
            sources.add(new Source(file.path(), tokens(new String(file.bytes(), StandardCharsets.UTF_8))));
        }
        return sources;
    }

    /** The tokens of a rule file's text. */
    static List<Token> tokens(String text) {
        RuleText scanner = new RuleText(text);
        scanner.scan();
        return scanner.tokens;
    }

    private void scan() {
        while (at < text.length()) {
            char c = text.charAt(at);
            int column = at - lineStart;
            if (text.startsWith("//", at)) {
                skipPast("\n");
            } else if (text.startsWith("/*", at)) {
                skipPast("*/");
            } else if (c == '\n') {
                newLine();
            } else if (Character.isWhitespace(c)) {
                at++;
            } else if (c == '"' || c == '\'') {
                int startLine = line;
                tokens.add(new Token(Kind.STRING, string(c), startLine, column));
            } else if (Character.isJavaIdentifierStart(c)) {
                int start = at;
                while (at < text.length() && Character.isJavaIdentifierPart(text.charAt(at))) {
                    at++;
                }
                tokens.add(new Token(Kind.IDENTIFIER, text.substring(start, at), line, column));
            } else if (Character.isDigit(c)) {
                int start = at;
                while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '.')) {
                    at++;
                }
                tokens.add(new Token(Kind.NUMBER, text.substring(start, at), line, column));
            } else {
                String operator = OPERATORS.stream().filter(o -> text.startsWith(o, at)).findFirst().orElse(null);
                String token = operator != null ? operator : String.valueOf(c);
                tokens.add(new Token(operator != null ? Kind.OPERATOR : Kind.PUNCTUATION, token, line, column));
                at += token.length();
            }
        }
    }

    private void newLine() {
        at++;
        line++;
        lineStart = at;
    }

    private void skipPast(String end) {
        int stop = text.indexOf(end, at + 2);
        int until = stop < 0 ? text.length() : stop + end.length();
        while (at < until) {
            if (text.charAt(at) == '\n') {
                newLine();
            } else {
                at++;
            }
        }
    }

    /** A string literal from its opening quote, to its closing quote or the end of its line. */
    private String string(char quote) {
        at++;
        StringBuilder contents = new StringBuilder();
        while (at < text.length() && text.charAt(at) != quote && text.charAt(at) != '\n') {
            if (text.charAt(at) == '\\' && at + 1 < text.length()) {
                at++;
            }
            contents.append(text.charAt(at++));
        }
        if (at < text.length() && text.charAt(at) == quote) {
            at++;
        }
        return contents.toString();
    }
}
