package org.deploypolicy.cli;

import static org.deploypolicy.cli.CommandLineTest.run;
import static org.deploypolicy.cli.CommandLineTest.withInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * A team's attributes where users meet them: a request that carries them to {@code evaluate}, the schema a policy
 * prints for its requests, and {@code from-github --attribute}, typed by the policy.
 */
class AttributesTest {
    /** The test policy of policy-rules that declares tier (1 to 3, required) and riskScore (0 to 100). */
    static final Path POLICY = Path.of("..", "policy-rules", "src", "test", "resources", "policies", "team-attributes");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode release(String attributes) throws IOException {
        ObjectNode request = (ObjectNode) JSON.readTree(Files.readString(
                CommandLineTest.SAMPLES.resolve("normal-tuesday-release.json")));
        if (attributes != null) {
            request.set("attributes", JSON.readTree(attributes));
        }
        return request;
    }

    @Test
    void aRequestCarriesItsAttributesToTheTeamsRule() throws IOException {
        CommandLineTest.Run approved = withInput(release("{\"tier\": 2, \"riskScore\": 80}").toString(),
                "evaluate", "-", "--policy", POLICY.toString());
        CommandLineTest.Run blocked = withInput(release("{\"tier\": 1, \"riskScore\": 80}").toString(),
                "evaluate", "-", "--policy", POLICY.toString(), "--format", "json");

        assertEquals(0, approved.exit(), approved.out() + approved.err());
        assertEquals(1, blocked.exit(), blocked.out() + blocked.err());
        assertTrue(blocked.out().contains("team.tier-one-risk"), blocked.out());
    }

    @Test
    void theContractsProblemsAndTheAttributesAreReportedTogether() throws IOException {
        ObjectNode request = release("{\"tier\": 4, \"tierr\": 1}");
        request.put("source", "");

        CommandLineTest.Run run = withInput(request.toString(), "evaluate", "-", "--policy", POLICY.toString());

        assertEquals(3, run.exit());
        assertTrue(run.err().contains("$.source: must not be blank"), run.err());
        assertTrue(run.err().contains("$.attributes.tier: must be at most 3; was 4"), run.err());
        assertTrue(run.err().contains("$.attributes.tierr: unknown field; expected one of tier, riskScore"), run.err());
    }

    @Test
    void thePolicyRequiresItsAttributes() throws IOException {
        CommandLineTest.Run run = withInput(release(null).toString(), "evaluate", "-", "--policy", POLICY.toString());

        assertEquals(3, run.exit());
        assertTrue(run.err().contains("$.attributes.tier: required by the policy's attributes"), run.err());
    }

    @Test
    void theReferenceTakesNoAttributes() throws IOException {
        CommandLineTest.Run run = withInput(release("{\"tier\": 1}").toString(), "evaluate", "-");

        assertEquals(3, run.exit());
        assertTrue(run.err().contains("$.attributes.tier: unknown field; the policy declares no attributes"), run.err());
    }

    @Test
    void schemaPrintsTheRequestSchemaWithThePolicysAttributes() throws IOException {
        CommandLineTest.Run team = run("schema", "--policy", POLICY.toString());
        CommandLineTest.Run reference = run("schema");

        assertEquals(0, team.exit(), team.err());
        JsonNode attributes = JSON.readTree(team.out()).at("/$defs/attributes");
        assertEquals("integer", attributes.at("/properties/tier/type").asText());
        assertEquals("[\"tier\"]", attributes.get("required").toString());
        assertEquals(false, attributes.get("additionalProperties").asBoolean());
        assertEquals(0, JSON.readTree(reference.out()).at("/$defs/attributes/properties").size());
        Schemas.assertValid(Schemas.REQUEST, release("{\"tier\": 1}").toString());
    }

    @Test
    void fromGitHubTypesAttributesAsThePolicyDeclaresThem() throws IOException {
        CommandLineTest.Run run = run(FromGitHubCommandTest.release("release-reviews.json", "release-checks.json",
                "--policy", POLICY.toString(), "--attribute", "tier=1", "--attribute", "riskScore=12.5"));

        assertEquals(0, run.exit(), run.err());
        JsonNode attributes = JSON.readTree(run.out()).get("attributes");
        assertTrue(attributes.get("tier").isIntegralNumber(), run.out());
        assertEquals(1, attributes.get("tier").asInt());
        assertEquals("12.5", attributes.get("riskScore").asText());
    }

    @Test
    void fromGitHubRefusesAnAttributeOfAnotherTypeOrUndeclared() {
        CommandLineTest.Run wrongType = run(FromGitHubCommandTest.release("release-reviews.json", "release-checks.json",
                "--policy", POLICY.toString(), "--attribute", "tier=one"));
        CommandLineTest.Run undeclared = run(FromGitHubCommandTest.release("release-reviews.json",
                "release-checks.json", "--policy", POLICY.toString(), "--attribute", "tier=1", "--attribute", "team=x"));

        assertEquals(3, wrongType.exit());
        assertEquals("--attribute tier=one: the policy declares tier a whole number; was \"one\"", wrongType.err().strip());
        assertEquals(3, undeclared.exit());
        assertTrue(undeclared.err().contains("$.attributes.team: unknown field; expected one of tier, riskScore"),
                undeclared.err());
    }
}
