package org.deploypolicy.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;


/**
 * A knowledge base for these rule files: the one question the compile path asks, with three answers behind it,
 * fastest first. The executable model a classpath policy ships for exactly its rule files; an executable model from
 * a cache of compiled rules, compiled and stored there on a miss; the DRL compiler, which every other way falls back
 * to (a model that does not load, or does not compile, costs time, never a wrong decision), and whose errors are the
 * ones reported.
 */
interface RuleBase {
    /**
     * The knowledge base of the rule files, or empty when this way has none for them (the next way is asked).
     *
     * @throws org.deploypolicy.InvalidPolicyException when the rules do not compile
     */
    Optional<CompiledRules> of(List<PolicyFiles.SourceFile> files);

    /** This way, then {@code next} when this one has nothing. */
    default RuleBase orElse(RuleBase next) {
        return files -> {
            Optional<CompiledRules> compiled = of(files);
            return compiled.isPresent() ? compiled : next.of(files);
        };
    }

    /** The ways for a policy: its shipped model if any, then the cache if any, then DRL. */
    static RuleBase of(Optional<RuleModel> shipped, ClassLoader loader, Path cache) {
        RuleBase drl = files -> Optional.of(new CompiledRules(DrlCompiler.compile(files, loader), Optional.empty()));
        RuleBase ways = cache == null ? drl : cached(cache, loader).orElse(drl);
        return shipped.map(model -> shipped(model, loader).orElse(ways)).orElse(ways);
    }

    /** The model a classpath policy ships (chosen for exactly its files by the policy's version). */
    private static RuleBase shipped(RuleModel model, ClassLoader loader) {
        return files -> {
            try {
                return Optional.of(CompiledRules.of(model.load(loader)));
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                PolicyCompiler.LOG.info("compiling the rules: the shipped model does not load ({})", e.toString());
                return Optional.empty();
            }
        };
    }

    /**
     * A model from the cache, keyed by the rule files (and the libraries that compile them): loaded on a hit; on a
     * miss compiled to the executable model and stored, unless an earlier miss found that these rules compile only
     * as DRL, which is then remembered so that the next build does not try again.
     */
    private static RuleBase cached(Path cache, ClassLoader loader) {
        return files -> {
            Optional<String> key = RuleModelCache.key(RuleModel.rulesHash(files), loader);
            if (key.isEmpty()) {
                return Optional.empty();
            }
            RuleModelCache models = new RuleModelCache(cache);
            Optional<RuleModel> cached = models.get(key.get());
            if (cached.isPresent()) {
                try {
                    return Optional.of(CompiledRules.of(cached.get().load(loader)));
                } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                    PolicyCompiler.LOG.info("compiling the rules again: the cached model does not load ({})", e.toString());
                    models.remove(key.get());
                }
            }
            if (!models.drlOnly(key.get())) {
                Optional<RuleModel> compiled;
                try {
                    compiled = RuleModel.compile(files, loader, key.get().substring(0, 16));
                } catch (RuntimeException | LinkageError e) {
                    PolicyCompiler.LOG.info("compiling the rules as DRL: the executable model compiler failed ({})", e.toString());
                    compiled = Optional.empty();
                }
                if (compiled.isPresent()) {
                    try {
                        CompiledRules rules = CompiledRules.of(compiled.get().load(loader));
                        models.put(key.get(), compiled.get());
                        return Optional.of(rules);
                    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                        PolicyCompiler.LOG.info("compiling the rules as DRL: their executable model does not load ({})", e.toString());
                    }
                }
            }
            models.markDrlOnly(key.get());
            return Optional.empty();
        };
    }

}
