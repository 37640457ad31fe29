package org.deploypolicy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import org.deploypolicy.CheckStatus;
import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.EvaluationFailedException;
import org.deploypolicy.InvalidRequestException;
import org.deploypolicy.Outcome;
import org.deploypolicy.PolicyJson;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.PolicyRule;
import org.deploypolicy.RequestProblem;
import org.deploypolicy.RollbackRequest;
import org.deploypolicy.reference.JsonMutation.Awkward;
import org.deploypolicy.reference.JsonMutation.LongString;
import org.deploypolicy.reference.ValidRequests.Valid;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input never buys an approval. Valid requests (the samples of {@code policy-examples/samples} and releases
 * built with {@link Reference}) are mutated, through their JSON text ({@link JsonMutation}) and through the Java
 * records ({@link RecordMutation}), and put to the reference policy. Whatever the mutation, the answer is one of:
 * <ul>
 *   <li>an {@link InvalidRequestException} whose every problem names a path starting with {@code $} and says
 *       what is wrong, and only for a request the contract does not allow;</li>
 *   <li>an {@link EvaluationFailedException} (the call fails closed);</li>
 *   <li>a {@link Decision}, and only for a request the contract allows ({@link WireContract}: docs/contract.md's
 *       reading rules written again, independently of the library). An {@code APPROVED} decision must be the
 *       policy's genuine answer: the JSON, read again, is the same request, deciding that independently (at the
 *       time first decided) gives an equal decision, and it is approved without its waivers too, since the
 *       reference policy grants nobody a waiver.</li>
 * </ul>
 * Never another exception, and never a hang: each input gets {@value #SECONDS_PER_INPUT} seconds on a worker
 * thread (jqwik does not run under JUnit Jupiter, whose {@code @Timeout} would not apply). No input the
 * properties generate takes more than a fraction of a second.
 *
 * <p>The default tries (3,300 inputs) keep this class at about half a minute on two busy cores. The long mode
 * gives every property {@code badinput.tries} tries instead; surefire passes {@code -D} properties on to the
 * tests. With 100,000, that is 300,000 mutated inputs, about five minutes on two cores:
 * <pre>
 * mvn -B test -pl policy-core,policy-rules -Dtest=BadInputProperties -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbadinput.tries=100000
 * </pre>
 */
@AddLifecycleHook(value = BadInputProperties.LongMode.class, propagateTo = PropagationMode.DIRECT_DESCENDANTS)
class BadInputProperties {
    /** The system property that sets every property's tries (the long mode). */
    static final String TRIES = "badinput.tries";
    static final int SECONDS_PER_INPUT = 10;

    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "bad-input");
        thread.setDaemon(true);
        return thread;
    });
    private static final List<Valid> VALID = ValidRequests.SAMPLES_AND_RELEASES;

    @Property(tries = 1_500)
    void aRequestWithOneMutationIsAnErrorWithPathsOrAGenuineDecision(
            @ForAll("valid") Valid valid, @ForAll("jsonMutation") JsonMutation mutation) {
        count(judgeJson(JsonMutation.mutate(valid.json(), List.of(mutation))));
    }

    @Property(tries = 800, edgeCases = EdgeCasesMode.NONE)
    void aRequestWithSeveralMutationsIsAnErrorWithPathsOrAGenuineDecision(
            @ForAll("valid") Valid valid, @ForAll("jsonMutations") List<JsonMutation> mutations) {
        count(judgeJson(JsonMutation.mutate(valid.json(), mutations)));
    }

    @Property(tries = 1_000)
    void aMutatedJavaRequestIsAnErrorWithPathsOrAGenuineDecision(
            @ForAll("valid") Valid valid, @ForAll("recordMutations") List<RecordMutation> mutations) {
        count(judgeJava(() -> {
            PolicyRequest request = valid.request();
            for (RecordMutation mutation : mutations) {
                request = mutation.apply(request);
            }
            return request;
        }));
    }

    /** Found by these properties: a time past year 9999 escaped from deciding as a raw DateTimeException. */
    @Example
    void aTimeOutsideTheYearsOneTo9999IsAnErrorAtItsPath() {
        for (String time : List.of("+10000-01-01T00:00:00Z", "+999999999-12-31T23:59:59-18:00",
                "-999999999-01-01T00:00:00+18:00", "0000-12-31T23:59:59Z")) {
            assertEquals(List.of("$.at"), refusedPaths(() -> PolicyJson.readRequest(sample(json -> json.put("at", time)))));
            assertEquals(List.of("$.approvals[0].at"), refusedPaths(() -> PolicyJson.readRequest(
                    sample(json -> ((ObjectNode) json.withArray("approvals").get(0)).put("at", time)))));
        }
        for (OffsetDateTime time : List.of(OffsetDateTime.MAX, OffsetDateTime.MIN)) {
            assertEquals(List.of("$.at"),
                    refusedPaths(() -> Reference.POLICY.evaluate(Reference.release("2026-11-24T10:30:00+03:00")
                            .withAt(time))));
        }
    }

    @Example
    void theYears9999AndOneAreDecided() {
        for (String time : List.of("9999-12-31T23:59:59.999999999-18:00", "0001-01-01T00:00:00+18:00")) {
            Decision decision = Reference.POLICY.evaluate(PolicyJson.readRequest(sample(json -> json.put("at", time))));
            assertEquals(OffsetDateTime.parse(time).toInstant(), decision.evaluatedAt().toInstant());
        }
    }

    /**
     * Found by these properties: an unpaired surrogate was read, and written to JSON it came back as {@code ?},
     * another request (two different names could read as one person).
     */
    @Example
    void anUnpairedSurrogateIsAnErrorAtItsPathNotAQuestionMark() {
        String json = sample(request -> ((ObjectNode) request.withArray("approvals").get(0)).put("by", "SURROGATE"));
        String escaped = json.replace("SURROGATE", "selam\\ud800");
        assertEquals(List.of("$.approvals[0].by"), refusedPaths(() -> PolicyJson.readRequest(escaped)));
        String raw = json.replace("SURROGATE", "selam\ud800");
        assertEquals(List.of("$"), refusedPaths(() -> PolicyJson.readRequest(raw)));
        DeploymentRequest release = Reference.release("2026-11-24T10:30:00+03:00");
        assertEquals(List.of("$.checks"), refusedPaths(() -> Reference.POLICY.evaluate(
                Reference.withChecks(release, Map.of("api-tests\udc00", CheckStatus.PASSED)))));
        assertEquals(Outcome.APPROVED, Reference.POLICY.evaluate(PolicyJson.readRequest(
                sample(request -> ((ObjectNode) request.get("change")).put("summary", "Rocket \ud83d\ude80")))).outcome());
    }

    /** The Tuesday release sample, changed, as JSON text. */
    private static String sample(Consumer<ObjectNode> change) {
        ObjectNode json = (ObjectNode) VALID.stream().filter(v -> v.name().equals("normal-tuesday-release.json"))
                .findFirst().orElseThrow().json().deepCopy();
        change.accept(json);
        return json.toString();
    }

    private static List<String> refusedPaths(Executable call) {
        return assertThrows(InvalidRequestException.class, call).problems().stream().map(RequestProblem::path).toList();
    }

    /** A request and the decision on it. */
    private record Answer(PolicyRequest request, Decision decision) {
    }

    /**
     * Reads and decides mutated JSON: refused exactly when the contract does not allow it, and approved only
     * genuinely. Returns what the answer was: an error code or an outcome.
     */
    private static String judgeJson(String json) {
        String violation = WireContract.violation(json);
        Answer answer;
        try {
            answer = within(() -> {
                PolicyRequest request = PolicyJson.readRequest(json);
                return new Answer(request, Reference.POLICY.evaluate(request));
            });
        } catch (InvalidRequestException invalid) {
            assertNotNull(violation, () -> "the contract allows this request, but it was refused: " + printable(invalid));
            return invalid.code();
        } catch (EvaluationFailedException failed) {
            assertNull(violation, () -> "a request the contract does not allow (" + violation + ") was evaluated");
            return failed.code();
        }
        assertNull(violation, () -> "a request the contract does not allow (" + violation + ") was decided");
        if (answer.decision().outcome() == Outcome.APPROVED) {
            PolicyRequest again = PolicyJson.readRequest(json);
            assertSameRequest(answer.request(), again, "the approved JSON, read again, is another request");
            assertGenuine(again, answer.decision());
        }
        return answer.decision().outcome().name();
    }

    /**
     * Builds a mutated request in Java and decides it: decided only when, written as JSON, the contract allows
     * it (but for the 1 MiB limit of JSON text), and approved only genuinely. Returns what the answer was.
     */
    private static String judgeJava(Callable<PolicyRequest> mutated) {
        Answer answer;
        try {
            answer = within(() -> {
                PolicyRequest request = mutated.call();
                return new Answer(request, Reference.POLICY.evaluate(request));
            });
        } catch (InvalidRequestException | EvaluationFailedException refused) {
            return refused.code();
        }
        String json = PolicyJson.toJson(answer.request());
        String violation = WireContract.fieldViolation(json);
        assertNull(violation, () -> "a Java request the contract does not allow (" + violation + ") was decided");
        if (answer.decision().outcome() == Outcome.APPROVED) {
            if (WireContract.violation(json) == null) {
                PolicyRequest again = PolicyJson.readRequest(json);
                assertSameRequest(answer.request(), again, "the approved request, written as JSON and read again, differs");
                assertGenuine(again, answer.decision());
            } else {
                assertGenuine(answer.request(), answer.decision());
            }
        }
        return answer.decision().outcome().name();
    }

    /**
     * Counts the answers, and checks that the mutated inputs were refused, and approved, often enough for both
     * checks to have been tested: a change to the generators that left nothing approvable would fail here.
     */
    private static void count(String answer) {
        Statistics.label("answer").collect(answer);
        Statistics.label("answer").coverage(checker -> {
            checker.check(Outcome.APPROVED.name()).percentage(p -> p >= 1);
            checker.check("INVALID_REQUEST").percentage(p -> p >= 10);
        });
    }

    private static void assertSameRequest(PolicyRequest expected, PolicyRequest actual, String what) {
        if (!expected.equals(actual)) {
            fail(what + ":\n  " + printable(expected) + "\n  " + printable(actual));
        }
    }

    /** Text for a failure message: control characters and surrogates escaped, long runs cut. */
    static String printable(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 4_000; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || (c >= 0x7f && c < 0xa0) || Character.isSurrogate(c) || c > 0xfff0
                    || c == 0x2028 || c == 0x2029 || c == 0x202e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.length() < 4_000 ? out.toString() : out + "... (" + text.length() + " characters)";
    }

    /**
     * Deciding the request again, independently and at the time first decided, gives an equal decision; and as
     * the reference policy grants no waivers, the request without its waivers is approved too.
     */
    private static void assertGenuine(PolicyRequest request, Decision decision) {
        PolicyRequest at = request.at().isPresent() ? request : request.withAt(decision.evaluatedAt());
        Decision again = Reference.POLICY.evaluate(at);
        if (!decision.equals(again)) {
            fail("deciding the approved request again differs:\n  " + printable(decision) + "\n  " + printable(again));
        }
        if (!request.waivers().isEmpty()) {
            Decision unwaived = Reference.POLICY.evaluate(withoutWaivers(at));
            assertEquals(decision.outcome(), unwaived.outcome(),
                    () -> "approved only with waivers, which the reference policy grants nobody: " + printable(decision));
        }
    }

    private static PolicyRequest withoutWaivers(PolicyRequest request) {
        if (request instanceof DeploymentRequest d) {
            return new DeploymentRequest(d.id(), d.at(), d.source(), d.target(), d.requester(), d.change(),
                    d.approvals(), d.reviews(), d.checks(), d.checklist(), List.of());
        }
        RollbackRequest r = (RollbackRequest) request;
        return new RollbackRequest(r.id(), r.at(), r.requester(), r.incident(), r.approvals(), List.of());
    }

    /**
     * Runs one call on a worker, for at most {@value #SECONDS_PER_INPUT} seconds. An
     * {@link InvalidRequestException} (whose paths and messages are checked here) and an
     * {@link EvaluationFailedException} are thrown on to the caller; any other exception fails the property.
     */
    private static <T> T within(Callable<T> call) {
        Future<T> future = WORKERS.submit(call);
        try {
            return future.get(SECONDS_PER_INPUT, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return fail("no answer within " + SECONDS_PER_INPUT + " seconds: the input hangs the call");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted", e);
        } catch (ExecutionException e) {
            Throwable thrown = e.getCause();
            if (thrown instanceof InvalidRequestException invalid) {
                assertNamesPaths(invalid);
                throw invalid;
            }
            if (thrown instanceof EvaluationFailedException failed) {
                assertFalse(failed.problems().isEmpty(), "an evaluation failure without a problem");
                throw failed;
            }
            return fail("a raw exception escaped: " + printable(thrown), thrown);
        }
    }

    private static void assertNamesPaths(InvalidRequestException invalid) {
        assertFalse(invalid.problems().isEmpty(), "an invalid request without a problem");
        for (RequestProblem problem : invalid.problems()) {
            assertNotNull(problem.path(), () -> "a problem without a path: " + problem);
            assertTrue(problem.path().startsWith("$"), () -> "a path not starting with $: " + problem);
            assertTrue(problem.message() != null && !problem.message().isBlank(),
                    () -> "a problem without a message: " + problem.path());
        }
    }

    @Provide
    Arbitrary<Valid> valid() {
        return Arbitraries.of(VALID);
    }

    /** Where in the tree a mutation hits: an index into the candidates, modulo their number. */
    private static Arbitrary<Integer> at() {
        return Arbitraries.integers().between(0, 5_000);
    }

    /** String lengths at and around the limit of 10,000 characters and the 1 MiB limit of a request. */
    private static Arbitrary<Integer> lengths() {
        return Arbitraries.oneOf(Arbitraries.of(0, 1, 9_999, 10_000, 10_001, 100_000, 350_000, 1_048_576),
                Arbitraries.integers().between(0, 12_000));
    }

    /** List sizes at and around the limit of 1,000 items. */
    private static Arbitrary<Integer> sizes() {
        return Arbitraries.oneOf(Arbitraries.of(999, 1_000, 1_001, 1_500, 4_000),
                Arbitraries.integers().between(0, 1_100));
    }

    /** Waivers of the reference policy's rules (and of one it does not have), which it grants nobody. */
    private static Arbitrary<JsonMutation> waiver() {
        List<String> rules = Stream.concat(Reference.POLICY.rules().stream().map(PolicyRule::id),
                Stream.of("no.such-rule")).filter(Objects::nonNull).distinct().sorted().toList();
        return Combinators.combine(Arbitraries.of(rules), Arbitraries.of(JsonMutation.Waive.Grantor.class),
                Arbitraries.of(true, false)).as(JsonMutation.Waive::new);
    }

    @Provide
    Arbitrary<JsonMutation> jsonMutation() {
        return Arbitraries.oneOf(List.of(
                waiver(),
                at().map(JsonMutation.Drop::new),
                Combinators.combine(at(), Arbitraries.of(JsonMutation.Retype.Value.class))
                        .as(JsonMutation.Retype::new),
                Combinators.combine(at(), lengths(), Arbitraries.of(LongString.Fill.class)).as(LongString::new),
                Combinators.combine(at(), Arbitraries.of(Awkward.Chars.class), Arbitraries.of(Awkward.Where.class))
                        .as(Awkward::new),
                Combinators.combine(at(), sizes(), Arbitraries.of(JsonMutation.Grow.Item.class))
                        .as(JsonMutation.Grow::new),
                Combinators.combine(at(), sizes(), Arbitraries.of(true, false)).as(JsonMutation.Widen::new),
                Combinators.combine(at(), Arbitraries.integers().between(1, 300), Arbitraries.of(true, false))
                        .as(JsonMutation.Nest::new),
                Combinators.combine(at(), at()).as(JsonMutation.NullInList::new),
                Combinators.combine(at(), Arbitraries.of(true, false)).as(JsonMutation.DuplicateKey::new),
                Combinators.combine(at(), Arbitraries.of(JsonMutation.TwinApproval.Twin.class))
                        .as(JsonMutation.TwinApproval::new),
                Combinators.combine(at(), Arbitraries.of(JsonMutation.Time.Value.class)).as(JsonMutation.Time::new),
                Combinators.combine(at(), Arbitraries.of(JsonMutation.UnknownField.Name.class),
                        Arbitraries.of(true, false)).as(JsonMutation.UnknownField::new),
                Combinators.combine(at(), Arbitraries.of(JsonMutation.Spelling.Way.class))
                        .as(JsonMutation.Spelling::new),
                Combinators.combine(Arbitraries.of(JsonMutation.Text.Edit.class), at()).as(JsonMutation.Text::new)));
    }

    /**
     * Mutations that often leave a valid request (a dropped optional field, a second verdict, an edge time, odd
     * characters beside a name, a list or the checks grown to the limit), so that requests mutated several times
     * are still decided, and approved, often enough to test what an approval must be.
     */
    private static Arbitrary<JsonMutation> subtleMutation() {
        return Arbitraries.oneOf(List.of(
                waiver(),
                at().map(JsonMutation.Drop::new),
                Combinators.combine(at(), Arbitraries.of(JsonMutation.TwinApproval.Twin.class))
                        .as(JsonMutation.TwinApproval::new),
                Combinators.combine(at(), Arbitraries.of(JsonMutation.Time.Value.YEAR_END,
                        JsonMutation.Time.Value.YEAR_END_LAST_NANO, JsonMutation.Time.Value.NEW_YEAR_FAR_EAST,
                        JsonMutation.Time.Value.NEW_YEAR_FAR_WEST, JsonMutation.Time.Value.LEAP_DAY,
                        JsonMutation.Time.Value.YEAR_9999, JsonMutation.Time.Value.YEAR_9999_FAR_WEST,
                        JsonMutation.Time.Value.YEAR_1_FAR_EAST, JsonMutation.Time.Value.EPOCH))
                        .as(JsonMutation.Time::new),
                Combinators.combine(at(), Arbitraries.of(Awkward.Chars.class),
                        Arbitraries.of(Awkward.Where.BEFORE, Awkward.Where.AFTER)).as(Awkward::new),
                Combinators.combine(at(), Arbitraries.integers().between(0, 10_000),
                        Arbitraries.of(LongString.Fill.class)).as(LongString::new),
                Combinators.combine(at(), Arbitraries.integers().between(0, 1_000),
                        Arbitraries.of(JsonMutation.Grow.Item.COPY_OF_LAST, JsonMutation.Grow.Item.DISTINCT_TEXT))
                        .as(JsonMutation.Grow::new),
                Combinators.combine(at(), Arbitraries.integers().between(0, 1_000), Arbitraries.just(true))
                        .as(JsonMutation.Widen::new)));
    }

    @Provide
    Arbitrary<List<JsonMutation>> jsonMutations() {
        return Arbitraries.frequencyOf(Tuple.of(2, subtleMutation()), Tuple.of(1, jsonMutation()))
                .list().ofMinSize(2).ofMaxSize(5);
    }

    @Provide
    Arbitrary<RecordMutation> recordMutation() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.of(RecordMutation.FIELDS).map(RecordMutation.Null::new),
                Combinators.combine(Arbitraries.of(RecordMutation.LISTS), at()).as(RecordMutation.NullInList::new),
                Arbitraries.of(true, false).map(RecordMutation.NullInChecks::new),
                Combinators.combine(Arbitraries.of(Stream.concat(RecordMutation.LISTS.stream(), Stream.of("checks"))
                        .toList()), sizes()).as(RecordMutation.LongList::new),
                Combinators.combine(Arbitraries.of(RecordMutation.STRINGS), lengths(),
                        Arbitraries.of(LongString.Fill.class), Arbitraries.of(Awkward.Chars.class),
                        Arbitraries.of(Awkward.Where.class)).as(RecordMutation.Text::new),
                Combinators.combine(Arbitraries.of(RecordMutation.TIMES),
                        Arbitraries.of(RecordMutation.Time.Value.class)).as(RecordMutation.Time::new),
                Combinators.combine(Arbitraries.of("reviews.approving", "checklist.criticalVulnerabilities",
                                "incident.apiErrorRate"),
                        Arbitraries.of(-1.0, (double) Integer.MIN_VALUE, (double) Integer.MAX_VALUE, Double.NaN,
                                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE, 1.0000001,
                                1.0))
                        .as(RecordMutation.OutOfRange::new),
                Combinators.combine(at(), Arbitraries.of(true, false), Arbitraries.of(true, false))
                        .as(RecordMutation.TwinApproval::new)));
    }

    @Provide
    Arbitrary<List<RecordMutation>> recordMutations() {
        return recordMutation().list().ofMinSize(1).ofMaxSize(4);
    }

    /** Sets every property's tries (not an example's) from {@value #TRIES} when that system property is given. */
    static final class LongMode implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            Integer tries = Integer.getInteger(TRIES);
            if (tries != null && !context.targetMethod().isAnnotationPresent(Example.class)) {
                context.attributes().setTries(tries);
            }
            return property.execute();
        }
    }
}
