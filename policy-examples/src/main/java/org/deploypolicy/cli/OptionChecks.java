package org.deploypolicy.cli;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Checks of option values that several commands make, each failing as a usage error (exit 64) in picocli's words. */
final class OptionChecks {
    private OptionChecks() {
    }

    /**
     * Checks that an option's value is one of those allowed.
     *
     * @throws CommandLine.ParameterException {@code Invalid value for option '--format': must be text or json; was 'x'}
     */
    static void oneOf(CommandSpec spec, String option, String value, String... allowed) {
        if (!List.of(allowed).contains(value)) {
            String last = allowed[allowed.length - 1];
            String words = allowed.length == 1 ? last
                    : String.join(", ", List.of(allowed).subList(0, allowed.length - 1)) + " or " + last;
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '" + option + "': must be " + words + "; was '" + value + "'");
        }
    }

    /**
     * Checks that no decision log is given twice (by the same path, however written): read twice, its lines would
     * count twice.
     *
     * @throws CommandLine.ParameterException naming the log
     */
    static void eachLogOnce(CommandSpec spec, List<Path> logs) {
        Set<Path> seen = new HashSet<>();
        for (Path log : logs) {
            if (!seen.add(log.toAbsolutePath().normalize())) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        log + ": the same decision log given twice; each is read once");
            }
        }
    }
}
