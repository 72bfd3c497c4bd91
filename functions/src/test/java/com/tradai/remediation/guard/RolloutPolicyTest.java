package com.tradai.remediation.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradai.remediation.config.PolicyLoader;
import com.tradai.remediation.runbook.Runbook;
import com.tradai.remediation.runbook.Runbooks;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The policy's modes and track-record bar: read, refused with the field named, only tightened. */
class RolloutPolicyTest {
  private static final PolicyLoader LOADER = new PolicyLoader(new ObjectMapper());
  private static final Policy PROD = LOADER.forEnvironment("prod");
  private static final Policy DEV = LOADER.forEnvironment("dev");

  @Test
  void theRunbooksAPolicyMayNameAreTheRunbooksThereAre() {
    assertThat(PolicyLoader.RUNBOOKS)
        .isEqualTo(new TreeSet<>(Runbooks.standard().all().stream().map(Runbook::id).toList()));
  }

  @Test
  void aRunbookNamedInModesOverridesTheDefault() {
    Policy p = LOADER.withOverride("prod", "{\"modes\": {\"api-latency\": \"shadow\"}}", "test");
    assertThat(p.rollout().modeOf("api-latency")).isEqualTo(Mode.SHADOW);
    Policy dev = LOADER.withOverride("dev", "{\"modes\": {\"api-latency\": \"approve\"}}", "test");
    assertThat(dev.rollout().modeOf("api-latency")).isEqualTo(Mode.APPROVE);
    assertThat(dev.rollout().modeOf("ecs-service")).isEqualTo(Mode.ACT);
  }

  @Test
  void aBadModeOrAnUnknownRunbookOrABadBarIsRefusedNamingTheField() {
    assertThatThrownBy(
            () -> LOADER.withOverride("dev", "{\"modes\": {\"default\": \"auto\"}}", "t"))
        .hasMessage(
            "policy /policy/dev.json + t: modes.default must be one of shadow | approve | act, got \"auto\"");
    assertThatThrownBy(
            () -> LOADER.withOverride("dev", "{\"modes\": {\"api-latencyy\": \"act\"}}", "t"))
        .hasMessageStartingWith(
            "policy /policy/dev.json + t: modes.api-latencyy names 'api-latencyy', which is not a runbook");
    assertThatThrownBy(
            () ->
                LOADER.withOverride(
                    "dev",
                    "{\"minTrackRecord\": {\"rate\": 80, \"minVerdicts\": 5, \"days\": 30}}",
                    "t"))
        .hasMessage(
            "policy /policy/dev.json + t: minTrackRecord.rate must be a number from 0.0 to 1.0, got 80");
    assertThatThrownBy(
            () ->
                LOADER.withOverride(
                    "dev",
                    "{\"minTrackRecord\": {\"rate\": 0.8, \"minVerdicts\": 5, \"days\": 91}}",
                    "t"))
        .hasMessage(
            "policy /policy/dev.json + t: minTrackRecord.days must be a whole number from 1 to 90, got 91");
  }

  @Test
  void theOverrideMayMoveModesTowardsShadowAndRaiseTheBarButNotTheOtherWay() {
    assertThat(
            PolicyTightening.loosened(
                DEV,
                LOADER.withOverride(
                    "dev",
                    "{\"modes\": {\"default\": \"approve\", \"api-latency\": \"shadow\"}, "
                        + "\"minTrackRecord\": {\"rate\": 0.9, \"minVerdicts\": 3, \"days\": 30}}",
                    "t")))
        .isEmpty();
    assertThat(
            PolicyTightening.loosened(
                PROD,
                LOADER.withOverride(
                    "prod",
                    "{\"modes\": {\"default\": \"act\", \"backtest\": \"approve\"}, "
                        + "\"minTrackRecord\": {\"rate\": 0.5, \"minVerdicts\": 10, \"days\": 7}}",
                    "t")))
        .containsExactly(
            "modes.default (shadow → act)",
            "modes.backtest (shadow → approve)",
            "minTrackRecord.rate (0.8 → 0.5)",
            "minTrackRecord.minVerdicts (5 → 10)",
            "minTrackRecord.days (30 → 7; it may not change)");
  }
}
