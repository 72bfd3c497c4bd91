package com.tradai.remediation.guard;

public enum Verdict {
  /** Executors may apply it. */
  ALLOWED,
  /** A guard refused it; the reason says which and why. */
  BLOCKED,
  /** Risky: waits for a person. */
  NEEDS_APPROVAL,
  /** Would have been allowed; dry-run changes nothing. */
  DRY_RUN,
  /** Would have been allowed; the runbook runs in shadow mode, so nothing is changed. */
  SHADOW,
  /** Advice only; nothing to apply. */
  ADVICE
}
