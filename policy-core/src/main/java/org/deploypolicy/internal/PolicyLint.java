package org.deploypolicy.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

import org.deploypolicy.PolicyProblem;
import org.deploypolicy.PolicyRule;
import org.deploypolicy.rules.Freeze;
import org.deploypolicy.rules.RecurringFreeze;
import org.deploypolicy.rules.Settings;

/**
 * What {@code verify} warns about in a policy that builds: rules without an id or with one that does not read
 * {@code area.name}, settings that make a rule dead, and a policy's own rule that shares its id with an
 * inherited rule still in force (both would run), and rules named like window or rollback rules without their
 * mark. A finding always carries its own rule's id (the engine knows which rule fires), so a finding under another
 * rule's id cannot happen and needs no warning.
 */
final class PolicyLint {
    static final Pattern RULE_ID = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9-]+)+");

    private final RuleDeclarations declarations;
    private final BiFunction<String, String, PolicyProblem> setting;
    private final List<PolicyProblem> warnings = new ArrayList<>();

    private PolicyLint(RuleDeclarations declarations, BiFunction<String, String, PolicyProblem> setting) {
        this.declarations = declarations;
        this.setting = setting;
    }

    /**
     * @param kept      the rules in force
     * @param declarations where the rules are declared, and how
     * @param inherited the rule files that come from the policy extended
     * @param setting   places a warning at a settings key
     */
    static List<PolicyProblem> warnings(List<PolicyRule> kept, RuleDeclarations declarations,
                                        Set<String> inherited, Settings settings, Clock clock,
                                        BiFunction<String, String, PolicyProblem> setting,
                                        Map<Integer, List<FreezeOccurrences.Series>> calendars) {
        PolicyLint lint = new PolicyLint(declarations, setting);
        lint.ids(kept);
        lint.marks(kept);
        lint.shadowed(kept, inherited);
        lint.deadSettings(settings, clock);
        lint.idleCalendars(settings, clock, calendars);
        return lint.warnings.stream().sorted(PolicyProblem.ORDER).toList();
    }

    private void ids(List<PolicyRule> rules) {
        for (PolicyRule rule : rules) {
            if (rule.id() == null) {
                // one that reports is an error of the build; one that only works for others (inserting facts) may go
                warnAt(rule, "rule \"" + rule.name() + "\" has no @id; add @id(\"area.name\") so that it can be "
                        + "named (in disabled, in a failed evaluation)");
            } else if (!RULE_ID.matcher(rule.id()).matches()) {
                warnAt(rule, "rule \"" + rule.name() + "\" has the id \"" + rule.id()
                        + "\", which does not read area.name (lower case, like window.friday)");
            }
        }
    }

    /**
     * Rules named like window or rollback rules that are not marked so: what Java knows of a rule comes from its
     * metadata, never its id, so such a rule would silently lose its next allowed time, or not decide a rollback.
     */
    private void marks(List<PolicyRule> rules) {
        for (PolicyRule rule : rules) {
            Optional<RuleDeclarations.Declaration> declared = declarations.find(rule.file(), rule.name());
            if (rule.id() == null || declared.isEmpty()) {
                continue;
            }
            if (rule.id().startsWith("window.") && !declared.get().window()) {
                warnAt(rule, "rule \"" + rule.name() + "\" has a window id but no @window: the next-allowed search "
                        + "will not decide it again at other times; add @window under its @id if it is a window rule");
            }
            if (rule.id().startsWith("rollback.") && !"rollback".equals(declared.get().decides())) {
                warnAt(rule, "rule \"" + rule.name() + "\" has a rollback id but no @decides(rollback): its findings "
                        + "do not decide a rollback; add @decides(rollback) under its @id if they should");
            }
        }
    }

    private void shadowed(List<PolicyRule> kept, Set<String> inherited) {
        for (PolicyRule own : kept) {
            if (own.id() == null || inherited.contains(own.file())) {
                continue;
            }
            kept.stream().filter(other -> inherited.contains(other.file()) && own.id().equals(other.id())).findFirst()
                    .ifPresent(other -> warnAt(own, "rule \"" + own.name() + "\" has the id " + own.id()
                            + " of an inherited rule (" + other.file() + "); both run. Add " + own.id()
                            + " to disabled to replace the inherited rule"));
        }
    }

    private void deadSettings(Settings settings, Clock clock) {
        Settings.Windows windows = settings.windows();
        if (!windows.preferred().days().isEmpty() && windows.emergencyOnlyDays().containsAll(windows.preferred().days())) {
            warnings.add(setting.apply("windows.preferred.days", "windows.preferred.days: every preferred day is "
                    + "emergency-only, so only emergencies could ever deploy in the preferred window"));
        }
        for (int i = 0; i < windows.criticalOnlyDays().size(); i++) {
            DayOfWeek day = windows.criticalOnlyDays().get(i);
            if (windows.emergencyOnlyDays().contains(day)) {
                String path = StrictReader.index("windows.criticalOnlyDays", i);
                warnings.add(setting.apply(path, path + ": " + day + " is also emergency-only, so window.friday "
                        + "can never let a critical change through on it"));
            }
        }
        java.time.Instant now = clock.instant();
        int periods = windows.freezes().size();
        for (int i = 0; i < windows.recurringFreezes().size(); i++) {
            RecurringFreeze recurring = windows.recurringFreezes().get(i);
            if (!FreezeOccurrences.occursInYearAfter(List.of(FreezeOccurrences.Series.of(recurring, settings.zone())),
                    now, settings.zone())) {
                // the entries are one list in the file: a recurring freeze's index counts the periods too
                String path = "windows.freezes";
                warnings.add(setting.apply(path, path + ": the recurring freeze \"" + recurring.name()
                        + "\" has no occurrence in the next year (" + recurring.rrule() + " from " + recurring.start()
                        + "); it cannot apply"));
            }
        }
        for (int i = 0; i < periods; i++) {
            Freeze freeze = windows.freezes().get(i);
            if (!freeze.to().toInstant().isAfter(clock.instant())) {
                // with recurring freezes in the list, the periods' indexes are not the file's: name the list
                String path = windows.recurringFreezes().isEmpty() ? StrictReader.index("windows.freezes", i) + ".to"
                        : "windows.freezes";
                warnings.add(setting.apply(path, path + ": the freeze \"" + freeze.name() + "\" ended at "
                        + freeze.to() + "; it can no longer apply"));
            }
        }
    }

    /** A calendar file none of whose events occurs in the next year: it is likely out of date. */
    private void idleCalendars(Settings settings, Clock clock, Map<Integer, List<FreezeOccurrences.Series>> calendars) {
        Instant now = clock.instant();
        calendars.forEach((index, events) -> {
            if (!FreezeOccurrences.occursInYearAfter(events, now, settings.zone())) {
                String path = StrictReader.index("windows.calendars", index);
                warnings.add(setting.apply(path, path + ": the calendar \""
                        + settings.windows().calendars().get(index).file() + "\" has no event in the next year ("
                        + events.size() + " event" + (events.size() == 1 ? "" : "s") + " in it); it cannot apply"));
            }
        });
    }

    /** A warning at the line and column where a rule is declared in its file. */
    private void warnAt(PolicyRule rule, String message) {
        warnings.add(declarations.find(rule.file(), rule.name())
                .map(at -> new PolicyProblem(rule.file(), OptionalInt.of(at.line()), OptionalInt.of(at.column()), message))
                .orElseGet(() -> new PolicyProblem(rule.file() == null ? "(rules)" : rule.file(), null, null, message)));
    }
}
