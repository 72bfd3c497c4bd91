package com.tradai.remediation.handler;

import com.tradai.remediation.alarm.AlarmIntake;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.config.ConfigCheck;
import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.observe.RemediationMetrics;
import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires a function once per container, or holds the report that says why it cannot; unlike {@link
 * ColdStartWarmUp}, {@link SnapStartPriming} and {@code SdkClientPriming}, which only load classes
 * early.
 *
 * <p>A function's start, done once per container: its configuration checked ({@link ConfigCheck})
 * and its parts wired, or, when either is refused, the one FAILED report every invocation answers
 * with. A function that cannot start this way says why in its result (and in one log line), instead
 * of Lambda's stack trace of a failed init; it touches nothing in AWS.
 *
 * @param <T> what the handler wires from the configuration
 */
record FunctionStart<T>(Optional<T> ready, String refusal, String environment, Runnable onRefusal) {
  private static final Logger LOG = LoggerFactory.getLogger(FunctionStart.class);

  /** A start that is not refused: nothing to count. */
  FunctionStart(Optional<T> ready, String refusal, String environment) {
    this(ready, refusal, environment, () -> {});
  }

  static <T> FunctionStart<T> of(Map<String, String> env, Function<Config, T> wiring) {
    String environment =
        Optional.ofNullable(env.get("TRADAI_ENV"))
            .filter(AlarmIntake.ENVIRONMENTS::contains)
            .orElse(null);
    String refusal;
    try {
      return new FunctionStart<>(Optional.of(wiring.apply(Config.from(env))), null, environment);
    } catch (Config.Invalid e) {
      refusal = e.getMessage();
    } catch (RuntimeException e) {
      refusal =
          "The function could not start, nothing was done: "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage();
    }
    LOG.error("{}", LogSafe.clean(refusal));
    return new FunctionStart<>(
        Optional.empty(), refusal, environment, countRefusal(env, environment));
  }

  /**
   * One ConfigurationRefused per refused invocation (the self-monitoring alarm pages on it): a
   * refused start raises no error, so Lambda's Errors would never show it. Counted per invocation
   * rather than once at start, because SnapStart runs the start once, when the version is
   * published.
   */
  private static Runnable countRefusal(Map<String, String> env, String environment) {
    String metricEnvironment =
        environment != null
            ? environment
            : RemediationMetrics.environmentOf(
                env.get("AWS_LAMBDA_FUNCTION_NAME"), AlarmIntake.ENVIRONMENTS);
    return Destinations.emf(env)
        .<Runnable>map(
            emf ->
                () -> emf.emit(List.of(RemediationMetrics.configurationRefused(metricEnvironment))))
        .orElse(() -> {});
  }

  /** The report a refused start answers every invocation with, counted as ConfigurationRefused. */
  Report refused(Clock clock) {
    onRefusal.run();
    return Report.builder(environment, Outcome.FAILED, refusal)
        .generatedAt(clock.instant().toString())
        .build();
  }
}
