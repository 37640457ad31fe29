package org.deploypolicy.rules;

import java.util.List;

import org.deploypolicy.Approver;

/**
 * Who fills each required role, once every rule that requires a role or discounts an approval has fired. Rules
 * that report a missing approval match it ({@code Approvers( missing("TECH_LEAD") )}); it is not there before.
 *
 * @param list the required roles in the order their rules come, each with who fills and who rejected it
 */
public record Approvers(List<Approver> list) {
    public Approvers {
        list = List.copyOf(list);
    }

    /** The role is required and no approval that counts fills it. */
    public boolean missing(String role) {
        Approver approver = of(role);
        return approver != null && approver.satisfiedBy().isEmpty();
    }

    /** Who fills the role, or null. */
    public String filledBy(String role) {
        Approver approver = of(role);
        return approver == null ? null : approver.satisfiedBy().orElse(null);
    }

    private Approver of(String role) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).role().equals(role)) {
                return list.get(i);
            }
        }
        return null;
    }
}
