package com.tradai.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.infra.RemediationStack.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The functions' environment in the synthesized templates against the names the function code
 * reads, derived from its sources ({@link FunctionSources#environmentVariablesRead}): the stack
 * sets nothing the code ignores, and every name the code reads is either set or listed below as
 * deliberately left out, with the reason. Which function gets which name is pinned in {@code
 * RemediationStackTest.everyFunctionReadsTheContractEnvironment}.
 */
class EnvVarsTest {

  private static final Synth SYNTH = Synth.get();

  /** Read by the code, never set by the stack. */
  static final Map<String, String> NOT_SET =
      Map.ofEntries(
          Map.entry("AWS_REGION", "set by the Lambda runtime"),
          Map.entry("AWS_DEFAULT_REGION", "set by the Lambda runtime"),
          Map.entry("AWS_ACCESS_KEY_ID", "set by the Lambda runtime (the role's credentials)"),
          Map.entry("AWS_SECRET_ACCESS_KEY", "set by the Lambda runtime"),
          Map.entry("AWS_SESSION_TOKEN", "set by the Lambda runtime"),
          Map.entry("AWS_CONTAINER_CREDENTIALS_FULL_URI", "a container runtime's, not Lambda's"),
          Map.entry("AWS_LAMBDA_FUNCTION_NAME", "set by the Lambda runtime; turns EMF metrics on"),
          Map.entry("AWS_EMF_ENVIRONMENT", "local runs only; inside Lambda EMF is detected"),
          Map.entry("AWS_ENDPOINT_URL", "local runs only: a local emulator (moto)"),
          Map.entry("AWS_ENDPOINT_URL_", "local runs only: one service's local endpoint"),
          Map.entry(
              "METRICS_REPLAY_FILE", "local runs only: recorded metrics instead of CloudWatch"),
          Map.entry(
              "AWS_SAM_LOCAL",
              "set by sam local invoke (and invoke): an unpublished report answers FAILED"),
          Map.entry("AWS_MAX_ATTEMPTS", "the default (3, standard retry mode) fits Lambda"),
          Map.entry("HTTP_PROBE_TIMEOUT_MS", "the default (3000) fits the functions' timeouts"),
          Map.entry("ROUTING_FILE", "the jar's own routing.json is the deployed table"),
          Map.entry(
              "POLICY_FILE",
              "local runs and load tests only: the jar's policy/{env}.json is the deployed policy"));

  /** Set by the stack, read by a library rather than by our code. */
  static final Map<String, String> READ_BY_LIBRARIES =
      Map.of(
          "JAVA_TOOL_OPTIONS", "the JVM",
          "POWERTOOLS_SERVICE_NAME", "Powertools logging: the `service` field of every log line");

  private static Set<String> setByTheStack() {
    Set<String> names = new TreeSet<>();
    for (String env : EnvConfig.ENVIRONMENTS) {
      for (Handler h : Handler.values()) {
        SYNTH
            .json(env)
            .at("/Resources/" + h.logicalId + "/Properties/Environment/Variables")
            .fieldNames()
            .forEachRemaining(names::add);
      }
    }
    return names;
  }

  @Test
  void theSourceScanFindsTheSettingsTheConfigurationDocLists() {
    // Guards the scan itself: if these vanish the patterns no longer match the code.
    assertThat(FunctionSources.environmentVariablesRead())
        .contains(
            "TRADAI_ENV",
            "VERIFY_QUEUE_URL",
            "ESCALATION_TOPIC_ARN",
            "LEDGER_TABLE",
            "KILL_SWITCH_PARAMETER",
            "POLICY_PARAMETER",
            "HEALTH_ENDPOINTS",
            "EXCHANGE_ENDPOINTS",
            "API_CALLER_TIMEOUT_SECONDS",
            "POWERTOOLS_LOG_LEVEL");
  }

  @Test
  void theStackSetsNothingTheCodeDoesNotRead() {
    Set<String> read = new TreeSet<>(FunctionSources.environmentVariablesRead());
    read.addAll(READ_BY_LIBRARIES.keySet());
    assertThat(read).containsAll(setByTheStack());
  }

  @Test
  void everyNameTheCodeReadsIsSetOrLeftOutForAReason() {
    Set<String> covered = new TreeSet<>(setByTheStack());
    covered.addAll(NOT_SET.keySet());
    assertThat(covered).containsAll(FunctionSources.environmentVariablesRead());
    // ...and the list of exceptions stays true: each one is still read, and none is set.
    assertThat(FunctionSources.environmentVariablesRead()).containsAll(NOT_SET.keySet());
    assertThat(setByTheStack()).doesNotContainAnyElementsOf(NOT_SET.keySet());
  }

  @Test
  void powertoolsLoggingReadsTheServiceName() throws IOException {
    // The layout the functions log with resolves `service` from POWERTOOLS_SERVICE_NAME.
    try (InputStream in = getClass().getResourceAsStream("/LambdaJsonLayout.json")) {
      assertThat(in).isNotNull();
      JsonNode layout = Synth.JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      assertThat(layout.at("/service/field").asText()).isEqualTo("service");
    }
  }
}
