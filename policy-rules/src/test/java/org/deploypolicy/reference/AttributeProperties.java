package org.deploypolicy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.InvalidRequestException;
import org.deploypolicy.PolicyJson;
import org.deploypolicy.PolicyProblem;
import org.deploypolicy.RequestProblem;

/**
 * What must hold for a team's attributes, over the test policy {@code team-attributes} (tier: integer 1..3,
 * required; riskScore: number 0..100): attributes that keep the declared schema are decided, never make a rule
 * throw, and read back from JSON as they were; attributes that break it are refused at their path, never decided.
 */
class AttributeProperties {
    private static final DeploymentPolicy TEAM = Reference.testPolicy("team-attributes");

    @Provide
    Arbitrary<Map<String, Object>> valid() {
        Arbitrary<Long> tier = Arbitraries.longs().between(1, 3);
        Arbitrary<Optional<BigDecimal>> risk = Arbitraries.bigDecimals().between(BigDecimal.ZERO, BigDecimal.valueOf(100))
                .ofScale(2).optional();
        return net.jqwik.api.Combinators.combine(tier, risk).as((t, r) -> {
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("tier", t);
            r.ifPresent(value -> attributes.put("riskScore", value));
            return attributes;
        });
    }

    @Provide
    Arbitrary<Map<String, Object>> broken() {
        return Arbitraries.oneOf(
                Arbitraries.longs().filter(t -> t < 1 || t > 3).map(t -> Map.<String, Object>of("tier", t)),
                Arbitraries.bigDecimals().between(BigDecimal.valueOf(-1000), BigDecimal.valueOf(1000)).ofScale(1)
                        .filter(r -> r.signum() < 0 || r.compareTo(BigDecimal.valueOf(100)) > 0)
                        .map(r -> Map.<String, Object>of("tier", 1L, "riskScore", r)),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8).map(t -> Map.<String, Object>of("tier", t)),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8)
                        .filter(name -> !name.equals("tier") && !name.equals("riskScore"))
                        .map(name -> Map.<String, Object>of("tier", 2L, name, 1L)),
                Arbitraries.just(Map.<String, Object>of("riskScore", 1L)));
    }

    private static DeploymentRequest carrying(Map<String, Object> attributes, String at) {
        DeploymentRequest r = Reference.release(at);
        return new DeploymentRequest(r.id(), r.at(), r.source(), r.target(), r.requester(), r.change(), r.approvals(),
                r.reviews(), r.checks(), r.checklist(), r.waivers(), attributes);
    }

    @Property(tries = 200)
    void attributesThatKeepTheSchemaAreDecidedAndNeverMakeARuleThrow(@ForAll("valid") Map<String, Object> attributes,
                                                                     @ForAll("hours") String at) {
        DeploymentRequest request = carrying(attributes, at);

        Decision decision = TEAM.evaluate(request);

        boolean risky = attributes.get("tier").equals(1L) && attributes.containsKey("riskScore")
                && ((BigDecimal) attributes.get("riskScore")).compareTo(BigDecimal.valueOf(30)) > 0;
        assertEquals(risky, decision.findings().stream().anyMatch(f -> f.rule().equals("team.tier-one-risk")),
                decision.findings().toString());
        assertEquals(request, TEAM.readRequest(PolicyJson.toJson(request)), "read back as written");
    }

    @Provide
    Arbitrary<String> hours() {
        return Arbitraries.integers().between(0, 23).map(h -> "2026-11-24T%02d:00:00+03:00".formatted(h));
    }

    @Property(tries = 200)
    void attributesThatBreakTheSchemaAreRefusedAtTheirPath(@ForAll("broken") Map<String, Object> attributes) {
        DeploymentRequest request = carrying(attributes, "2026-11-24T10:00:00+03:00");

        InvalidRequestException error = assertThrows(InvalidRequestException.class, () -> TEAM.evaluate(request));

        assertTrue(error.problems().stream().map(RequestProblem::path).allMatch(p -> p.startsWith("$.attributes.")),
                error.problems().toString());
        assertEquals(error.problems(), assertThrows(InvalidRequestException.class,
                () -> TEAM.readRequest(PolicyJson.toJson(request))).problems(), "read as decided");
    }

    @Example
    void verifyDecidesTheTeamsPolicyWithoutARuleThrowing() {
        List<PolicyProblem> warnings = TEAM.exercise(List.of());

        assertEquals(List.of(), warnings.stream().filter(w -> w.file().equals("team.drl")).toList(),
                "the team's rule fires on the boundary values verify tries");
    }
}
