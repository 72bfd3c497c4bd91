package com.tradai.remediation.report;

/**
 * What a run came to. The last three end a verification; the others end a remediation or a command.
 */
public enum Outcome {
  REMEDIATED,
  DRY_RUN,
  /**
   * The runbook runs in shadow mode: the report says what it would have changed; nothing was
   * changed, and a check still records whether the alarm cleared without the fix.
   */
  SHADOW,
  BLOCKED,
  /** Nothing applied: a guard holds at least one action for a person to approve or reject. */
  NEEDS_APPROVAL,
  ADVICE_ONLY,
  NO_CAUSE,
  FAILED,
  RECORDED_OK,
  INSUFFICIENT_DATA,
  REJECTED,
  /** The alarm's state change is older than ALARM_MAX_AGE_MINUTES: answered, nothing done. */
  STALE,
  /**
   * AWS accepted every change but applies it later (an RDS class change waits for the maintenance
   * window): nothing serves it yet, so it is not REMEDIATED and its verification waits too.
   */
  PENDING,
  /**
   * A change applied later than its reading (an approval, a rollback, a manual command) found the
   * resource changed since: someone scaled, deployed or published after the plan or the fix.
   * Nothing was changed; the report names what changed and goes to a person. The change's status
   * and its audit record's status carry the same name.
   */
  REFUSED,
  /** Verification: the alarm's metric and every checklist item are healthy again. */
  RECOVERED,
  /** Verification: not healthy yet, but moving the right way; checked once more. */
  IMPROVING,
  /** Verification: not healthy after the fix; escalated, maybe rolled back. */
  NOT_RECOVERED
}
