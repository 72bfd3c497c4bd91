package com.tradai.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-environment config: defaults merged with the environment's file, and the names. */
class EnvConfigTest {

  private static final Path CONFIG = InfraApp.infraDir().resolve("config");

  @Test
  void environmentFileOverridesDefaultsKeyByKey() {
    EnvConfig prod = EnvConfig.load(CONFIG, "prod");
    assertThat(prod.functions().remediation().reservedConcurrency()).isEqualTo(5);
    assertThat(prod.functions().remediation().memoryMb()).isEqualTo(1024); // from defaults
    assertThat(prod.dryRun()).isNull(); // DRY_RUN then follows the policy file
  }

  @Test
  void namesFollowThePlatformConvention() {
    EnvConfig dev = EnvConfig.load(CONFIG, "dev");
    assertThat(dev.stackName()).isEqualTo("tradai-remediation-dev");
    assertThat(dev.alarmName("api-latency-high")).isEqualTo("tradai-dev-api-latency-high");
    assertThat(dev.ecsServiceNames())
        .containsExactly(
            "tradai-backend-dev", "tradai-strategy-service-dev", "tradai-data-collection-dev");
    assertThat(dev.dynamodbTableNames()).containsExactly("tradai-dev-workflow-state");
    assertThat(dev.clusterName()).isEqualTo("tradai-dev");
    assertThat(dev.parameterName("kill-switch")).isEqualTo("/tradai/dev/remediation/kill-switch");
    assertThat(dev.account()).isNull(); // synth needs no account; deploy takes the CLI's
  }

  @Test
  void everyEnvironmentLoads() {
    assertThat(EnvConfig.loadAll(CONFIG)).containsOnlyKeys("dev", "staging", "prod");
  }

  @Test
  void projectPrefixIsConfiguration(@TempDir Path dir) throws Exception {
    Files.copy(CONFIG.resolve("defaults.json"), dir.resolve("defaults.json"));
    Files.writeString(
        dir.resolve("dev.json"),
        """
        {"env": "dev", "project": "acme",
         "targets": {"albLoadBalancer": "app/acme-dev/1", "albBackendTargetGroup": "targetgroup/acme-backend-dev/1"}}
        """);
    EnvConfig acme = EnvConfig.load(dir, "dev");
    assertThat(acme.stackName()).isEqualTo("acme-remediation-dev");
    assertThat(acme.alarmName("rds-cpu-high")).isEqualTo("acme-dev-rds-cpu-high");
  }

  @Test
  void fileMustNameItsEnvironmentAndUnknownKeysFail(@TempDir Path dir) throws Exception {
    Files.copy(CONFIG.resolve("defaults.json"), dir.resolve("defaults.json"));
    Files.writeString(dir.resolve("staging.json"), "{\"env\": \"prod\"}");
    assertThatThrownBy(() -> EnvConfig.load(dir, "staging")).hasMessageContaining("\"env\"");
    Files.writeString(dir.resolve("dev.json"), "{\"env\": \"dev\", \"tresholds\": {}}");
    assertThatThrownBy(() -> EnvConfig.load(dir, "dev")).hasMessageContaining("invalid config");
  }
}
