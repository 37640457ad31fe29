package org.deploypolicy.cli;

import static org.deploypolicy.cli.DeployFiles.map;
import static org.deploypolicy.cli.DeployFiles.maps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.yaml.snakeyaml.Yaml;

/**
 * A composite action ({@code action.yml}) run as the GitHub Actions runner runs it, on this machine: its inputs
 * from their defaults and the caller's {@code with}; each step in order, while none has failed, when its {@code if}
 * holds; a {@code run} step as {@code bash --noprofile --norc -eo pipefail} in the workspace, with its {@code env}
 * evaluated and fresh {@code GITHUB_OUTPUT}, {@code GITHUB_STEP_SUMMARY}, {@code GITHUB_ENV} and {@code GITHUB_PATH}
 * files read back after it; a {@code uses} step by the stand-in the test gives for that action; then, when every
 * step passed, the stand-ins' post steps; and the action's outputs from its steps'.
 */
final class CompositeAction {
    private final Map<String, Object> metadata;

    /** A test's stand-in for an action a {@code uses} step names (the part before the {@code @}). */
    @FunctionalInterface
    interface StandIn {
        /** Runs with the step's evaluated {@code with}; answers the step's outputs; may add a post step. */
        Map<String, String> run(Map<String, String> with, List<Runnable> posts) throws IOException;
    }

    /**
     * Where and with what the action runs: the {@code github} and {@code runner} contexts, the environment every
     * step starts from, the workspace, and the stand-ins of the actions it uses.
     */
    record Runner(Map<String, Object> github, Map<String, Object> runner, Map<String, String> environment,
                  Path workspace, Map<String, StandIn> standIns) {
    }

    /** What a run left: the exit status of the step that failed (0 when none did), outputs, summary and log. */
    record Run(int exit, Map<String, String> outputs, String summary, String log) {
        String output(String name) {
            assertTrue(outputs.containsKey(name), () -> "the action has an output " + name);
            return outputs.get(name);
        }
    }

    private CompositeAction(Map<String, Object> metadata) {
        this.metadata = metadata;
    }

    static CompositeAction read(Path file) throws IOException {
        Map<String, Object> metadata = map(new Yaml().load(Files.readString(file)));
        assertEquals("composite", DeployFiles.at(metadata, "runs", "using"));
        return new CompositeAction(metadata);
    }

    /** The steps, as written. */
    List<Map<String, Object>> steps() {
        return maps(DeployFiles.at(metadata, "runs", "steps"));
    }

