package org.deploypolicy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The hotfix branch glob of the settings ({@code branches.hotfix}): which source branches it matches. */
class BranchGlobTest {
    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
            "hotfix/*, hotfix/payments, true",
            "hotfix/*, hotfix/, true",
            "hotfix/*, hotfix, false",
            "hotfix/*, hotfix/a/b, false",
            "hotfix/*, xhotfix/a, false",
            "hotfix/*, hotfix/a.b+c, true",
            "hotfix/**, hotfix/a/b, true",
            "**/hotfix, team/x/hotfix, true",
            "**/hotfix, hotfix, false",
            "hotfix-?, hotfix-1, true",
            "hotfix-?, hotfix-12, false",
            "hotfix-?, hotfix-/, false",
            "*-fix/*, p1-fix/db, true",
            "*-fix/*, a/p1-fix/db, false",
            "main, main, true",
            "main, mainline, false",
            "a.c, abc, false",
            "*, '', true",
            "hotfix-?, hotfix-\uD83D\uDE00, true",
            "hotfix-??, hotfix-\uD83D\uDE00, false",
            "*?, \uD83D\uDE00, true",
            "*??, \uD83D\uDE00, false",
    })
    void matchesTheWholeBranch(String glob, String branch, boolean matches) {
        assertEquals(matches, Deployment.matchesGlob(glob, branch));
    }
}
