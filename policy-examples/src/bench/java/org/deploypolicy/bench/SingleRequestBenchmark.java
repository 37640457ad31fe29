package org.deploypolicy.bench;

import java.util.concurrent.TimeUnit;

import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.PolicyRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** One request of the mix at a time, to see which costs what ({@code -p request=friday-feature}). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SingleRequestBenchmark {
    @Param({"normal-tuesday-release", "friday-feature", "rollback-api-errors"})
    public String request;

    private DeploymentPolicy policy;
    private ReferenceFloor floor;
    private PolicyRequest parsed;

    @Setup
    public void setUp() {
        policy = DeploymentPolicy.builder().classpath("reference").build();
        floor = new ReferenceFloor(policy.settings(), policy.id());
        parsed = BenchmarkRequests.request(request);
    }

    @Benchmark
    public Decision engine() {
        return policy.evaluate(parsed);
    }

    @Benchmark
    public Decision floor() {
        return floor.evaluate(parsed);
    }
}
