package org.deploypolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A condition comparing a field that is not a text with a text compiles, and then never matches
 * ({@code day == "THURSDAY"}) or fails every evaluation that reaches it ({@code time >= "16:00"}): the build
 * finds it first, at the field's line and column, and says what to write instead.
 */
class TypedComparisonsTest {
    @TempDir
    Path dir;

    private static String rule(String condition) {
        return """
                package org.deploypolicy.typed;

                import org.deploypolicy.rules.Deployment;
                import org.deploypolicy.rules.Vote;

                global org.deploypolicy.rules.Findings findings;

                rule "team.typed"
                    @id("team.typed")
                when
                    %s
                then
                    findings.block("the condition == \\"matched\\"");
                end
                """.formatted(condition);
    }

    private List<String> problems(String condition) {
        TestPolicies.copyCore(dir);
        TestPolicies.write(dir.resolve("team.drl"), rule(condition));
        InvalidPolicyException error = assertThrows(InvalidPolicyException.class,
                () -> DeploymentPolicy.builder().directory(dir).build());
        return error.problems().stream().map(p -> p.location() + ": " + p.message()).toList();
    }

    private void builds(String condition) {
        Path policy = TestPolicies.copyCore(dir.resolve("builds-" + condition.hashCode()));
        TestPolicies.write(policy.resolve("team.drl"), rule(condition));
        DeploymentPolicy.builder().directory(policy).build();
    }

    @Test
    void aWeekdayComparedWithATextIsAnErrorSayingWhatToWrite() {
        assertEquals(List.of("team.drl:11:33: day is a DayOfWeek, never equal to the text \"THURSDAY\": write "
                        + "day == java.time.DayOfWeek.THURSDAY (or import java.time.DayOfWeek)"),
                problems("$d : Deployment( production, day == \"THURSDAY\" )"));
    }

    @Test
    void aTimeComparedWithATextIsAnErrorSayingWhatToWrite() {
        assertEquals(List.of("team.drl:11:33: time is a LocalTime, which cannot be compared with the text \"16:00\": "
                        + "write time >= java.time.LocalTime.parse(\"16:00\")"),
                problems("$d : Deployment( production, time >= \"16:00\" )"));
    }

    @Test
    void fieldsFollowedThroughGettersAndCallsAreChecked() {
        assertEquals(List.of(
                        "team.drl:11:16: change.summary is an Optional, never equal to the text \"fix\": compare its "
                                + "value, as in change.summary.orElse(\"\") == \"fix\"",
                        "team.drl:11:41: statusOf(...) is a CheckStatus, never equal to the text \"PASSED\": write "
                                + "statusOf(...) == org.deploypolicy.CheckStatus.PASSED (or import org.deploypolicy.CheckStatus)",
                        "team.drl:11:77: approvingReviews is an int, which cannot be compared with the text \"2\": "
                                + "compare it with a value of its type"),
                problems("Deployment( change.summary == \"fix\", statusOf(\"unit-tests\") == \"PASSED\", "
                        + "approvingReviews > \"2\" )"));
    }

    @Test
    void textsComparedWithTextsAndTextsOutsideConditionsAreFine() {
        builds("$v : Vote( role == \"TECH_LEAD\", by != 'ana' ) // day == \"THURSDAY\" in a comment");
        builds("$d : Deployment( source == \"release\", hasLabel(\"x\"), $x : target )");
    }

    @Test
    void eachProblemNamesItsPlace() {
        List<String> problems = problems("$d : Deployment( day == \"MONDAY\" )\n    $e : Deployment( day != \"SUNDAY\" )");

        assertEquals(2, problems.size(), problems.toString());
        assertEquals(OptionalInt.of(12), OptionalInt.of(Integer.parseInt(problems.get(1).split(":")[1])));
    }
}
