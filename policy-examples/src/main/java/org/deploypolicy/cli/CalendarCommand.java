package org.deploypolicy.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

import org.deploypolicy.DeployCalendar;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.PolicyException;
import org.deploypolicy.PolicyJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code deploy-policy calendar}: when the policy lets production deploys through, day by day, as its window rules
 * decide it for probe requests: as text, JSON or an iCalendar feed to subscribe to.
 */
@Command(name = "calendar", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = Exit.USAGE,
        description = "Prints when the policy lets production deploys through, for each local day: all changes, "
                + "critical only, emergencies only or closed, the freezes in force and the preferred hours, as the "
                + "window rules decide it for probe requests (a normal-path production deploy with no severity, "
                + "then with each critical and each emergency severity). Exit 0, 3 when the policy does not build, "
                + "4 when a window rule fails on a probe.")
final class CalendarCommand implements Callable<Integer> {
    /** How many days without --days: two weeks. */
    static final int DEFAULT_DAYS = 14;

    @Spec
    private CommandSpec spec;

    @Mixin
    private PolicyOption policy;

    @Option(names = "--from", paramLabel = "DATE",
            description = "The first day (like 2026-12-24), local to the policy's zone. Default: today there.")
    private String from;

    @Option(names = "--days", paramLabel = "N", defaultValue = "" + DEFAULT_DAYS,
            description = "How many days, from 1 to 366. Default: ${DEFAULT-VALUE}.")
    private int days;

    @Option(names = "--format", paramLabel = "text|json|ics", defaultValue = "text",
            description = "text (a line for each period of each day), json, or ics (an iCalendar feed, RFC 5545).")
    private String format;

    @Override
    public Integer call() {
        OptionChecks.oneOf(spec, "--format", format, "text", "json", "ics");
        if (days < 1 || days > DeployCalendar.MAX_DAYS) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--days': must be from 1 to 366; was " + days);
        }
        LocalDate first = null;
        if (from != null) {
            try {
                first = LocalDate.parse(from);
            } catch (DateTimeParseException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "Invalid value for option '--from': must be a date like 2026-12-24; was '" + from + "'");
            }
        }
        if (first != null && !DeployCalendar.fits(first, days)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--from': must be "
                    + "a date in the years 0001 to 9999, the last day of the calendar by 9999-12-30; was '" + from + "'");
        }
        try {
            DeploymentPolicy built = policy.build();
            DeployCalendar calendar = built.calendar(first != null ? first : LocalDate.now(built.settings().zone()), days);
            PrintWriter out = spec.commandLine().getOut();
            out.print(switch (format) {
                case "json" -> PolicyJson.toJson(calendar) + System.lineSeparator();
                case "ics" -> calendar.toICalendar();
                default -> calendar.toText();
            });
            out.flush();
            return Exit.OK;
        } catch (PolicyException e) {
            return Exit.report(spec, e);
        }
    }
}
