package org.deploypolicy.rules;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.deploypolicy.Approver;

/**
 * Who fills each approval slot, once every rule that requires an approval or discounts a vote has fired. Rules that
 * report on a slot match it ({@code Approvers( missing("TECH_LEAD") )}); it is not there before.
 *
 * <p>A role may have several slots (two Tech Leads), and a slot may take any of several roles (a Tech Lead or the
 * CEO). {@link #missing} asks whether a slot an approval in the role could fill is still empty; {@link #filledBy}
 * names who fills the first slot filled in the role.
 *
 * @param list the slots in the decision's order (Tech Lead first, then in the order the requiring rules stand in
 *             the policy's files), each with who fills it and who rejected it
 */
public record Approvers(List<Approver> list) {
    /** Role names whose words are not the name's words capitalized. */
    private static final Map<String, String> NAMED = Map.of("TECH_LEAD", "Tech Lead", "ON_CALL", "On-call");
    /** Words of a role name that are abbreviations, and stay in capitals. */
    private static final Set<String> ABBREVIATIONS = Set.of("CEO", "CTO", "CFO", "COO", "CIO", "CISO", "CSO", "VP",
            "SRE", "QA", "IT", "HR", "DBA", "PM", "UX", "UI", "API", "DB", "DPO");

    public Approvers {
        list = List.copyOf(list);
    }

    /**
     * Whether a slot that an approval in the role could fill is empty: a slot of that role, or a slot that any of
     * several roles, this one among them, may fill. False for a role no requirement names.
     */
    public boolean missing(String role) {
        for (int i = 0; i < list.size(); i++) {
            Approver slot = list.get(i);
            if (slot.satisfiedBy().isEmpty() && (slot.role().equals(role) || slot.anyOf().contains(role))) {
                return true;
            }
        }
        return false;
    }

    /** Who fills the first slot filled in the role (a slot of several roles filled in it too), or null. */
    public String filledBy(String role) {
        for (int i = 0; i < list.size(); i++) {
            Approver slot = list.get(i);
            if (slot.satisfiedBy().isPresent() && slot.role().equals(role)) {
                return slot.satisfiedBy().get();
            }
        }
        return null;
    }

    /**
     * A role name in words, for messages: {@code TECH_LEAD} is "Tech Lead", {@code CEO} "CEO", {@code SECURITY_LEAD}
     * "Security Lead" (each word capitalized, an abbreviation such as SRE or QA kept in capitals).
     */
    public static String roleWords(String role) {
        String named = NAMED.get(role);
        if (named != null) {
            return named;
        }
        StringBuilder words = new StringBuilder(role.length());
        for (String word : role.split("_")) {
            if (word.isEmpty()) {
                continue;
            }
            if (!words.isEmpty()) {
                words.append(' ');
            }
            words.append(ABBREVIATIONS.contains(word) ? word
                    : word.charAt(0) + word.substring(1).toLowerCase(Locale.ROOT));
        }
        return words.toString();
    }
}
