package org.deploypolicy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.statistics.Statistics;
import org.deploypolicy.Approval;
import org.deploypolicy.Channel;
import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.InvalidRequestException;
import org.deploypolicy.Outcome;
import org.deploypolicy.PolicyJson;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.RequestProblem;
import org.deploypolicy.RollbackRequest;
import org.deploypolicy.Scenario;
import org.deploypolicy.reference.ByteMutation.After;
import org.deploypolicy.reference.ByteMutation.BlankChar;
import org.deploypolicy.reference.ByteMutation.BlankName;
import org.deploypolicy.reference.ByteMutation.BlankReference;
import org.deploypolicy.reference.ByteMutation.BlankText;
import org.deploypolicy.reference.ByteMutation.ByteOrderMark;
import org.deploypolicy.reference.ByteMutation.Expect;
import org.deploypolicy.reference.ByteMutation.Malformed;
import org.deploypolicy.reference.ByteMutation.Mutant;
import org.deploypolicy.reference.ByteMutation.Respelt;
import org.deploypolicy.reference.ValidRequests.Valid;

/**
 * Changed bytes never buy an approval. Valid requests (the samples, releases and the reference scenarios' requests,
 * {@link ValidRequests}) are changed byte by byte ({@link ByteMutation}) in the ways docs/contract.md's "Reading rules"
 * speak of: bytes that are not UTF-8, a byte-order mark, data after the value, times spelt otherwise, blank texts;
 * then read as the command line and the HTTP service read them ({@link PolicyJson#readRequest(java.io.InputStream)})
 * and put to the reference policy. Whatever the change, the answer is one of:
 * <ul>
 *   <li>an {@link InvalidRequestException} whose every problem names a path starting with {@code $}, only for bytes
 *       the contract refuses ({@link WireContract}), and naming the place the change calls for: {@code $} and the
 *       byte offset for malformed UTF-8, {@code $} and the line and column for data after the value, the time's
 *       path for a time spelt as the contract forbids, the field's path for a name made blank;</li>
 *   <li>a decision, only for bytes the contract allows: equal to the unchanged request's where the change does not
 *       change the request (a byte-order mark before it, white space after it, a time spelt otherwise at the same
 *       instant), else no more permissive (APPROVED, then PENDING, then REJECTED); a blank {@code reference}
 *       decides as no reference at all. Never APPROVED unless the unchanged request was.</li>
 * </ul>
 * Never another exception.
 *
 * <p>The default tries (2,500 inputs) keep this class at a few seconds on two busy cores. The long mode of
 * {@link BadInputProperties} gives every property {@code badinput.tries} tries instead (100,000 take about a
 * minute):
 * <pre>
 * mvn -B verify -pl policy-rules -am -Dtest=ByteMutationProperties -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbadinput.tries=100000
 * </pre>
 */
@AddLifecycleHook(value = BadInputProperties.LongMode.class, propagateTo = PropagationMode.DIRECT_DESCENDANTS)
class ByteMutationProperties {
    /** A valid request to change: its bytes, where its fields lie in them, and the decision on it unchanged. */
    record Start(Valid valid, RequestBytes bytes, Decision decision) {
        static Start of(Valid valid) {
            return new Start(valid, new RequestBytes(valid.bytes()),
                    Reference.POLICY.evaluate(read(valid.bytes())));
        }

        @Override
        public String toString() {
            return valid.name() + " (" + decision.outcome() + ")";
        }
    }

    private static final List<Start> STARTS = Stream.of(ValidRequests.SAMPLES_AND_RELEASES,
                    List.of(ValidRequests.multilingualRelease()), ValidRequests.scenarios())
            .flatMap(List::stream).map(Start::of).toList();

    @Property(tries = 2_000)
    void changedBytesAreRefusedNamingThePlaceOrDecidedNoMorePermissively(@ForAll("start") Start start,
                                                                          @ForAll("mutation") ByteMutation mutation) {
        Mutant mutant = mutation.apply(start.bytes());
        String answer = judge(start, mutant);
        Statistics.label("mutation").collect(mutant.kind());
        Statistics.label("answer").collect(answer);
        Statistics.label("mutation").coverage(checker -> ByteMutation.KINDS.forEach(kind ->
                checker.check(kind).percentage(p -> p >= 3)));
        Statistics.label("answer").coverage(checker -> {
            checker.check(Outcome.APPROVED.name()).percentage(p -> p >= 5);
            checker.check("INVALID_REQUEST").percentage(p -> p >= 30);
        });
    }

    /**
     * Verbal approvals, whose {@code reference} is what documents them, given a blank one: the decision is the one on
     * the request without that reference, no more permissive than before; an approved request that needed the
     * verbal approval is approved no more.
     */
    @Property(tries = 500)
    void aBlankReferenceDocumentsNothing(@ForAll("withVerbalApproval") Start start,
                                         @ForAll("blankReference") BlankReference mutation) {
        Mutant mutant = mutation.apply(start.bytes());
        String answer = judge(start, mutant);
        String change = start.decision().outcome() + " -> " + answer;
        Statistics.label("unchanged -> changed").collect(change);
        Statistics.label("unchanged -> changed").coverage(checker -> {
            checker.check("APPROVED -> PENDING").count(n -> n >= 1);
            checker.check("APPROVED -> INVALID_REQUEST").count(n -> n >= 1);
        });
    }

