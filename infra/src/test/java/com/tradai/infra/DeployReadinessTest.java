package com.tradai.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;

/** Synth refuses what must not be deployed, naming each key. No synth runs here: it fails first. */
class DeployReadinessTest {
  private static final Path CONFIG = Synth.INFRA_DIR.resolve("config");

  @TempDir Path overlay;

  private static EnvConfig committed(String env) {
    return EnvConfig.load(CONFIG, env);
  }

  private EnvConfig deployable(String env, String change) throws IOException {
    String json = Files.readString(Synth.DEPLOYABLE_CONFIG.resolve(env + ".json"));
    Files.writeString(overlay.resolve(env + ".json"), change == null ? json : change);
    return EnvConfig.load(CONFIG, env, overlay);
  }

  @Test
  void theCommittedProdAndStagingConfigsRefuseToSynthesizeNamingEachKey() {
    for (String env : List.of("staging", "prod")) {
      assertThat(DeployReadiness.problems(committed(env)))
          .anySatisfy(
              p ->
                  assertThat(p)
                      .startsWith(
                          "targets.albLoadBalancer: \"app/tradai-"
                              + env
                              + "/0123456789abcdef\" holds a placeholder id"))
          .anySatisfy(p -> assertThat(p).startsWith("targets.albBackendTargetGroup:"))
          .anySatisfy(p -> assertThat(p).startsWith("account: required in " + env))
          .anySatisfy(
              p -> assertThat(p).startsWith("notifications: nobody is subscribed in " + env))
          .anySatisfy(p -> assertThat(p).startsWith("operators.roleArns: must name at least one"))
          .anySatisfy(p -> assertThat(p).startsWith("targets.ecsTasks.roles: required in " + env))
          .hasSize(6);
      assertThatThrownBy(() -> InfraApp.build(new App(), Synth.INFRA_DIR, List.of(env)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("config/" + env + ".json is not ready to deploy:")
          .hasMessageContaining("targets.albLoadBalancer");
    }
  }

  @Test
  void devAsCommittedAndTheDeployableConfigsPass() throws IOException {
    assertThat(DeployReadiness.problems(committed("dev"))).isEmpty();
    assertThat(DeployReadiness.problems(deployable("prod", null))).isEmpty();
    assertThat(DeployReadiness.problems(deployable("staging", null))).isEmpty();
  }

  @Test
  void aProdConfigWithAPlaceholderIdIsRefusedNamingTheKey() throws IOException {
    EnvConfig prod =
        deployable(
            "prod",
            """
        {"account": "210987654322",
         "operators": {"roleArns": ["arn:aws:iam::210987654322:role/oncall"]},
         "targets": {"ecsTasks": {"roles": ["tradai-backend-prod-task"]},
                     "albLoadBalancer": "app/tradai-prod/0000000000000000",
                     "albBackendTargetGroup": "targetgroup/tradai-backend-prod/<id>"},
         "notifications": {"emails": ["oncall@tradai.test"]}}""");
    assertThat(DeployReadiness.problems(prod))
        .containsExactly(
            "targets.albLoadBalancer: \"app/tradai-prod/0000000000000000\" holds a placeholder id; put"
                + " the real one (aws elbv2 describe-load-balancers --names tradai-prod)",
            "targets.albBackendTargetGroup: \"targetgroup/tradai-backend-prod/<id>\" is not"
                + " targetgroup/tradai-backend-prod/<16 hex digits> (aws elbv2 describe-target-groups"
                + " --names tradai-backend-prod)");
  }

  @Test
  void aProdConfigWithNoSubscriberOrAnExampleAccountIsRefused() throws IOException {
    EnvConfig prod =
        deployable(
            "prod",
            """
        {"account": "123456789012",
         "operators": {"roleArns": ["arn:aws:iam::210987654322:role/oncall"]},
         "targets": {"ecsTasks": {"roles": ["tradai-backend-prod-task"]},
                     "albLoadBalancer": "app/tradai-prod/9d2b6e4a1c7f3058",
                     "albBackendTargetGroup": "targetgroup/tradai-backend-prod/5a1f8c3e7b2d6094"},
         "notifications": {"emails": ["not-an-address"]}}""");
    assertThat(DeployReadiness.problems(prod))
        .containsExactly(
            "notifications.emails: \"not-an-address\" is not an email address",
            "account: \"123456789012\" is not a real 12-digit account id");
    EnvConfig nobody =
        deployable(
            "prod",
            """
        {"account": "210987654322",
         "operators": {"roleArns": ["arn:aws:iam::210987654322:role/oncall"]},
         "targets": {"ecsTasks": {"roles": ["tradai-backend-prod-task"]},
                     "albLoadBalancer": "app/tradai-prod/9d2b6e4a1c7f3058",
                     "albBackendTargetGroup": "targetgroup/tradai-backend-prod/5a1f8c3e7b2d6094"}}""");
    assertThatThrownBy(() -> DeployReadiness.check(nobody))
        .hasMessage(
            "config/prod.json is not ready to deploy:\n  - notifications: nobody is subscribed"
                + " in prod; add notifications.emails and/or notifications.slack {workspaceId, channelId}");
  }

  @Test
  void inStagingAndProdPassRoleNeedsExactTaskRolesAndAWildcardIsRefusedNamingTheKey()
      throws IOException {
    for (String env : List.of("staging", "prod")) {
      String json =
          Files.readString(Synth.DEPLOYABLE_CONFIG.resolve(env + ".json"))
              .replaceFirst(
                  "\"tradai-backend-" + env + "-task\"", "\"tradai-backend-" + env + "-*\"");
      assertThat(DeployReadiness.problems(deployable(env, json)))
          .containsExactly(
              "targets.ecsTasks.roles: \"tradai-backend-"
                  + env
                  + "-*\" is not one exact role; in "
                  + env
                  + " iam:PassRole names each role, without wildcards");
    }
    // dev may keep the service-prefix pattern (tradai-{service}-dev-*) while the key is unset
    assertThat(committed("dev").targets().ecsTasks()).isNull();
    assertThat(committed("dev").ecsTaskRoleArns()).allMatch(arn -> arn.endsWith("-dev-*"));
    assertThat(DeployReadiness.problems(committed("dev"))).isEmpty();
  }

  @Test
  void everyOutcomeAConfigFiltersOnIsOneTheFunctionsPublish() {
    java.util.Set<String> published =
        new java.util.TreeSet<>(
            java.util.Arrays.stream(com.tradai.remediation.report.Outcome.values())
                .map(Enum::name)
                .toList());
    for (String env : EnvConfig.ENVIRONMENTS) {
      List<String> outcomes = committed(env).notifications().resultOutcomes();
      if (outcomes != null) {
        assertThat(published).as(env).containsAll(outcomes);
      }
    }
    assertThat(committed("prod").notifications().resultOutcomes())
        // SHADOW: prod starts every runbook in shadow, and its proposals are what people judge
        .contains("NEEDS_APPROVAL", "FAILED", "NOT_RECOVERED", "REMEDIATED", "BLOCKED", "SHADOW")
        .doesNotContain("RECORDED_OK", "INSUFFICIENT_DATA", "NO_CAUSE");
  }
}
