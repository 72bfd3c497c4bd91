package com.tradai.remediation.core;

import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The time an invocation has left (Lambda's {@code Context.getRemainingTimeInMillis()}), and the
 * two decisions it drives: skip optional evidence when time is short, and never start an action
 * that may not finish. The minimums are a constant table (docs/guardrails.md, "Time budget").
 */
public record TimeBudget(LongSupplier remainingMillis) {
  public static final TimeBudget UNLIMITED = new TimeBudget(() -> Long.MAX_VALUE);

  /**
   * Below this, optional evidence (log searches, HTTP pings, REPORT lines, stopped tasks) is
   * skipped.
   */
  public static final long OPTIONAL_EVIDENCE_MILLIS = 10_000;

  /**
   * The least time, per action kind, to apply and audit an action and release its lock: the SDK's
   * bounded retries included, and for Lambda the wait for LastUpdateStatus.
   */
  public static final Map<String, Long> MINIMUM_MILLIS =
      Map.of(
          "ecs-scale", 5_000L,
          "ecs-task-memory", 10_000L,
          "lambda-memory", 20_000L,
          "lambda-timeout", 20_000L,
          "lambda-provisioned-concurrency", 10_000L,
          "rds-instance-class", 10_000L,
          "dynamodb-capacity", 10_000L);

  public static final long DEFAULT_MINIMUM_MILLIS = 15_000;

  /** Evidence that only sharpens a diagnosis; the metrics and the resources a fix needs are not. */
  public static boolean optional(ResourceRef ref) {
    return ref instanceof ResourceRef.LogCounts
        || ref instanceof ResourceRef.HttpProbes
        || ref instanceof ResourceRef.LambdaInvocations
        || ref instanceof ResourceRef.EcsStoppedTasks;
  }

  public long remaining() {
    return remainingMillis.getAsLong();
  }

  public boolean allowsOptionalEvidence() {
    return remaining() >= OPTIONAL_EVIDENCE_MILLIS;
  }

  public static long minimumFor(Action a) {
    return MINIMUM_MILLIS.getOrDefault(a.kind(), DEFAULT_MINIMUM_MILLIS);
  }

  /**
   * Empty when the action may start; else why not, e.g. "1200 ms left, ecs-scale needs 5000 ms".
   */
  public java.util.Optional<String> refuses(Action a) {
    long left = remaining();
    long needs = minimumFor(a);
    return left >= needs
        ? java.util.Optional.empty()
        : java.util.Optional.of(left + " ms left, " + a.kind() + " needs " + needs + " ms");
  }
}
