package org.deploypolicy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.deploypolicy.ClasspathPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deploy-policy init}: a policy directory to start from. */
@Command(name = "init", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = Exit.USAGE,
        description = "Writes a policy directory to start from: a complete copy of the reference policy "
                + "(rules, policy.yaml, scenarios), or with --extends a minimal directory that extends it. "
                + "Never overwrites: DIR must be new or empty.")
final class InitCommand implements Callable<Integer> {
    private static final List<String> EXTENDING = List.of("policy.yaml", "team.drl", "scenarios/release.yaml");

    @Spec
    private CommandSpec spec;

    @Option(names = "--extends", description = "Write a directory that extends the reference policy.")
    private boolean extending;

    @Parameters(paramLabel = "DIR", description = "The directory to create.")
    private Path directory;

    @Override
    public Integer call() throws IOException {
        if (Files.exists(directory) && (!Files.isDirectory(directory) || !isEmpty(directory))) {
            spec.commandLine().getErr().println(directory + ": exists and is not an empty directory; init never overwrites");
            spec.commandLine().getErr().flush();
            return Exit.USAGE;
        }
        List<Path> written;
        if (extending) {
            for (String file : EXTENDING) {
                Path target = directory.resolve(file);
                Files.createDirectories(target.getParent());
                try (InputStream in = InitCommand.class.getResourceAsStream("init/" + file)) {
                    Files.copy(in, target);
                }
            }
            written = EXTENDING.stream().map(directory::resolve).toList();
        } else {
            written = ClasspathPolicy.copy("reference", directory);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Wrote " + written.size() + " files to " + directory + (extending ? " (extends reference)" : "")
                + ". Next:");
        out.println("  deploy-policy verify --policy " + directory);
        out.println("  deploy-policy test --policy " + directory);
        out.flush();
        return Exit.OK;
    }

    private static boolean isEmpty(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
