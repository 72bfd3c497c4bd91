package com.tradai.remediation.ledger;

import com.tradai.remediation.core.Action;
import java.time.Instant;
import java.util.List;

/**
 * A plan waiting for a person: the actions a guard held for approval, until {@code expiresAt}.
 * {@code status} moves once, from PENDING to APPROVED, REJECTED or EXPIRED.
 */
public record PendingApproval(
    String planId,
    String environment,
    Instant createdAt,
    Instant expiresAt,
    String status,
    String alarmKey,
    String alarmName,
    String runbook,
    List<Action> actions,
    String decidedBy) {

  public static final String PENDING = "PENDING";
  public static final String APPROVED = "APPROVED";
  public static final String REJECTED = "REJECTED";
  public static final String EXPIRED = "EXPIRED";

  public PendingApproval {
    actions = List.copyOf(actions);
  }
}
