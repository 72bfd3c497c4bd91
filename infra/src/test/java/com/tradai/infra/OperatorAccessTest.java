package com.tradai.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator function's invoke permission is held by the configured operator roles and nobody
 * else; staging and prod must name them; the stack's outputs give the ops CLI its names.
 */
class OperatorAccessTest {
  private static final Synth SYNTH = Synth.get();
  private static final Path CONFIG = InfraApp.infraDir().resolve("config");

  /** Every Lambda permission in the template whose function is the given alias. */
  private static List<JsonNode> permissionsOn(String env, String alias) {
    List<JsonNode> out = new ArrayList<>();
    SYNTH
        .json(env)
        .path("Resources")
        .forEach(
            r -> {
              if (r.path("Type").asText().equals("AWS::Lambda::Permission")
                  && r.at("/Properties/FunctionName/Ref").asText().equals(alias)) {
                out.add(r.path("Properties"));
              }
            });
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void onlyTheConfiguredOperatorRolesMayInvokeTheOperatorAlias(String env) {
    List<String> operators = SYNTH.config(env).operators().roleArns();
    List<JsonNode> grants = permissionsOn(env, "OperatorFunctionAlias");
    assertThat(grants)
        .extracting(g -> g.path("Principal").asText())
        .containsExactlyInAnyOrderElementsOf(operators);
    assertThat(grants)
        .allSatisfy(g -> assertThat(g.path("Action").asText()).isEqualTo("lambda:InvokeFunction"));
    // nothing else reaches the operator function: no topic, rule, schedule or queue targets it
    String template = SYNTH.json(env).toString();
    assertThat(permissionsOn(env, "OperatorFunction")).isEmpty();
    assertThat(template)
        .doesNotContain("\"Endpoint\":{\"Ref\":\"OperatorFunctionAlias\"}")
        .doesNotContain("\"Arn\":{\"Ref\":\"OperatorFunctionAlias\"}");
    if (!env.equals("dev")) {
      assertThat(operators).isNotEmpty();
    }
  }

  @Test
  void theOutputsNameWhatTheOpsCliNeeds() {
    JsonNode outputs = SYNTH.json("prod").path("Outputs");
    assertThat(outputs.at("/OperatorFunctionArn/Value"))
        .isEqualTo(Synth.JSON.valueToTree(Map.of("Ref", "OperatorFunctionAlias")));
    assertThat(outputs.at("/KillSwitchParameterName/Value"))
        .isEqualTo(Synth.JSON.valueToTree(Map.of("Ref", "KillSwitchParameter")));
    assertThat(outputs.at("/PolicyParameterName/Value"))
        .isEqualTo(Synth.JSON.valueToTree(Map.of("Ref", "PolicyParameter")));
    assertThat(outputs.at("/LedgerTableName/Value"))
        .isEqualTo(Synth.JSON.valueToTree(Map.of("Ref", "LedgerTable")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"staging", "prod"})
  void stagingAndProdWithoutOperatorsAreNotReadyNamingTheKey(String env) {
    // the committed configs name nobody: synth refuses them with the other unfinished keys
    assertThat(DeployReadiness.problems(EnvConfig.load(CONFIG, env)))
        .contains(
            "operators.roleArns: must name at least one operator role for "
                + env
                + ": only those roles may approve, reject, roll back and reset the breaker there");
  }

  @Test
  void anOperatorRoleInAnExampleAccountIsNotReady(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("prod.json"),
        "{\"operators\": {\"roleArns\": [\"arn:aws:iam::123456789012:role/oncall\"]}}");
    assertThat(DeployReadiness.problems(EnvConfig.load(CONFIG, "prod", dir)))
        .contains(
            "operators.roleArns: \"arn:aws:iam::123456789012:role/oncall\" names an example"
                + " account; put your on-call role");
  }

  @Test
  void anEntryThatIsNoRoleArnIsNamed(@TempDir Path dir) throws Exception {
    Files.copy(CONFIG.resolve("defaults.json"), dir.resolve("defaults.json"));
    Files.writeString(
        dir.resolve("dev.json"),
        Files.readString(CONFIG.resolve("dev.json"))
            .replace(
                "\"env\": \"dev\",",
                "\"env\": \"dev\", \"operators\": {\"roleArns\": [\"alice\"]},"));
    assertThatThrownBy(() -> EnvConfig.load(dir, "dev"))
        .hasMessage(
            "operators.roleArns of dev must hold IAM role ARNs like"
                + " arn:aws:iam::123456789012:role/tradai-oncall, got alice");
  }
}
