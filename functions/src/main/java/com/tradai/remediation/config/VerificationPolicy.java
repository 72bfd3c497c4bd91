package com.tradai.remediation.config;

/**
 * The {@code verification} section of an environment's policy: when to check a fix, how often, what
 * counts as better or worse, whether a fix that made things worse is rolled back, and the on-call
 * runbook's checklist limits.
 *
 * @param delaySeconds wait after a fix before the first check (an SQS delay: at most 900 s)
 * @param maxChecks checks in all, the first included; an improving fix is re-checked until then
 * @param windowMinutes the window judged, before the fix and at the check
 * @param improvementPercent how far the alarm's metric must move to count as better (or worse)
 * @param rollbackOnWorse roll the fix back when it is not recovered and the metric got worse
 */
public record VerificationPolicy(
    int delaySeconds,
    int maxChecks,
    int windowMinutes,
    double improvementPercent,
    boolean rollbackOnWorse,
    double apiP99Ms,
    double ecsUtilizationPercent,
    double dbConnectionsGrowthPercent) {}
