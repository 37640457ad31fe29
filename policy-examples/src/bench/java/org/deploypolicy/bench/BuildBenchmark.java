package org.deploypolicy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.deploypolicy.DeploymentPolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building a {@code DeploymentPolicy}: the reference rules (shipped compiled) in a fresh JVM and warm, and a
 * team's directory that extends the reference, whose rules are compiled from DRL on every rebuild: what a hot
 * reload costs once the JVM has built a policy before.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BuildBenchmark {

    /** A directory extending the reference with a freeze of its own. */
    @State(Scope.Benchmark)
    public static class TeamDirectory {
        Path directory;

        @Setup
        public void write() throws IOException {
            directory = Files.createTempDirectory("team-policy");
            Files.writeString(directory.resolve("policy.yaml"), "extends: reference\nname: team\nwindows:\n"
                    + "  freezes: [ { name: year-end, from: 2026-12-20T00:00:00+03:00, to: 2027-01-05T00:00:00+03:00,"
                    + " reason: Closing } ]\n");
        }
    }

    @Benchmark
    @Fork(1)
    @Warmup(iterations = 5)
    @Measurement(iterations = 10)
    public DeploymentPolicy warmRebuildOfATeamDirectory(TeamDirectory team) {
        return DeploymentPolicy.builder().directory(team.directory).build();
    }

    @Benchmark
    @Fork(5)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public DeploymentPolicy firstBuild() {
        return DeploymentPolicy.builder().classpath("reference").build();
    }

    @Benchmark
    @Fork(1)
    @Warmup(iterations = 5)
    @Measurement(iterations = 10)
    public DeploymentPolicy warmRebuild() {
        return DeploymentPolicy.builder().classpath("reference").build();
    }
}
