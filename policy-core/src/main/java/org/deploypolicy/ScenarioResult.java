package org.deploypolicy;

/**
 * How a scenario went.
 *
 * @param scenario   the scenario
 * @param passed     whether the decision (or error) was what it wants
 * @param difference what it wanted beside what it got, one line each; empty when it passed
 */
public record ScenarioResult(Scenario scenario, boolean passed, String difference) {
}
