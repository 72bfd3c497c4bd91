package com.tradai.remediation.core;

/**
 * Thrown by an executor that re-read its resource just before a change and found it no longer as
 * the plan (or the fix) left it: nothing was changed. The message is the sentence the report and
 * the escalation carry, e.g. "tradai-backend-prod now runs tradai-backend-prod:7 (image
 * tradai/backend:2), deployed after the fix; a person decides". See {@link Recheck}.
 */
public final class ChangedSince extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ChangedSince(String sentence) {
    super(sentence);
  }
}
