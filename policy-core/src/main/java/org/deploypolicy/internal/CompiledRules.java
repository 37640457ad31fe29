package org.deploypolicy.internal;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.deploypolicy.rules.Approvers;
import org.deploypolicy.rules.Deployment;
import org.deploypolicy.rules.Freeze;
import org.deploypolicy.rules.RequiredRole;
import org.deploypolicy.rules.Rollback;
import org.deploypolicy.rules.Settings;
import org.deploypolicy.rules.StandingWaiver;
import org.deploypolicy.rules.Vote;
import org.drools.base.base.ClassObjectType;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.base.rule.EntryPointId;
import org.drools.base.rule.Pattern;
import org.drools.base.rule.RuleConditionElement;
import org.kie.api.KieBase;
import org.kie.api.definition.rule.Rule;

/**
 * A policy's knowledge base, and when it was built from a model, the model: a knowledge base of the window rules
 * alone, for the next-allowed search, is built from the same classes (from DRL, it would take compiling again).
 */
record CompiledRules(KieBase kieBase, Optional<RuleModel.Loaded> model) {
    static CompiledRules of(RuleModel.Loaded model) {
        return new CompiledRules(model.kieBase(), Optional.of(model));
    }

    /**
     * The rules of {@code kept} (the policy's, its disabled rules removed) marked {@code @window}; null without a
     * model, without a window rule (the search then never runs), or when a window rule matches facts other rules
     * insert (it is then decided with the whole policy, {@link #matchesDerivedFacts}).
     */
    KieBase windowRules(KieBase kept) {
        Set<String> windows = new HashSet<>();
        kept.getKiePackages().forEach(kiePackage -> kiePackage.getRules().stream()
                .filter(Engine::isWindowRule)
                .forEach(rule -> windows.add(kiePackage.getName() + '\n' + rule.getName())));
        if (windows.isEmpty() || kept.getKiePackages().stream().flatMap(p -> p.getRules().stream())
                .anyMatch(rule -> Engine.isWindowRule(rule) && matchesDerivedFacts(rule))) {
            return null;
        }
        try {
            return model.map(m -> m.kieBase((pkg, name) -> windows.contains(pkg + '\n' + name))).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            PolicyCompiler.LOG.info("searching with every rule: the window rules alone do not build ({})", e.toString());
            return null;
        }
    }

    /** The facts the engine itself gives the rules (and Drools' initial fact): what no rule need insert. */
    private static final Set<Class<?>> GIVEN = Set.of(Deployment.class, Rollback.class, Settings.class, Freeze.class,
            Vote.class, Approvers.class, RequiredRole.class, StandingWaiver.class,
            ClassObjectType.InitialFact_ObjectType.getClassType());

    /**
     * Whether a rule matches a fact that only some rule's consequence can insert: a pattern over the working memory
     * (not {@code from} a value) of a type the engine does not insert itself (a {@code declare}d type, or any other).
     * Such a window rule depends on what the other rules do, so the next-allowed search must fire them all.
     * Read from the compiled rule, so it holds compiled from DRL and to the executable model alike.
     */
    static boolean matchesDerivedFacts(Rule rule) {
        return rule instanceof RuleImpl impl && matchesDerivedFacts(impl.getLhs());
    }

    private static boolean matchesDerivedFacts(RuleConditionElement element) {
        if (element instanceof Pattern pattern && (pattern.getSource() == null || pattern.getSource() instanceof EntryPointId)
                && !(pattern.getObjectType() instanceof ClassObjectType type && GIVEN.contains(type.getClassType()))) {
            return true;
        }
        for (RuleConditionElement nested : element.getNestedElements()) {
            if (matchesDerivedFacts(nested)) {
                return true;
            }
        }
        return false;
    }
}
