package org.deploypolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message names the policy zone's short name as it was at the time judged, whatever was decided before: a zone
 * whose name changed at the same offset (Istanbul's summer time of 2015 and its year-round +03:00 since 2016) names
 * each time correctly, in any order.
 */
class ZoneNamesInMessagesTest {
    private static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH);
    private static final ZoneId ISTANBUL = ZoneId.of("Europe/Istanbul");

    @Test
    void theZoneIsNamedAsAtTheTimeJudgedWhateverCameBefore(@TempDir Path dir) {
        TestPolicies.copyCore(dir);
        Path settings = dir.resolve("policy.yaml");
        TestPolicies.write(settings, TestPolicies.read(settings).replace("zone: Europe/Berlin", "zone: Europe/Istanbul"));
        TestPolicies.write(dir.resolve("when.drl"), """
                package org.deploypolicy.when;

                import org.deploypolicy.rules.Deployment;

                global org.deploypolicy.rules.Findings findings;

                rule "says when"
                    @id("advice.when")
                when
                    $d : Deployment( change.labels contains "when" )
                then
                    findings.advise($d.when());
                end
                """);
        DeploymentPolicy policy = DeploymentPolicy.builder().directory(dir).build();

        for (String at : new String[] {"2030-07-04T10:30:00+03:00", "2015-07-02T10:30:00+03:00",
                "2030-07-04T10:30:00+03:00"}) {
            Decision decision = policy.evaluate(Requests.deploymentTo("prod", OffsetDateTime.parse(at), "when"));
            String message = decision.findings().stream().filter(f -> f.rule().equals("advice.when"))
                    .findFirst().orElseThrow().message();

            assertEquals(ZONE.format(OffsetDateTime.parse(at).atZoneSameInstant(ISTANBUL)),
                    message.substring(message.lastIndexOf(' ') + 1), at);
        }
    }
}
