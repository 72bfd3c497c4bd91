package com.tradai.remediation.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.config.PolicyLoader;
import com.tradai.remediation.handler.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pure: which overrides of the prod policy only tighten it, and which field a loosening one names.
 */
class PolicyTighteningTest {
  static final PolicyLoader LOADER = new PolicyLoader(Json.MAPPER);
  static final Policy PROD = LOADER.forEnvironment("prod");

  static java.util.List<String> loosened(String override) {
    return PolicyTightening.loosened(PROD, LOADER.withOverride("prod", override, "test"));
  }

  @ParameterizedTest(name = "{0} only tightens")
  @CsvSource(
      delimiter = '|',
      value = {
        "{}",
        "{\"dryRun\": true}",
        "{\"limits\": {\"ecs-scale\": {\"step\": 1, \"max\": 6}}}",
        "{\"guards\": {\"rateLimit\": {\"max\": 1, \"windowMinutes\": 120}}}",
        "{\"guards\": {\"circuitBreaker\": {\"maxFailures\": 1, \"maxActions\": 4, \"windowMinutes\": 120}}}",
        "{\"guards\": {\"cooldownMinutes\": {\"ecs-scale\": 30}}}",
        "{\"guards\": {\"approval\": {\"always\": [\"rds-instance-class\", \"ecs-scale\"]}}}",
        "{\"guards\": {\"approval\": {\"stepAbove\": {\"ecs-task-memory\": 512, \"lambda-provisioned-concurrency\": 5}}}}",
        "{\"ladders\": {\"rds-instance-class\": [\"db.t4g.medium\", \"db.t4g.large\"]}}",
        "{\"thresholds\": {\"loadSpikeFactor\": 3.0}}"
      })
  void tightening(String override) {
    assertThat(loosened(override)).isEmpty();
  }

  @ParameterizedTest(name = "{0} loosens {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"limits\": {\"ecs-scale\": {\"step\": 2, \"max\": 12}}}|limits.ecs-scale.step (1 → 2)",
        "{\"limits\": {\"ecs-scale\": {\"step\": 1, \"max\": 20}}}|limits.ecs-scale.max (12 → 20)",
        "{\"guards\": {\"rateLimit\": {\"max\": 100, \"windowMinutes\": 60}}}|guards.rateLimit.max (3 → 100)",
        "{\"guards\": {\"rateLimit\": {\"max\": 3, \"windowMinutes\": 10}}}|guards.rateLimit.windowMinutes (60 min → 10 min)",
        "{\"guards\": {\"circuitBreaker\": {\"maxFailures\": 2, \"maxActions\": 100, \"windowMinutes\": 60}}}|guards.circuitBreaker.maxActions (8 → 100)",
        "{\"guards\": {\"circuitBreaker\": {\"maxFailures\": 5, \"maxActions\": 8, \"windowMinutes\": 60}}}|guards.circuitBreaker.maxFailures (2 → 5)",
        "{\"guards\": {\"cooldownMinutes\": {\"ecs-scale\": 0}}}|guards.cooldownMinutes.ecs-scale (10 min → 0 min)",
        "{\"guards\": {\"approval\": {\"always\": []}}}|guards.approval.always (rds-instance-class removed)",
        "{\"guards\": {\"approval\": {\"stepAbove\": {\"ecs-task-memory\": 2048}}}}|guards.approval.stepAbove.ecs-task-memory (1024 → 2048)",
        "{\"guards\": {\"lockTtlSeconds\": 30}}|guards.lockTtlSeconds (5 min → 30 s)",
        "{\"guards\": {\"approvalExpiryMinutes\": 600}}|guards.approvalExpiryMinutes (30 → 600)",
        "{\"rds\": {\"applyImmediately\": true}}|rds.applyImmediately (false → true)",
        "{\"thresholds\": {\"rdsCpuPercent\": 50}}|thresholds.rdsCpuPercent (80.0 → 50.0)",
        "{\"ladders\": {\"lambda-memory\": [512, 1024, 1769, 3008, 4096]}}|ladders.lambda-memory ([512, 1024, 1769, 3008] → [512, 1024, 1769, 3008, 4096]; only top rungs may be removed)"
      })
  void loosening(String override, String field) {
    assertThat(loosened(override)).containsExactly(field);
  }

  @org.junit.jupiter.api.Test
  void dryRunOffLoosensADryRunFile() {
    Policy dry = PROD.withDryRun(true);
    assertThat(PolicyTightening.loosened(dry, PROD)).containsExactly("dryRun (true → false)");
    assertThat(PolicyTightening.refusal("ssm:/p", dry, PROD))
        .contains(
            "policy override ssm:/p refused: it loosens dryRun (true → false); the file policy stays in force");
  }
}
