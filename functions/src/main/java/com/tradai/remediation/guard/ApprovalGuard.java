package com.tradai.remediation.guard;

import com.tradai.remediation.core.Action;

/**
 * Minimal stand-in until the approval flow exists: an action whose kind the policy lists under
 * {@code "approval"} is planned but not applied (NEEDS_APPROVAL). It runs after the cap, so the
 * report shows the change that would wait for a person, and before dry-run, so prod says so even
 * in a dry run.
 */
public final class ApprovalGuard {
  private ApprovalGuard() {}

  public static Guard.Check approvalRequired(Action a, Policy policy, GuardContext c) {
    return policy.needsApproval(a.kind())
        ? Guard.Check.stop(a, Verdict.NEEDS_APPROVAL, "approval: " + a.kind() + " in "
            + c.environment() + " needs a person's approval; planned, not applied")
        : Guard.Check.pass(a, "approval: not required for " + a.kind());
  }
}
