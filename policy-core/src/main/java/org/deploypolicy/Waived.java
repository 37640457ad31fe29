package org.deploypolicy;

/**
 * Who lifted a finding, and why.
 *
 * @param by     who granted the waiver
 * @param reason the reason they gave
 */
public record Waived(String by, String reason) {
}
