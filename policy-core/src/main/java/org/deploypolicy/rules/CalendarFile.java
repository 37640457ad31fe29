package org.deploypolicy.rules;

/**
 * A calendar of freezes from the settings ({@code windows.calendars}): an iCalendar file (RFC 5545) in the policy
 * directory whose every event is a freeze named by its {@code SUMMARY}. Rules see each occurrence that matters to a
 * request as a {@link Freeze} fact of that name and this reason.
 *
 * @param file   the file's path in the policy directory ({@code holidays.ics})
 * @param reason why its events are freezes ({@code public holiday})
 */
public record CalendarFile(String file, String reason) {
}