    /** The first report: a stray 0xFF in an approver's name of an approved request. */
    @Example
    void aStrayByteInAnApproversNameIsAnErrorNamingItsOffsetNeverAnApproval() {
        Start release = STARTS.stream().filter(s -> s.valid().name().equals("normal-tuesday-release.json"))
                .findFirst().orElseThrow();
        assertEquals(Outcome.APPROVED, release.decision().outcome());
        String json = new String(release.valid().bytes(), StandardCharsets.UTF_8);
        int offset = json.indexOf("\"by\": \"selam\"") + "\"by\": \"sel".length();
        byte[] bytes = release.bytes().splice(offset, 0, new byte[] {(byte) 0xFF});

        InvalidRequestException error = assertThrows(InvalidRequestException.class, () -> read(bytes));

        assertEquals(1, error.problems().size(), () -> error.problems().toString());
        RequestProblem problem = error.problems().get(0);
        assertEquals("$", problem.path());
        assertTrue(problem.message().matches(".*\\bbyte offset " + offset + "\\b.*"), problem::message);
        assertFalse(problem.message().contains("\ufffd"), problem::message);
    }

    /**
     * The second report: a verbal Tech Lead approval whose reference is a lone no-break space, on the P1
     * hotfix the reference scenarios approve.
     */
    @Example
    void aVerbalApprovalWhoseReferenceIsANoBreakSpaceDoesNotApproveAP1Hotfix() {
        Scenario scenario = Scenario.read(Path.of("src/main/resources/deploy-policy/reference/scenarios/hotfix.yaml"))
                .stream().filter(s -> s.note().equals("the P1 hotfix on a Saturday night skips every window rule"))
                .findFirst().orElseThrow();
        DeploymentRequest hotfix = (DeploymentRequest) scenario.request();
        Approval verbal = hotfix.approvals().get(0);
        assertEquals(Channel.VERBAL, verbal.channel());
        assertEquals("TECH_LEAD", verbal.role());
        assertEquals(Outcome.APPROVED, Reference.POLICY.evaluate(hotfix).outcome());
        String json = PolicyJson.toJson(hotfix);
        String reference = "\"reference\": \"" + verbal.reference().orElseThrow() + "\"";
        assertTrue(json.contains(reference), json);

        for (String blank : List.of("\u00a0", "\\u00a0")) {
            byte[] bytes = json.replace(reference, "\"reference\": \"" + blank + "\"").getBytes(StandardCharsets.UTF_8);
            Decision decision = Reference.POLICY.evaluate(read(bytes));

            assertNotEquals(Outcome.APPROVED, decision.outcome(), () -> PolicyJson.toJson(decision));
            assertEquals(Optional.empty(), decision.approvers().stream()
                    .filter(a -> a.role().equals("TECH_LEAD")).findFirst().orElseThrow().satisfiedBy());
        }
    }

    /**
     * Reads changed bytes and decides them: refused exactly when the contract refuses them, naming what the change
     * calls for, else decided as the change allows. Returns the answer: an error code or an outcome.
     */
    private static String judge(Start start, Mutant mutant) {
        String violation = WireContract.violation(mutant.bytes());
        if (mutant.expect() == Expect.REFUSED) {
            assertNotNull(violation, () -> "the test is wrong: the contract allows " + mutant.what());
        }
        Decision decision;
        try {
            decision = Reference.POLICY.evaluate(read(mutant.bytes()));
        } catch (InvalidRequestException invalid) {
            assertNamesPaths(invalid, mutant);
            assertNotNull(violation, () -> "the contract allows " + mutant.what() + ", but it was refused: "
                    + printable(invalid.problems()));
            if (mutant.path() != null) {
                RequestProblem problem = invalid.problems().stream().filter(p -> p.path().equals(mutant.path()))
                        .findFirst().orElseGet(() -> fail(mutant.what() + " (" + violation + ") must be an error at "
                                + mutant.path() + ", but the problems are " + printable(invalid.problems())));
                if (mutant.message() != null) {
                    assertTrue(mutant.message().matcher(problem.message()).matches(), () -> mutant.what()
                            + ": the message at " + problem.path() + " must match " + mutant.message() + "; was "
                            + printable(problem.message()));
                }
            }
            return invalid.code();
        } catch (RuntimeException other) {
            return fail("reading and deciding " + mutant.what() + " threw " + printable(other), other);
        }
        assertNull(violation, () -> "the contract refuses " + mutant.what() + " (" + violation + "), but it was decided: "
                + printable(decision));
        Decision unchanged = start.decision();
        switch (mutant.expect()) {
            case SAME_DECISION -> assertSameDecision(unchanged, decision, mutant);
            case NO_MORE_PERMISSIVE -> assertNoMorePermissive(unchanged, decision, mutant);
            case AS_WITHOUT_REFERENCE -> {
                assertNoMorePermissive(unchanged, decision, mutant);
                assertSameDecision(Reference.POLICY.evaluate(withoutReference(start.valid().request(),
                        mutant.approval())), decision, mutant);
            }
            case REFUSED -> fail("unreachable: refused bytes were decided");
        }
        if (decision.outcome() == Outcome.APPROVED) {
            assertEquals(Outcome.APPROVED, unchanged.outcome(), () -> mutant.what() + " approved a request that was "
                    + unchanged.outcome());
        }
        return decision.outcome().name();
    }

