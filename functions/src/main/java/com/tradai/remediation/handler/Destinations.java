package com.tradai.remediation.handler;

import com.tradai.remediation.config.Config;
import com.tradai.remediation.observe.EmfMetrics;
import com.tradai.remediation.report.Report;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the handlers' output goes, read from the configuration: EMF metrics, the verification
 * queue, the escalation topic, and the one queue the verifier takes records from. (Not the {@code
 * observe} package, which holds the metrics themselves.)
 */
final class Destinations {
  private Destinations() {}

  /**
   * EMF metrics inside Lambda, or wherever AWS_EMF_ENVIRONMENT says where they go (tests: Local).
   * Elsewhere (a local `invoke`) none: EMF would probe EC2 metadata and write to our stdout.
   */
  static Optional<Consumer<Report>> metrics(Config config) {
    return emf(config.raw()).<Consumer<Report>>map(m -> m);
  }

  /** As {@link #metrics}, from the raw environment: a refused start has no {@link Config}. */
  static Optional<EmfMetrics> emf(java.util.Map<String, String> env) {
    boolean lambda =
        env.containsKey("AWS_LAMBDA_FUNCTION_NAME")
            || System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null;
    boolean configured = System.getenv("AWS_EMF_ENVIRONMENT") != null;
    return lambda || configured ? Optional.of(new EmfMetrics()) : Optional.empty();
  }

  static Optional<String> verifyQueue(Config config) {
    return nonBlank(config.raw().get("VERIFY_QUEUE_URL"));
  }

  /** The verifier's own queue: the only eventSourceARN it takes records from. */
  static Optional<String> verificationQueueArn(Config config) {
    return nonBlank(config.raw().get("VERIFICATION_QUEUE_ARN"));
  }

  static Optional<String> escalationTopic(Config config) {
    return nonBlank(config.raw().get("ESCALATION_TOPIC_ARN"));
  }

  private static Optional<String> nonBlank(String v) {
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }
}
