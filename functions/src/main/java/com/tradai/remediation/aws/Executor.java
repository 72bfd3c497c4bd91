package com.tradai.remediation.aws;

import com.tradai.remediation.core.Action;

/** Port: applies one kind of action to one AWS service. One executor per service. */
public interface Executor {
  boolean supports(Action action);

  /** Applies the action and returns what the service says the value is now. */
  Applied apply(Action action);

  record Applied(Action action, String detail) {}
}
