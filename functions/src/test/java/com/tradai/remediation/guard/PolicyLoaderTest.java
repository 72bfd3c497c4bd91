package com.tradai.remediation.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
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
    assertThat(p.ecs().scaleStep()).isPositive();
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
    "\"scaleStep\": 1|policy test: ecs.scaleStep must be a whole number from 1 to 10, got 0|\"scaleStep\": 0",
    "\"maxDesiredCount\": 6|policy test: ecs.maxDesiredCount must be a whole number from 1 to 100, got \"6\"|\"maxDesiredCount\": \"6\"",
    "\"dryRun\": false|policy test: dryRun must be true or false|\"dryRun\": \"no\"",
    "\"loadSpikeFactor\": 2.0|policy test: thresholds.loadSpikeFactor must be a number from 1.1 to 100.0, got 1.0|\"loadSpikeFactor\": 1.0"
  })
  void aBadFieldIsNamed(String find, String message, String replace) throws Exception {
    String json = new String(PolicyLoader.class.getResourceAsStream("/policy/dev.json").readAllBytes())
        .replace(find, replace);
    assertThatThrownBy(() -> loader.parse(mapper.readTree(json), "test"))
        .isInstanceOf(PolicyLoader.InvalidPolicyException.class)
        .hasMessage(message);
  }
}
