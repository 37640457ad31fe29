package org.deploypolicy.internal;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.deploypolicy.rules.Approvers;
import org.deploypolicy.rules.Freeze;
import org.deploypolicy.rules.Settings;
import org.deploypolicy.rules.Vote;
import org.drools.base.base.ClassObjectType;
import org.drools.base.rule.EntryPointId;
import org.drools.core.impl.InternalRuleBase;
import org.drools.core.reteoo.ObjectTypeNode;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.api.runtime.rule.AgendaFilter;
import org.kie.api.runtime.rule.EntryPoint;
import org.kie.api.runtime.rule.FactHandle;

/**
 * Sessions of one knowledge base for one call each, reused. A session given back has every fact deleted (the
 * engine's and any a rule inserted), which leaves its node memories and fact stores allocated for the next call;
 * resetting a session, as a {@link KieSessionsPool} does, frees and builds them again, a fifth of what a decision
 * allocates. A session is kept only when it is empty afterwards; one whose call failed is never kept.
 *
 * <p>Deleting every fact returns a session to where a fresh one starts only when each rule's matches begin with a
 * fact. A rule whose condition is empty or begins with anything but a pattern ({@code not}, {@code exists},
 * {@code eval}, {@code accumulate}, {@code from}, {@code forall}, a query) matches Drools' initial fact instead,
 * which a fresh session has anew and a kept one would not; a knowledge base with such a rule (found in its network,
 * whatever the syntax) gets sessions reset between calls.
 *
 * <p>An idle session keeps its node memories at the size of the largest call it served, and the last call's
 * {@code findings} global, until it is used again or its knowledge base is dropped with the policy.
 */
final class WarmSessions {
    /** More idle sessions than this are disposed: as many as threads deciding at once, on a large machine. */
    private static final int MAX_IDLE = 32;
    /**
     * Lets no rule fire while the deletions propagate. With every rule rooted in a fact and every fact deleted at
     * once, none can match; the filter makes sure no consequence runs after the call, whatever Drools does.
     */
    private static final AgendaFilter NONE = match -> false;

    private final KieBase kieBase;
    /** Sessions reset between calls, for a knowledge base whose rules match the initial fact; else null. */
    private final KieSessionsPool resetting;
    private final ConcurrentLinkedQueue<KieSession> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    /** Whether any rule can match the settings, a freeze, a vote, the approvers: what is worth inserting. */
    final boolean matchesSettings;
    final boolean matchesFreezes;
    final boolean matchesVotes;
    final boolean matchesApprovers;

    /** The knowledge base the sessions are of. */
    KieBase kieBase() {
        return kieBase;
    }

    WarmSessions(KieBase kieBase) {
        this.kieBase = kieBase;
        this.resetting = matchesInitialFact(kieBase) ? kieBase.newKieSessionsPool(2) : null;
        this.matchesSettings = matches(Settings.class);
        this.matchesFreezes = matches(Freeze.class);
        this.matchesVotes = matches(Vote.class);
        this.matchesApprovers = matches(Approvers.class);
    }

    /**
     * Whether a rule of the knowledge base can match a fact of this type: a pattern of the type or of one of its
     * supertypes. A fact no rule can match need not be inserted, which saves its handle and propagation.
     */
    private boolean matches(Class<?> type) {
        for (var entry : ((InternalRuleBase) kieBase).getRete().getObjectTypeNodes(EntryPointId.DEFAULT).entrySet()) {
            if (entry.getKey() instanceof ClassObjectType pattern && pattern.getClassType().isAssignableFrom(type)
                    && entry.getValue().getObjectSinkPropagator().getSinks().length > 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether a rule of the knowledge base matches Drools' initial fact, which only a fresh session inserts. */
    private static boolean matchesInitialFact(KieBase kieBase) {
        ObjectTypeNode initialFact = ((InternalRuleBase) kieBase).getRete().getObjectTypeNodes(EntryPointId.DEFAULT)
                .get(ClassObjectType.InitialFact_ObjectType);
        return initialFact != null && initialFact.getObjectSinkPropagator().getSinks().length > 0;
    }

    /** An empty session of the knowledge base, for one call on one thread. */
    KieSession take() {
        if (resetting != null) {
            return resetting.newKieSession();
        }
        KieSession session = idle.poll();
        if (session == null) {
            return kieBase.newKieSession();
        }
        idleCount.decrementAndGet();
        return session;
    }

    /**
     * Takes a session back after a call that completed: emptied for the next call, or disposed.
     *
     * @param inserted the facts the call inserted, deleted first: when they were all there is, the session's fact
     *                 stores need not be listed
     */
    void giveBack(KieSession session, List<FactHandle> inserted) {
        boolean kept = false;
        try {
            kept = resetting == null && idleCount.get() < MAX_IDLE && emptied(session, inserted);
        } finally {
            if (kept) {
                idleCount.incrementAndGet();
                idle.add(session);
            } else {
                session.dispose();
            }
        }
    }

    private static boolean empty(KieSession session) {
        for (EntryPoint entryPoint : session.getEntryPoints()) {
            if (entryPoint.getFactCount() != 0) {
                return false;
            }
        }
        return true;
    }

    /** Takes a session back after a call that failed: it may hold anything, so it is disposed (or reset). */
    void discard(KieSession session) {
        session.dispose();
    }

    /**
     * Deletes every fact from every entry point; whether the session is empty afterwards. A failure here only means
     * the session is not kept: the call it served has its decision.
     */
    private static boolean emptied(KieSession session, List<FactHandle> inserted) {
        try {
            for (int i = 0; i < inserted.size(); i++) {
                session.delete(inserted.get(i));
            }
            if (!empty(session)) {
                // a rule inserted facts of its own: delete whatever is left, in every entry point
                for (EntryPoint entryPoint : session.getEntryPoints()) {
                    for (FactHandle handle : List.<FactHandle>copyOf(entryPoint.getFactHandles())) {
                        entryPoint.delete(handle);
                    }
                }
            }
            session.fireAllRules(NONE);
            return empty(session);
        } catch (RuntimeException | LinkageError | StackOverflowError | AssertionError e) {
            return false;
        }
    }
}
