package com.tradai.remediation.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The buttons a report asks a person to press in chat, as what each one sends. AWS Chatbot custom
 * actions take their values from the notification ({@code metadata.additionalContext}), so the
 * report carries, per button, the token the button puts on the operator command queue, and the
 * queue's URL: a custom action's command text may hold only 100 characters, too few for a queue
 * URL. A key is present only when its button applies: Chatbot shows a button only when its variable
 * has a value. Pure.
 *
 * <p>A token is {@code verb[:id]}: no spaces or quotes, so Chatbot passes it to the CLI as one word
 * ({@link ChatCommandToken} reads it back). Only a report that goes to the escalation topic
 * (someone must decide) gets buttons, and only when the stack has a command queue (a Slack channel
 * with operator roles); otherwise the report is exactly what it was.
 */
public final class ChatButtons {
  /** The queue URL the buttons send to. */
  public static final String QUEUE = "commandQueue";

  public static final String APPROVE = "approve";
  public static final String REJECT = "reject";
  public static final String ROLLBACK = "rollback";
  public static final String RESET_BREAKER = "resetBreaker";
  public static final String KILL_SWITCH = "killSwitch";

  private ChatButtons() {}

  /**
   * additionalContext entries for this report: the queue, then one token per button that applies;
   * empty without a queue or when nobody needs to decide anything.
   */
  public static Map<String, String> of(Report r, Optional<String> commandQueueUrl) {
    Map<String, String> out = new LinkedHashMap<>();
    if (commandQueueUrl.isEmpty() || !Escalation.needed(r)) {
      return out;
    }
    out.put(QUEUE, commandQueueUrl.get());
    // a custom action's variables are fixed paths: one approve button per report, for its first
    // plan; a second plan keeps its typed commands in the description
    Approval.of(r).stream()
        .filter(a -> a.planId() != null)
        .findFirst()
        .ifPresent(
            a -> {
              out.put(APPROVE, ChatCommandToken.APPROVE + ":" + a.planId());
              out.put(REJECT, ChatCommandToken.REJECT + ":" + a.planId());
            });
    rollbackTarget(r)
        .ifPresent(audit -> out.put(ROLLBACK, ChatCommandToken.ROLLBACK + ":" + audit));
    if (Escalation.breakerOpen(r)) {
      out.put(RESET_BREAKER, ChatCommandToken.RESET_BREAKER);
    }
    out.put(KILL_SWITCH, ChatCommandToken.KILL_SWITCH + ":on");
    return out;
  }

  /** A NOT_RECOVERED fix that is still in place: its audit id; none once it was rolled back. */
  static Optional<String> rollbackTarget(Report r) {
    if (r.outcome() != Outcome.NOT_RECOVERED
        || r.verification() == null
        || r.changes().stream().anyMatch(c -> c.status() == ChangeStatus.ROLLED_BACK)) {
      return Optional.empty();
    }
    return r.verification().fix().stream()
        .map(Report.ChangeView::auditId)
        .filter(id -> id != null && ChatCommandToken.AUDIT_ID.matcher(id).matches())
        .findFirst();
  }
}
