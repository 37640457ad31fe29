package org.deploypolicy.bench;

import java.util.concurrent.TimeUnit;

import org.deploypolicy.DeploymentPolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building a {@code DeploymentPolicy} from the reference rules: the first build in a fresh JVM, and a warm
 * rebuild (what a hot reload costs once the JVM has built a policy before).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BuildBenchmark {

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
