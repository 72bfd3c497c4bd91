package com.tradai.remediation.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradai.remediation.config.PolicyLoader;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The guards section of the policy files, and the run-time override merged over them. */
class PolicyOverrideTest {
  private final ObjectMapper mapper = new ObjectMapper();
  private final PolicyLoader loader = new PolicyLoader(mapper);

  @Test
  void shippedDefaults() {
    Policy dev = loader.forEnvironment("dev");
    assertThat(dev.guards().approval().always()).isEmpty();
    assertThat(dev.guards().approval().stepAbove()).isEmpty();
    assertThat(dev.guards().cooldown("ecs-scale")).isEqualTo(Duration.ofMinutes(5));
    Policy prod = loader.forEnvironment("prod");
    assertThat(prod.guards().approval().always()).containsExactly("rds-instance-class");
    assertThat(prod.guards().approval().stepAbove())
        .isEqualTo(Map.of("ecs-task-memory", 1024L, "lambda-provisioned-concurrency", 5L));
    assertThat(prod.guards().rateLimit()).isEqualTo(new Policy.Window(3, Duration.ofMinutes(60)));
    assertThat(prod.guards().breaker()).isEqualTo(new Policy.Breaker(2, 8, Duration.ofMinutes(60)));
    assertThat(prod.guards().lockTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(prod.guards().approvalExpiry()).isEqualTo(Duration.ofMinutes(30));
    assertThat(loader.forEnvironment("staging").guards().approval().always())
        .isEqualTo(Set.of("rds-instance-class"));
  }

  @Test
  void anOverrideMergesFieldByFieldOverTheFile() {
    Policy p =
        loader.withOverride(
            "dev",
            """
        {"dryRun": true, "limits": {"ecs-scale": {"max": 3}},
         "guards": {"approval": {"always": ["ecs-scale"]}, "cooldownMinutes": {"ecs-scale": 0}}}""",
            "ssm:/p");
    assertThat(p.dryRun()).isTrue();
    assertThat(p.limit("ecs-scale")).isEqualTo(new Policy.Limits(1, 3));
    assertThat(p.limit("ecs-task-memory").max()).isEqualTo(8192);
    assertThat(p.guards().approval().always()).containsExactly("ecs-scale");
    assertThat(p.guards().cooldown("ecs-scale")).isEqualTo(Duration.ZERO);
    assertThat(p.guards().cooldown("ecs-task-memory")).isEqualTo(Duration.ofMinutes(15));
    assertThat(p.guards().rateLimit().max()).isEqualTo(6);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"guards\": {\"rateLimit\": {\"max\": 0}}}|policy /policy/dev.json + ssm:/p: guards.rateLimit.max must be a whole number from 1 to 1000, got 0",
        "{\"guards\": {\"cooldownMinutes\": {\"ec2-scale\": 5}}}|policy /policy/dev.json + ssm:/p: guards.cooldownMinutes.ec2-scale names 'ec2-scale', which is not an action kind",
        "{\"guards\": {\"approval\": {\"always\": \"rds-instance-class\"}}}|policy /policy/dev.json + ssm:/p: guards.approval.always must be a list of action kinds",
        "{\"guards\": {\"approval\": {\"stepAbove\": {\"ecs-task-memory\": -1}}}}|policy /policy/dev.json + ssm:/p: guards.approval.stepAbove.ecs-task-memory must be a whole number from 0",
        "{\"guards\": {\"lockTtlSeconds\": 5}}|policy /policy/dev.json + ssm:/p: guards.lockTtlSeconds must be a whole number from 30 to 3600, got 5",
        "{\"guards\": {\"circuitBreaker\": null}}|policy /policy/dev.json + ssm:/p: guards.circuitBreaker is missing or not an object",
        "{\"environment\": \"prod\"}|policy /policy/dev.json + ssm:/p: environment must stay 'dev', got 'prod'",
        "[1, 2]|policy /policy/dev.json + ssm:/p: the override must be a JSON object",
        "{\"guards\": |policy /policy/dev.json + ssm:/p: the override is not JSON"
      })
  void aBadOverrideIsRefusedWholeNamingTheField(String override, String message) {
    assertThatThrownBy(() -> loader.withOverride("dev", override, "ssm:/p"))
        .isInstanceOf(PolicyLoader.InvalidPolicyException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void aPolicyWithoutGuardsIsRefused() throws Exception {
    var doc = (com.fasterxml.jackson.databind.node.ObjectNode) loader.document("dev");
    doc.remove("guards");
    assertThatThrownBy(() -> loader.parse(doc, "test"))
        .hasMessage("policy test: guards is missing or not an object");
  }
}
