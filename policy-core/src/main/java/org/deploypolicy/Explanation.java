package org.deploypolicy;

import java.util.List;

/**
 * A decision together with the rules that fired to make it, in firing order, for explanations and audit.
 *
 * @param decision the decision, equal to what {@link DeploymentPolicy#evaluate(PolicyRequest)} returns
 * @param fired    the rules that fired, in order (a rule fires once per match)
 */
public record Explanation(Decision decision, List<PolicyRule> fired) {
    public Explanation {
        fired = Copies.list(fired);
    }
}
