package org.deploypolicy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * Sessions kept warm come back empty, deleting the facts of one call runs no rule, and a knowledge base with a rule
 * that matches no fact gets sessions that decide as fresh ones.
 */
class WarmSessionsTest {
    private static final String INSERTS = """
            package warm;
            global java.util.List fired;

            rule "a number inserts its text"
            when
                $n : Integer()
            then
                insert(String.valueOf($n));
            end

            rule "a number without text"
            when
                $n : Integer()
                not String()
            then
                fired.add("a number without text");
            end
            """;
    private static final String MATCHES_NOTHING = """
            package warm;
            global java.util.List fired;

            rule "nothing there"
            when
                not Integer()
            then
                fired.add("nothing there");
            end
            """;

    private static final KieBase KIE_BASE = compile(INSERTS);

    private static KieBase compile(String rules) {
        return DrlCompiler.compile(List.of(new PolicyFiles.SourceFile("warm.drl",
                rules.getBytes(StandardCharsets.UTF_8))), WarmSessionsTest.class.getClassLoader());
    }

    @Test
    void aSessionGivenBackIsEmptyAndReused() {
        WarmSessions sessions = new WarmSessions(KIE_BASE);
        List<String> fired = new ArrayList<>();
        KieSession first = sessions.take();
        first.setGlobal("fired", fired);
        FactHandle seven = first.insert(7);
        first.fireAllRules();
        assertEquals(2, first.getFactCount(), "the number and the text a rule inserted");
        fired.clear();

        sessions.giveBack(first, List.of(seven));
        KieSession second = sessions.take();

        assertSame(first, second);
        assertEquals(0, second.getFactCount());
        assertEquals(List.of(), fired, "deleting the text must not fire \"a number without text\"");
    }

    @Test
    void aReusedSessionDecidesAsAFreshOne() {
        WarmSessions sessions = new WarmSessions(KIE_BASE);
        KieSession used = sessions.take();
        used.setGlobal("fired", new ArrayList<>());
        FactHandle seven = used.insert(7);
        used.fireAllRules();
        sessions.giveBack(used, List.of(seven));

        KieSession again = sessions.take();
        KieSession fresh = KIE_BASE.newKieSession();

        assertSame(used, again);
        assertEquals(firedAfterInserting(fresh, 8), firedAfterInserting(again, 8));
        assertEquals(fresh.getFactCount(), again.getFactCount());
    }

    private static List<String> firedAfterInserting(KieSession session, int number) {
        List<String> fired = new ArrayList<>();
        session.setGlobal("fired", fired);
        session.insert(number);
        session.fireAllRules();
        return fired;
    }

    @Test
    void aRuleMatchingNoFactFiresOnEveryCall() {
        WarmSessions sessions = new WarmSessions(compile(MATCHES_NOTHING));
        for (int call = 0; call < 3; call++) {
            List<String> fired = new ArrayList<>();
            KieSession session = sessions.take();
            session.setGlobal("fired", fired);
            session.fireAllRules();
            sessions.giveBack(session, List.of());

            assertEquals(List.of("nothing there"), fired, "call " + call);
        }
    }

    @Test
    void aDiscardedSessionIsNotReused() {
        WarmSessions sessions = new WarmSessions(KIE_BASE);
        KieSession failed = sessions.take();

        sessions.discard(failed);

        assertNotSame(failed, sessions.take());
    }
}
