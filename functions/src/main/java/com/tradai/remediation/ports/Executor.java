package com.tradai.remediation.ports;

import com.tradai.remediation.core.Action;

/** Port: applies one kind of action to one AWS service. One executor per service. */
public interface Executor {
  boolean supports(Action action);

  /**
   * Re-reads the resource, applies the action only while it still holds what the action was planned
   * on (else throws {@link com.tradai.remediation.core.ChangedSince}, changing nothing), and
   * returns what the service says the value is now.
   */
  Applied apply(Action action);

  /**
   * @param pendingUntil when AWS accepted the change but applies it later (an RDS class change
   *     outside applyImmediately waits for the maintenance window): when, e.g. "the maintenance
   *     window sun:03:00-sun:03:30 UTC"; null when the change is in effect
   * @param created what the change created, which a rollback must find still in place: the task
   *     definition ARN an ECS memory fix registered, the Lambda version a fix published; null when
   *     it created nothing
   */
  record Applied(Action action, String detail, String pendingUntil, String created) {
    public Applied(Action action, String detail) {
      this(action, detail, null, null);
    }

    public Applied(Action action, String detail, String pendingUntil) {
      this(action, detail, pendingUntil, null);
    }
  }
}
