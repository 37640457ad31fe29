package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar run as its own process, the way CI scripts run it. */
class RunnableJarIT {
    /**
     * Classes that compiling rules loads and loading compiled rules never does: the Java compiler (ECJ), Drools'
     * DRL rule builder and its executable model generator.
     */
    private static final List<String> COMPILERS = List.of("org.eclipse.jdt.internal.compiler.Compiler ",
            "org.drools.compiler.rule.builder.RuleBuilder ", "org.drools.model.codegen.execmodel.PackageModel ");

    @TempDir
    Path dir;

    /** What one run of the jar printed and returned, and the classes it loaded. */
    record Run(int exit, String out, String err, String classes) {
    }

    private Run run(String... args) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path classes = Files.createTempFile(dir, "classes", ".log");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xlog:class+load=info:file=" + classes,
                "-jar", "target/deploy-policy.jar"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the jar did not finish");
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8), Files.readString(classes));
    }

    private static boolean compiledRules(Run run) {
        return COMPILERS.stream().anyMatch(run.classes()::contains);
    }

    @Test
    void theJarDecidesASampleAndExitsWithItsOutcome() throws IOException, InterruptedException {
        Run run = run("evaluate", "samples/friday-feature.json", "--format", "json");

        assertEquals(1, run.exit(), run.err());
        assertEquals("", run.err());
        Schemas.assertValid(Schemas.DECISION, run.out());
        assertTrue(run.out().contains("\"rule\": \"window.friday\""), run.out());
    }

    @Test
    void theJarLoadsTheReferenceRulesCompiledNeverCompilingThem() throws IOException, InterruptedException {
        Run run = run("evaluate", "samples/friday-feature.json");

        assertEquals(1, run.exit(), run.err());
        assertTrue(run.classes().contains("org.deploypolicy.reference.Rules"), "the shipped model is loaded");
        assertFalse(compiledRules(run), "no rule compiler is loaded");
    }

    @Test
    void aPolicyDirectoryIsCompiledOnceThenLoadedFromTheCache() throws IOException, InterruptedException {
        Path policy = Files.createDirectories(dir.resolve("team"));
        Files.copy(Path.of("src/test/resources/team-policy/policy.yaml"), policy.resolve("policy.yaml"));

        Run first = run("evaluate", "samples/breaking-change-pending-ceo.json", "--policy", policy.toString());
        Run second = run("evaluate", "samples/breaking-change-pending-ceo.json", "--policy", policy.toString());

        assertEquals(2, first.exit(), first.err());
        assertEquals(first.out(), second.out());
        assertEquals(first.exit(), second.exit());
        assertEquals("", second.err());
        assertTrue(compiledRules(first), "the first run compiles");
        assertFalse(compiledRules(second), "the second run loads what the first compiled");
    }
}
