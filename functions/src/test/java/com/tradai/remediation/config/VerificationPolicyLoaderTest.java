package com.tradai.remediation.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The verification section each environment ships (bad fields: PolicyLoaderTest). */
class VerificationPolicyLoaderTest {
  private final PolicyLoader loader = new PolicyLoader(new ObjectMapper());

  @ParameterizedTest
  @CsvSource({"dev,true", "staging,true", "prod,false"})
  void everyEnvironmentShipsAVerificationSection(String env, boolean rollbackOnWorse) {
    assertThat(loader.verificationFor(env))
        .isEqualTo(new VerificationPolicy(300, 2, 5, 10, rollbackOnWorse, 500, 70, 50));
  }
}
