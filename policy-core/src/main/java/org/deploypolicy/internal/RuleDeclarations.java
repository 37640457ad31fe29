package org.deploypolicy.internal;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.github.javaparser.ParseProblemException;
import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import org.deploypolicy.Effect;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;

/**
 * Where each rule is declared and what its consequence can report, read by Drools' own DRL parser and a Java
 * parser over each consequence (never guessed from the text): the line and column of {@code rule}, and the effects
 * of its calls on {@code findings} ({@code block} is BLOCK; {@code require} and {@code discountAndRequire} REQUIRE;
 * {@code advise} and {@code discount} ADVISE; a requirement of approvals, {@code requireApproval} and its kin,
 * REQUIRE and BLOCK, what the engine reports for it on a deployment). A consequence that is not Java (an MVEL one) reports no effects.
 * Read only when asked (for {@code verify} and the policy's description), so deciding never pays for it.
 */
final class RuleDeclarations {
    /**
     * A rule's declaration.
     *
     * @param line    its line, from 1
     * @param column  the column of {@code rule}, from 0 (as the rule compiler counts)
     * @param effects the effects its consequence can report
     * @param window  it is marked {@code @window}
     * @param decides what its {@code @decides} metadata names ({@code rollback}), or null
     * @param reports its consequence calls {@code findings} (a finding, an obligation, a required role...)
     */
    record Declaration(int line, int column, Set<Effect> effects, boolean window, String decides, boolean reports) {
    }

    private final Map<String, Declaration> byRule = new HashMap<>();

    private RuleDeclarations() {
    }

    /** The declarations of every rule in the files; a file the parser cannot read has none. */
    static RuleDeclarations of(List<PolicyFiles.SourceFile> files) {
        RuleDeclarations declarations = new RuleDeclarations();
        for (PolicyFiles.SourceFile file : files) {
            PackageDescr parsed;
            try {
                DrlParser parser = new DrlParser();
                parsed = parser.parse(false, new String(file.bytes(), StandardCharsets.UTF_8));
                if (parsed == null || parser.hasErrors()) {
                    continue;
                }
            } catch (DroolsParserException | RuntimeException e) {
                continue;
            }
            for (RuleDescr rule : parsed.getRules()) {
                Set<Effect> effects = EnumSet.noneOf(Effect.class);
                boolean reports = reports(rule.getConsequence(), effects);
                declarations.byRule.put(key(file.path(), rule.getName()), new Declaration(rule.getLine(),
                        Math.max(rule.getColumn(), 0), effects,
                        rule.getAnnotation(Engine.WINDOW) != null,
                        rule.getAnnotation(Engine.DECIDES) == null ? null
                                : unquoted(String.valueOf(rule.getAnnotation(Engine.DECIDES).getValue())), reports));
            }
        }
        return declarations;
    }

    /** A metadata value as the compiled rule holds it: {@code @decides("rollback")} is {@code @decides(rollback)}. */
    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1)
                : value;
    }

    private static String key(String file, String rule) {
        return file + '\u0000' + rule;
    }

    /** The declaration of a rule of a file. */
    Optional<Declaration> find(String file, String rule) {
        return Optional.ofNullable(byRule.get(key(file, rule)));
    }

    /** Adds the effects a consequence can report; returns whether it calls {@code findings} at all. */
    private static boolean reports(Object consequence, Set<Effect> effects) {
        if (!(consequence instanceof String text)) {
            return false;
        }
        boolean[] reports = {false};
        try {
            StaticJavaParser.parseBlock("{" + text + "\n}").findAll(MethodCallExpr.class).forEach(call -> {
                if (call.getScope().filter(scope -> scope instanceof NameExpr name
                        && name.getNameAsString().equals("findings")).isPresent()) {
                    reports[0] = true;
                    switch (call.getNameAsString()) {
                        case "block" -> effects.add(Effect.BLOCK);
                        case "require", "discountAndRequire" -> effects.add(Effect.REQUIRE);
                        case "requireApproval", "requireApprovals", "requireApprovalOfAny", "requireRole" -> {
                            effects.add(Effect.REQUIRE);
                            effects.add(Effect.BLOCK);
                        }
                        case "advise", "discount" -> effects.add(Effect.ADVISE);
                        default -> {
                        }
                    }
                }
            });
        } catch (ParseProblemException e) {
            return text.contains("findings.");
        }
        return reports[0];
    }
}
