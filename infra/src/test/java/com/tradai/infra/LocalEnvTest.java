package com.tradai.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.infra.RemediationStack.Handler;
import com.tradai.remediation.cli.EnvVars;
import com.tradai.remediation.cli.TemplateFunction;
import com.tradai.remediation.config.ConfigCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * {@code infra/sam/local-env.json} (samconfig's env-vars file) against the synthesized templates:
 * it gives every variable a template sets with a {@code Ref} or {@code Fn::GetAtt} an empty value,
 * so {@code sam local invoke --config-env <env>} runs plan-only (no topic, ledger, queue or
 * parameters: nothing can be applied or published) instead of handing the function SAM's logical
 * ids; and it keeps DRY_RUN true.
 */
class LocalEnvTest {

  private static final Synth SYNTH = Synth.get();
  static final Path LOCAL_ENV = Synth.INFRA_DIR.resolve("sam/local-env.json");
  static final List<String> ENVS = EnvConfig.ENVIRONMENTS;

  /** Each function's variables whose template values are CloudFormation intrinsics. */
  private static Set<String> references(String env, String function) {
    Set<String> names = new TreeSet<>();
    SYNTH
        .json(env)
        .at("/Resources/" + function + "/Properties/Environment/Variables")
        .properties()
        .forEach(
            e -> {
              if (!e.getValue().isValueNode()) {
                names.add(e.getKey());
              }
            });
    return names;
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void everyReferenceOfEveryFunctionIsEmptyAndDryRunIsOn(String env) throws IOException {
    JsonNode file = Synth.JSON.readTree(LOCAL_ENV.toFile());
    for (Handler h : Handler.values()) {
      Set<String> refs = references(env, h.logicalId);
      assertThat(refs).as("the template gives %s references", h.logicalId).isNotEmpty();
      Map<String, String> own = EnvVars.read(LOCAL_ENV, h.logicalId, Synth.JSON);
      Set<String> expected = new TreeSet<>(refs);
      expected.add("DRY_RUN");
      // the recorded sample events are older than any real alarm may be: plan them, not STALE
      if (h == Handler.REMEDIATION) {
        expected.add("ALARM_MAX_AGE_MINUTES");
        assertThat(own.get("ALARM_MAX_AGE_MINUTES")).isEqualTo("5256000");
      }
      // one file for every environment: the chat queue is a reference only where the environment
      // has chat buttons (ChatActions.enabled), and blank everywhere
      Set<String> extra = new TreeSet<>(own.keySet());
      extra.removeAll(expected);
      assertThat(own.keySet()).as(h.logicalId).containsAll(expected);
      assertThat(extra).as(h.logicalId).isSubsetOf("CHAT_COMMAND_QUEUE_URL");
      assertThat(own.get("CHAT_COMMAND_QUEUE_URL")).as(h.logicalId).isEmpty();
      refs.forEach(name -> assertThat(own.get(name)).as(h.logicalId + " " + name).isEmpty());
      assertThat(own.get("DRY_RUN")).isEqualTo("true");
    }
    assertThat(file.has("Parameters"))
        .as("per function only: SAM ignores undeclared names")
        .isFalse();
  }

  /**
   * What {@code sam local invoke} hands each function with samconfig's file: the template's values,
   * its stand-ins for references (logical ids), then the file's. That passes the function's start
   * check; without the file the references are refused by name.
   */
  @ParameterizedTest
  @FieldSource("ENVS")
  void withTheFileEachFunctionStartsAndWithoutItItNamesEveryReference(String env)
      throws IOException {
    for (Handler h : Handler.values()) {
      TemplateFunction fn = TemplateFunction.read(SYNTH.templateFile(env), h.logicalId, Synth.JSON);
      Map<String, String> asSam = new LinkedHashMap<>(fn.environment());
      asSam.putAll(fn.samValues("us-east-1"));
      List<String> refused = ConfigCheck.problems(asSam);
      // every stand-in that is a logical id (or SAM's Lambda ARN for a GetAtt Arn of one, as
      // VERIFICATION_QUEUE_ARN gets) is refused; a pseudo parameter's (OWN_ACCOUNT_ID gets SAM's
      // 123456789012) has a valid shape
      long logicalIds =
          fn.samValues("us-east-1").values().stream()
              .filter(
                  v -> v.matches("[A-Z][A-Za-z0-9]*|arn:aws:lambda:.*:function:[A-Z][A-Za-z0-9]*"))
              .count();
      assertThat(logicalIds).as(h.logicalId).isGreaterThanOrEqualTo(fn.unresolved().size() - 1L);
      assertThat(refused)
          .as(h.logicalId)
          .hasSize((int) logicalIds)
          .allSatisfy(p -> assertThat(p).contains("CloudFormation logical id"));
      assertThat(String.join("; ", refused))
          .contains("RESULTS_TOPIC_ARN is 'ResultsTopic'")
          .contains("LEDGER_TABLE is 'LedgerTable'");

      asSam.putAll(fn.environment(EnvVars.read(LOCAL_ENV, h.logicalId, Synth.JSON)));
      assertThat(ConfigCheck.problems(asSam)).as(h.logicalId).isEmpty();
      assertThat(asSam.get("DRY_RUN")).isEqualTo("true");
    }
  }
}
