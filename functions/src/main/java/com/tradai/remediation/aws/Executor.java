package com.tradai.remediation.aws;

import com.tradai.remediation.core.Action;

/** Port: applies one kind of action to one AWS service. One executor per service. */
public interface Executor {
  boolean supports(Action action);

  /** Applies the action and returns what the service says the value is now. */
  Applied apply(Action action);

  /**
   * @param pendingUntil when AWS accepted the change but applies it later (an RDS class change
   *     outside applyImmediately waits for the maintenance window): when, e.g. "the maintenance
   *     window sun:03:00-sun:03:30 UTC"; null when the change is in effect
   */
  record Applied(Action action, String detail, String pendingUntil) {
    public Applied(Action action, String detail) {
      this(action, detail, null);
    }
  }
}
