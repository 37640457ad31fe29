package org.deploypolicy.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

import org.deploypolicy.InvalidPolicyException;
import org.deploypolicy.PolicyProblem;
import org.drools.compiler.compiler.DescrBuildError;
import org.drools.drl.parser.ParserError;
import org.kie.api.KieBase;
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderConfiguration;
import org.kie.internal.builder.KnowledgeBuilderError;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.conf.PropertySpecificOption;
import org.kie.internal.io.ResourceFactory;

/**
 * Rule files compiled from DRL, the reference way to build rules: every other way (a shipped or cached executable
 * model) falls back to it, and its errors, with the file, line and column the compiler gives, are the ones reported.
 */
final class DrlCompiler {
    private DrlCompiler() {
    }

    /**
     * How every policy's rules are built, from DRL or to and from the executable model, so facts behave the same
     * either way: facts are never modified once inserted, so property reactivity buys nothing; off, it also stops
     * Drools warning about constraints that read another pattern's variable.
     */
    static KnowledgeBuilderConfiguration builderConfiguration(ClassLoader loader) {
        KnowledgeBuilderConfiguration configuration = KnowledgeBuilderFactory.newKnowledgeBuilderConfiguration(null, loader);
        configuration.setOption(PropertySpecificOption.ALLOWED);
        return configuration;
    }

    /** A rule file as Drools reads it, named by its path (which compiler errors and rules report). */
    static Resource drlResource(String path, byte[] bytes) {
        Resource resource = ResourceFactory.newByteArrayResource(bytes);
        resource.setSourcePath(path);
        resource.setResourceType(ResourceType.DRL);
        return resource;
    }

    /**
     * The knowledge base of these rule files.
     *
     * @throws InvalidPolicyException with every compiler error, by file, line and column
     */
    static KieBase compile(List<PolicyFiles.SourceFile> files, ClassLoader loader) {
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder(builderConfiguration(loader));
        for (PolicyFiles.SourceFile file : files) {
            builder.add(drlResource(file.path(), file.bytes()), ResourceType.DRL);
        }
        if (builder.hasErrors()) {
            List<PolicyProblem> problems = new ArrayList<>();
            for (KnowledgeBuilderError error : builder.getErrors()) {
                problems.add(problem(error));
            }
            throw new InvalidPolicyException(withoutEchoes(problems));
        }
        return builder.newKieBase();
    }

    /** A compiler error with its position as the compiler reports it (lines from 1, columns from 0). */
    private static PolicyProblem problem(KnowledgeBuilderError error) {
        String file = error.getResource() == null || error.getResource().getSourcePath() == null ? "(rules)"
                : error.getResource().getSourcePath();
        OptionalInt line = OptionalInt.empty();
        OptionalInt column = OptionalInt.empty();
        if (error instanceof ParserError parser) {
            line = at(parser.getRow(), 1);
            column = at(parser.getCol(), 0);
        } else if (error instanceof DescrBuildError build) {
            line = at(build.getLine(), 1);
            column = at(build.getColumn(), 0);
        } else if (error.getLines() != null && error.getLines().length > 0) {
            line = at(error.getLines()[0], 1);
        }
        return new PolicyProblem(file, line, column, error.getMessage().strip() + oldVocabularyHint(error.getMessage()));
    }

    /**
     * What to write instead, when a rule still reports the old way, passing its own context
     * ({@code findings.block(drools, "...")}): the engine now knows which rule fires.
     */
    private static String oldVocabularyHint(String message) {
        boolean findings = message.contains("Findings");
        boolean context = message.contains("KnowledgeHelper") || message.contains("RuleContext")
                || message.contains("Drools") || message.contains("drools");
        return findings && context ? "\n  rules report without their context now: write findings.block(\"...\") "
                + "(or require, advise, obligation, requireRole, discount), not findings.block(drools, \"...\")" : "";
    }

    private static OptionalInt at(int value, int first) {
        return value >= first ? OptionalInt.of(value) : OptionalInt.empty();
    }

    /**
     * Leaves out a file's problems without a position when the same file has one with a position: the parser's
     * "null package" after a syntax error only echoes the error that caused it.
     */
    private static List<PolicyProblem> withoutEchoes(List<PolicyProblem> problems) {
        Set<String> located = new HashSet<>();
        problems.stream().filter(p -> p.line().isPresent()).forEach(p -> located.add(p.file()));
        return problems.stream().filter(p -> p.line().isPresent() || !located.contains(p.file())).toList();
    }
}
