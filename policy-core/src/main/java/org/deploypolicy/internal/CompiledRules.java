package org.deploypolicy.internal;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.kie.api.KieBase;

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
     * model, or without a window rule (the search then never runs).
     */
    KieBase windowRules(KieBase kept) {
        Set<String> windows = new HashSet<>();
        kept.getKiePackages().forEach(kiePackage -> kiePackage.getRules().stream()
                .filter(Engine::isWindowRule)
                .forEach(rule -> windows.add(kiePackage.getName() + '\n' + rule.getName())));
        if (windows.isEmpty()) {
            return null;
        }
        try {
            return model.map(m -> m.kieBase((pkg, name) -> windows.contains(pkg + '\n' + name))).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            PolicyCompiler.LOG.info("searching with every rule: the window rules alone do not build ({})", e.toString());
            return null;
        }
    }
}
