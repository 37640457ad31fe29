package org.deploypolicy.cli;

import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.deploypolicy.Approver;
import org.deploypolicy.Decision;
import org.deploypolicy.Finding;
import org.deploypolicy.Obligation;

/** A decision as a person reads it in a terminal: outcome first, then each finding, then what to do next. */
final class TextReport {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm xxx", Locale.ENGLISH);

    private TextReport() {
    }

    static String of(Decision decision) {
        StringBuilder text = new StringBuilder();
        String version = decision.policy().version();
        text.append(decision.outcome()).append("  ").append(decision.requestId())
                .append(", judged at ").append(WHEN.format(decision.evaluatedAt()))
                .append(" by policy ").append(decision.policy().name())
                .append(" (").append(version, 0, Math.min(version.length(), 19)).append(")\n");
        int width = decision.findings().stream().mapToInt(f -> f.rule().length()).max().orElse(0);
        if (!decision.findings().isEmpty()) {
            text.append('\n');
        }
        for (Finding f : decision.findings()) {
            text.append("  ").append(String.format("%-8s%-" + (width + 2) + "s", f.effect(), f.rule()));
            f.subject().ifPresent(s -> text.append('[').append(s).append("] "));
            text.append(f.message());
            f.waived().ifPresent(w -> text.append(" (waived by ").append(w.by()).append(": ").append(w.reason())
                    .append(')'));
            text.append('\n');
        }
        if (!decision.approvers().isEmpty()) {
            text.append("\nApprovers:\n");
            for (Approver a : decision.approvers()) {
                text.append("  ").append(a.anyOf().isEmpty() ? a.role() : String.join(" or ", a.anyOf())).append(": ")
                        .append(a.satisfiedBy().map(by -> "approved by " + by + (a.anyOf().isEmpty() ? "" : " as " + a.role()))
                                .orElse("not yet approved"))
                        .append(a.rejectedBy().map(by -> ", rejected by " + by).orElse("")).append('\n');
            }
        }
        text.append('\n').append(switch (decision.outcome()) {
            case REJECTED -> "Next: clear every BLOCK finding; no approval lifts one as the request stands.";
            case PENDING -> "Next: provide what each REQUIRE finding asks for, then evaluate again.";
            case APPROVED -> "Next: go ahead." + (decision.obligations().isEmpty() ? "" : " Afterwards:");
        }).append('\n');
        decision.nextAllowed().ifPresent(next -> {
            text.append("  The windows allow it from ").append(WHEN.format(next.at()));
            next.preferredAt().ifPresent(p -> text.append("; preferred from ").append(WHEN.format(p)));
            text.append(".\n");
        });
        for (Obligation o : decision.obligations()) {
            text.append("  - ").append(o.action());
            o.detail().ifPresent(d -> text.append(" (").append(d).append(')'));
            o.due().ifPresent(due -> text.append(", due ").append(WHEN.format(due)));
            text.append("  [").append(o.rule()).append("]\n");
        }
        return text.toString();
    }
}
