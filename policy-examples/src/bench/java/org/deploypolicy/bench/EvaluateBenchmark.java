package org.deploypolicy.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.PolicyRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Warm {@code evaluate()} on the full reference policy over the benchmark mix, beside the plain-Java floor
 * deciding the same requests into equal decisions. Times are per decision.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EvaluateBenchmark {
    /** The number of requests in {@link BenchmarkRequests#MIX}, checked at setup. */
    private static final int MIX = 8;

    private DeploymentPolicy policy;
    private ReferenceFloor floor;
    private List<PolicyRequest> requests;

    @Setup
    public void setUp() {
        policy = DeploymentPolicy.builder().classpath("reference").build();
        floor = new ReferenceFloor(policy.settings(), policy.id());
        requests = BenchmarkRequests.mix();
        if (requests.size() != MIX) {
            throw new IllegalStateException("the mix has " + requests.size() + " requests, not " + MIX);
        }
        for (PolicyRequest request : requests) {
            Decision engine = policy.evaluate(request);
            Decision plain = floor.evaluate(request);
            if (!engine.equals(plain)) {
                throw new IllegalStateException("the floor decides " + request.id() + " differently:\nengine "
                        + engine + "\nfloor  " + plain);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(MIX)
    public void engine(Blackhole blackhole) {
        for (PolicyRequest request : requests) {
            blackhole.consume(policy.evaluate(request));
        }
    }

    @Benchmark
    @OperationsPerInvocation(MIX)
    public void floor(Blackhole blackhole) {
        for (PolicyRequest request : requests) {
            blackhole.consume(floor.evaluate(request));
        }
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(MIX)
    public void engineTwoThreads(Blackhole blackhole) {
        engine(blackhole);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(MIX)
    public void floorTwoThreads(Blackhole blackhole) {
        floor(blackhole);
    }
}