    /** Runs the action with these inputs ({@code with}) on this runner. */
    Run run(Map<String, String> with, Runner runner) throws IOException, InterruptedException {
        Map<String, Object> contexts = new LinkedHashMap<>();
        contexts.put("github", runner.github());
        contexts.put("runner", runner.runner());
        contexts.put("env", new TreeMap<>(runner.environment()));
        Map<String, Object> inputs = new LinkedHashMap<>();
        Map<String, Object> declared = map(metadata.get("inputs"));
        for (String name : with.keySet()) {
            assertTrue(declared.containsKey(name), () -> "the action has no input " + name);
        }
        declared.forEach((name, spec) -> inputs.put(name, with.containsKey(name) ? with.get(name)
                : WorkflowExpressions.interpolate(String.valueOf(map(spec).getOrDefault("default", "")), contexts)));
        contexts.put("inputs", inputs);
        Map<String, Object> steps = new LinkedHashMap<>();
        contexts.put("steps", steps);

        Path files = Files.createTempDirectory(Path.of(String.valueOf(runner.runner().get("temp"))), "step-files");
        Map<String, String> environment = new TreeMap<>(runner.environment());
        StringBuilder summary = new StringBuilder();
        StringBuilder log = new StringBuilder();
        List<Runnable> posts = new ArrayList<>();
        int exit = 0;
        int index = 0;
        for (Map<String, Object> step : steps()) {
            index++;
            Object condition = step.get("if");
            if (exit != 0 || condition != null && !WorkflowExpressions.holds(String.valueOf(condition), contexts)) {
                log.append("## skipped: ").append(step.get("name")).append('\n');
                continue;
            }
            log.append("## ").append(step.get("name")).append('\n');
            Map<String, String> outputs;
            if (step.containsKey("uses")) {
                String uses = String.valueOf(step.get("uses"));
                StandIn standIn = runner.standIns().get(uses.substring(0, uses.indexOf('@')));
                assertNotNull(standIn, () -> "the test has no stand-in for " + uses);
                Map<String, String> stepWith = new LinkedHashMap<>();
                if (step.get("with") != null) {
                    map(step.get("with")).forEach((name, value) ->
                            stepWith.put(name, WorkflowExpressions.interpolate(String.valueOf(value), contexts)));
                }
                outputs = standIn.run(stepWith, posts);
            } else {
                StepFiles stepFiles = StepFiles.create(files.resolve("step" + index));
                exit = runScript(step, contexts, environment, stepFiles, runner.workspace(), log);
                outputs = stepFiles.outputs();
                summary.append(Files.readString(stepFiles.summary()));
                environment.putAll(stepFiles.environment());
                for (String directory : stepFiles.path()) {
                    environment.put("PATH", directory + ":" + environment.get("PATH"));
                }
            }
            if (step.get("id") != null) {
                steps.put(String.valueOf(step.get("id")), Map.of("outputs", outputs));
            }
        }
        if (exit == 0) {
            posts.forEach(Runnable::run);
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        map(metadata.get("outputs")).forEach((name, spec) -> outputs.put(name,
                WorkflowExpressions.interpolate(String.valueOf(map(spec).get("value")), contexts)));
        return new Run(exit, outputs, summary.toString(), log.toString());
    }

    private static int runScript(Map<String, Object> step, Map<String, Object> contexts, Map<String, String> environment,
                                 StepFiles files, Path workspace, StringBuilder log)
            throws IOException, InterruptedException {
        assertEquals("bash", step.get("shell"), () -> "step " + step.get("name") + " runs in bash");
        Path script = files.directory().resolve("script.sh");
        Files.writeString(script, String.valueOf(step.get("run")));
        ProcessBuilder builder = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", script.toString())
                .directory(workspace.toFile())
                .redirectErrorStream(true)
                .redirectOutput(files.directory().resolve("log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(environment);
        if (step.get("env") != null) {
            map(step.get("env")).forEach((name, value) ->
                    env.put(name, WorkflowExpressions.interpolate(String.valueOf(value), contexts)));
        }
        env.put("GITHUB_OUTPUT", files.output().toString());
        env.put("GITHUB_STEP_SUMMARY", files.summary().toString());
        env.put("GITHUB_ENV", files.env().toString());
        env.put("GITHUB_PATH", files.pathFile().toString());
        Process process = builder.start();
        boolean ended = process.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        log.append(Files.readString(files.directory().resolve("log")));
        assertTrue(ended, () -> "step " + step.get("name") + " did not finish: " + log);
        log.append("## exit ").append(process.exitValue()).append('\n');
        return process.exitValue();
    }

    /** The files a step writes its outputs, summary, environment and path to. */
    private record StepFiles(Path directory, Path output, Path summary, Path env, Path pathFile) {
        static StepFiles create(Path directory) throws IOException {
            Files.createDirectories(directory);
            StepFiles files = new StepFiles(directory, directory.resolve("output"), directory.resolve("summary"),
                    directory.resolve("env"), directory.resolve("path"));
            for (Path file : List.of(files.output, files.summary, files.env, files.pathFile)) {
                Files.createFile(file);
            }
            return files;
        }

        Map<String, String> outputs() throws IOException {
            return keyValues(output);
        }

        Map<String, String> environment() throws IOException {
            return keyValues(env);
        }

        List<String> path() throws IOException {
            return Files.readAllLines(pathFile).stream().filter(line -> !line.isBlank()).toList();
        }

        /**
         * A file of {@code name=value} lines and {@code name<<DELIMITER} blocks, as the runner reads
         * {@code GITHUB_OUTPUT} and {@code GITHUB_ENV}; a later value for a name replaces an earlier one.
         */
        private static Map<String, String> keyValues(Path file) throws IOException {
            Map<String, String> values = new LinkedHashMap<>();
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int equals = line.indexOf('=');
                int heredoc = line.indexOf("<<");
                if (heredoc >= 0 && (equals < 0 || heredoc < equals)) {
                    String delimiter = line.substring(heredoc + 2);
                    List<String> value = new ArrayList<>();
                    for (i++; i < lines.size() && !lines.get(i).equals(delimiter); i++) {
                        value.add(lines.get(i));
                    }
                    assertTrue(i < lines.size(), () -> file + ": no line " + delimiter + " ends " + line);
                    values.put(line.substring(0, heredoc), String.join("\n", value));
                } else if (!line.isEmpty()) {
                    assertTrue(equals > 0, () -> file + ": not name=value: " + line);
                    values.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
            return values;
        }
    }
}