    private static void assertSameDecision(Decision expected, Decision actual, Mutant mutant) {
        if (!expected.equals(actual)) {
            fail(mutant.what() + " changed the decision:\n  " + printable(expected) + "\n  " + printable(actual));
        }
    }

    private static void assertNoMorePermissive(Decision unchanged, Decision decision, Mutant mutant) {
        // Outcome lists APPROVED, PENDING, REJECTED: a later outcome is less permissive
        assertTrue(decision.outcome().compareTo(unchanged.outcome()) >= 0, () -> mutant.what() + " made "
                + unchanged.outcome() + " " + decision.outcome() + ": " + printable(decision));
    }

    private static void assertNamesPaths(InvalidRequestException invalid, Mutant mutant) {
        assertFalse(invalid.problems().isEmpty(), () -> mutant.what() + ": an invalid request without a problem");
        for (RequestProblem problem : invalid.problems()) {
            assertTrue(problem.path() != null && problem.path().startsWith("$"),
                    () -> mutant.what() + ": a path not starting with $: " + problem);
            assertTrue(problem.message() != null && !problem.message().isBlank(),
                    () -> mutant.what() + ": a problem without a message at " + problem.path());
        }
    }

    /** The request with one approval's reference left out. */
    private static PolicyRequest withoutReference(PolicyRequest request, int index) {
        List<Approval> approvals = new ArrayList<>(request.approvals());
        Approval a = approvals.get(index);
        approvals.set(index, new Approval(a.by(), a.role(), a.verdict(), a.commit(), a.channel(), Optional.empty(),
                a.at()));
        if (request instanceof DeploymentRequest d) {
            return Reference.withApprovals(d, approvals);
        }
        RollbackRequest r = (RollbackRequest) request;
        return new RollbackRequest(r.id(), r.at(), r.requester(), r.incident(), approvals, r.waivers());
    }

    /** Reads bytes as the command line and the HTTP service do: from a stream. */
    private static PolicyRequest read(byte[] bytes) {
        try {
            return PolicyJson.readRequest(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String printable(Object value) {
        return BadInputProperties.printable(value);
    }

    @Provide
    Arbitrary<Start> start() {
        return Arbitraries.of(STARTS);
    }

    @Provide
    Arbitrary<Start> withVerbalApproval() {
        return Arbitraries.of(STARTS.stream().filter(s -> s.valid().request().approvals().stream()
                .anyMatch(a -> a.channel() == Channel.VERBAL)).toList());
    }

    /** Where in a request a mutation lands: an index into the candidates, modulo their number. */
    private static Arbitrary<Integer> at() {
        return Arbitraries.integers().between(0, 100_000);
    }

    /** A blank text of up to four characters, each written as itself or escaped. */
    private static Arbitrary<List<BlankChar>> blank() {
        return Combinators.combine(Arbitraries.of(BlankChar.Blank.class), Arbitraries.of(false, true))
                .as(BlankChar::new).list().ofMaxSize(4);
    }

    @Provide
    Arbitrary<BlankReference> blankReference() {
        return Combinators.combine(blank(), at()).as(BlankReference::new);
    }

    @Provide
    Arbitrary<ByteMutation> mutation() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Combinators.combine(Arbitraries.of(Malformed.Sequence.class), Arbitraries.of(false, true),
                        Arbitraries.of(false, true), at()).as(Malformed::new)),
                Tuple.of(2, Combinators.combine(Arbitraries.of(ByteOrderMark.Where.class), at()).as(ByteOrderMark::new)),
                Tuple.of(2, Combinators.combine(Arbitraries.of(After.Space.class).list().ofMaxSize(4),
                        Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(After.Data.NONE)),
                                Tuple.of(2, Arbitraries.of(After.Data.class)))).as(After::new)),
                Tuple.of(3, Combinators.combine(Arbitraries.of(Respelt.Spelling.class),
                        Arbitraries.integers().between(1, 9), at()).as(Respelt::new)),
                Tuple.of(2, Combinators.combine(blank(), at()).as(BlankName::new)),
                Tuple.of(1, Combinators.combine(blank(), at()).as(BlankText::new)),
                Tuple.of(1, blankReference()));
    }
}
