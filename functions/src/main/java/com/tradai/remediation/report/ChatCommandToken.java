package com.tradai.remediation.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a chat button puts on the operator command queue: {@code approve:PLAN}, {@code reject:PLAN},
 * {@code rollback:AUDIT}, {@code reset-breaker} or {@code kill-switch:on}. One word without quotes,
 * so it survives Chatbot's command line whole; {@link #command} turns it into the operator
 * function's own command JSON. Pure. Only engaging the kill switch is offered: switching it off
 * loosens, and stays with {@code ./run ops kill-switch off}.
 *
 * @param verb the operator command's name
 * @param id the plan id (approve, reject) or audit id (rollback); null for the others
 */
public record ChatCommandToken(String verb, String id) {
  public static final String APPROVE = "approve";
  public static final String REJECT = "reject";
  public static final String ROLLBACK = "rollback";
  public static final String RESET_BREAKER = "reset-breaker";
  public static final String KILL_SWITCH = "kill-switch";
  public static final Pattern PLAN_ID = Pattern.compile("^p-\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{8}$");
  public static final Pattern AUDIT_ID = Pattern.compile("^\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{8}$");
  private static final int MAX_LENGTH = 64;

  /** The token, or empty when the body is not one of the five shapes (nothing is run then). */
  public static Optional<ChatCommandToken> parse(String body) {
    if (body == null || body.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    String[] parts = body.strip().split(":", -1);
    String verb = parts[0];
    String id = parts.length == 2 ? parts[1] : null;
    boolean ok =
        switch (verb) {
          case APPROVE, REJECT -> id != null && PLAN_ID.matcher(id).matches();
          case ROLLBACK -> id != null && AUDIT_ID.matcher(id).matches();
          case RESET_BREAKER -> parts.length == 1;
          case KILL_SWITCH -> "on".equals(id);
          default -> false;
        };
    return ok
        ? Optional.of(new ChatCommandToken(verb, KILL_SWITCH.equals(verb) ? null : id))
        : Optional.empty();
  }

  /** The operator function's command: {"command":verb, "planId"|"auditId":id, "by":by}. */
  public ObjectNode command(String by) {
    ObjectNode c = JsonNodeFactory.instance.objectNode();
    c.put("command", verb);
    switch (verb) {
      case APPROVE, REJECT -> c.put("planId", id);
      case ROLLBACK -> c.put("auditId", id);
      case KILL_SWITCH -> c.put("state", "on");
      default -> {}
    }
    c.put("by", by);
    return c;
  }

  /** What the tokens look like, for a rejection's message. */
  public static String usage() {
    return "approve:PLAN_ID | reject:PLAN_ID | rollback:AUDIT_ID | reset-breaker | kill-switch:on";
  }
}
