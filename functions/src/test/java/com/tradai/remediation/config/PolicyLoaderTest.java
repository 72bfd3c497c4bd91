package com.tradai.remediation.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradai.remediation.guard.Policy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyLoaderTest {
  private final ObjectMapper mapper = new ObjectMapper();
  private final PolicyLoader loader = new PolicyLoader(mapper);

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void everyEnvironmentShipsAValidPolicy(String env) {
    Policy p = loader.forEnvironment(env);
    assertThat(p.environment()).isEqualTo(env);
    assertThat(p.dryRun()).isFalse();
    assertThat(p.limit("ecs-scale").step()).isPositive();
    assertThat(p.limit("rds-instance-class").max()).isEqualTo(p.rdsClassLadder().size() - 1);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"step\": 1, \"max\": 6|policy test: limits.ecs-scale.step must be a whole number from 1 to 100000, got 0|\"step\": 0, \"max\": 6",
        "\"step\": 1, \"max\": 6|policy test: limits.ecs-scale.max must be a whole number from 0 to 1000000, got \"6\"|\"step\": 1, \"max\": \"6\"",
        "\"ecs-scale\"|policy test: limits.ec2-scale is not an action kind; expected one of|\"ec2-scale\"",
        "[512, 1024, 1769, 3008]|policy test: ladders.lambda-memory must go up, but 1024 follows 1769|[512, 1769, 1024, 3008]",
        "\"dryRun\": false|policy test: dryRun must be true or false|\"dryRun\": \"no\"",
        "\"loadSpikeFactor\": 2.0|policy test: thresholds.loadSpikeFactor must be a number from 1.1 to 100.0, got 1.0|\"loadSpikeFactor\": 1.0",
        "\"delaySeconds\": 300|policy test: verification.delaySeconds must be a whole number from 0 to 900, got 901|\"delaySeconds\": 901",
        "\"maxChecks\": 2|policy test: verification.maxChecks must be a whole number from 1 to 5, got 0|\"maxChecks\": 0",
        "\"rollbackOnWorse\": true|policy test: verification.rollbackOnWorse must be true or false|\"rollbackOnWorse\": 1",
        "\"apiP99Ms\": 500|policy test: verification.checklist.apiP99Ms must be a number from 1.0 to 60000.0, got -5|\"apiP99Ms\": -5",
        "\"checklist\"|policy test: verification.checklist is missing or not an object|\"checklists\"",
        "\"verification\"|policy test: verification is missing or not an object|\"verify\""
      })
  void aBadFieldIsNamed(String find, String message, String replace) throws Exception {
    String json =
        new String(PolicyLoader.class.getResourceAsStream("/policy/dev.json").readAllBytes())
            .replace(find, replace);
    assertThatThrownBy(() -> loader.parse(mapper.readTree(json), "test"))
        .isInstanceOf(PolicyLoader.InvalidPolicyException.class)
        .hasMessageStartingWith(message);
  }
}
