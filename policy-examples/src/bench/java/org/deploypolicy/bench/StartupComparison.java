package org.deploypolicy.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The command line end to end, from process start to exit, beside a bare {@code java} start of a trivial main,
 * timed alternately in one run so that the ratio holds on a noisy machine. Runs the command the way the README
 * tells users to ({@code ./deploy-policy evaluate ...}), with the JDK in {@code JAVA_HOME} or on the path.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.deploypolicy.bench.StartupComparison [ROUNDS]}, from the
 * repository root.
 */
public final class StartupComparison {
    private StartupComparison() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        String home = System.getenv("JAVA_HOME");
        String java = home == null ? "java" : Path.of(home, "bin", "java").toString();
        String jar = Path.of("policy-examples", "target", "benchmarks.jar").toString();
        List<String> bare = List.of(java, "-cp", jar, Hello.class.getName());
        List<String> cli = List.of("./deploy-policy", "evaluate", "policy-examples/samples/friday-feature.json");
        run(bare);
        run(cli);
        List<Double> bareTimes = new ArrayList<>();
        List<Double> cliTimes = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            bareTimes.add(run(bare));
            cliTimes.add(run(cli));
        }
        double bareMedian = median(bareTimes);
        double cliMedian = median(cliTimes);
        System.out.printf(Locale.ROOT, "%n%-44s %10s %10s %10s%n", "Start-up (" + rounds + " alternating rounds)",
                "median s", "min s", "x bare");
        System.out.printf(Locale.ROOT, "%-44s %10.3f %10.3f %10.1f%n", "bare java (trivial main)", bareMedian,
                Collections.min(bareTimes), 1.0);
        System.out.printf(Locale.ROOT, "%-44s %10.3f %10.3f %10.1f%n", String.join(" ", cli.subList(0, 2)) + " <sample>",
                cliMedian, Collections.min(cliTimes), cliMedian / bareMedian);
    }

    /** Seconds from start to exit; the command line's exit code (1 for a rejection) is expected. */
    private static double run(List<String> command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit > 2) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + exit);
        }
        return seconds;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
