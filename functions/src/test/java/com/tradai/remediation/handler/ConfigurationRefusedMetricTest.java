package com.tradai.remediation.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.config.ConfigCheckTest;
import com.tradai.remediation.testing.EmfCapture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A start refused for configuration answers FAILED and raises no error, so Lambda's Errors never
 * shows it: each such invocation emits ConfigurationRefused (EMF, Environment), which the stack's
 * self-monitoring alarm pages on. Real Powertools EMF, captured by {@link EmfCapture}.
 */
class ConfigurationRefusedMetricTest {

  private static List<JsonNode> emitted(java.util.concurrent.Callable<?> run) throws Exception {
    return EmfCapture.emitted(run);
  }

  private static void assertRefusedOnce(JsonNode doc, String environment) {
    JsonNode metrics = doc.path("_aws").path("CloudWatchMetrics").get(0);
    assertThat(metrics.path("Namespace").asText()).isEqualTo("tradai/Remediation");
    assertThat(metrics.path("Dimensions").get(0).toString()).isEqualTo("[\"Environment\"]");
    assertThat(metrics.path("Metrics").get(0).path("Name").asText())
        .isEqualTo("ConfigurationRefused");
    assertThat(doc.path("ConfigurationRefused").asDouble()).isEqualTo(1.0);
    assertThat(doc.path("Environment").asText()).isEqualTo(environment);
  }

  @Test
  void everyInvocationARefusedStartAnswersCountsOneConfigurationRefused() throws Exception {
    byte[] command = "{\"command\":\"health-check\"}".getBytes(StandardCharsets.UTF_8);
    List<String> outcomes = new ArrayList<>();
    List<JsonNode> docs =
        emitted(
            () -> {
              RemediationHandler handler = new RemediationHandler(ConfigCheckTest.asSamSetsThem());
              outcomes.add(handler.handle(command).outcome().name());
              outcomes.add(handler.handle(command).outcome().name());
              return null;
            });
    assertThat(outcomes).containsExactly("FAILED", "FAILED");
    assertThat(docs).hasSize(2).allSatisfy(doc -> assertRefusedOnce(doc, "dev"));

    List<JsonNode> healthCheck =
        emitted(() -> new HealthCheckHandler(ConfigCheckTest.asSamSetsThem()).run());
    assertThat(healthCheck).singleElement().satisfies(doc -> assertRefusedOnce(doc, "dev"));
  }

  @Test
  void aStartThatCannotReadItsEnvironmentCountsUnderTheOneItsFunctionNameEndsIn() throws Exception {
    Map<String, String> env = ConfigCheckTest.valid();
    env.put("TRADAI_ENV", "qa");
    env.put("AWS_LAMBDA_FUNCTION_NAME", "tradai-remediation-verifier-prod");
    List<JsonNode> docs =
        emitted(
            () ->
                new VerifierHandler(env)
                    .handle(
                        "{\"Records\":[{\"messageId\":\"m-1\",\"body\":\"{}\",\"eventSource\":\"aws:sqs\"}]}"
                            .getBytes(StandardCharsets.UTF_8)));
    assertThat(docs).singleElement().satisfies(doc -> assertRefusedOnce(doc, "prod"));
  }

  @Test
  void itIsCountedWhenAnInvocationIsAnsweredNotAtTheStartWhichSnapStartRunsOnce() throws Exception {
    Map<String, String> env = ConfigCheckTest.valid();
    List<FunctionStart<String>> started = new ArrayList<>();
    assertThat(
            emitted(
                () ->
                    started.add(
                        FunctionStart.of(
                            env,
                            config -> {
                              throw new IllegalStateException("cannot wire");
                            }))))
        .isEmpty();
    assertThat(emitted(() -> started.add(FunctionStart.of(env, config -> "wired")))).isEmpty();

    assertThat(emitted(() -> started.getFirst().refused(java.time.Clock.systemUTC())))
        .singleElement()
        .satisfies(doc -> assertRefusedOnce(doc, "dev"));
    assertThat(started.get(1).ready()).contains("wired");
  }
}
