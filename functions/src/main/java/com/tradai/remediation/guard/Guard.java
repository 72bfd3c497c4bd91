package com.tradai.remediation.guard;

import com.tradai.remediation.core.Action;

/**
 * One check between a plan and the executors. Pure: it sees the action (possibly already clamped by
 * an earlier guard), the policy and the facts the shell gathered, and returns its word.
 */
public interface Guard {

  Check check(Action action, Policy policy, GuardContext context);

  /**
   * A guard's word: pass (maybe with a clamped action) or stop with a verdict. The note is shown in
   * the report under the guard's name; null when the guard has nothing to say.
   */
  record Check(Action action, Verdict stop, GuardNote note) {
    public static Check pass(Action action, GuardNote note) {
      return new Check(action, null, note);
    }

    public static Check stop(Action action, Verdict verdict, GuardNote note) {
      return new Check(action, verdict, note);
    }

    public boolean stops() {
      return stop != null;
    }
  }
}
