package com.tradai.remediation.handler;

import com.tradai.remediation.alarm.AlarmIntake;
import com.tradai.remediation.alarm.LogSafe;
import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A function's start, done once per container: its configuration checked ({@link ConfigCheck}) and
 * its parts wired, or, when either is refused, the one FAILED report every invocation answers
 * with. A function that cannot start this way says why in its result (and in one log line), instead
 * of Lambda's stack trace of a failed init; it touches nothing in AWS.
 *
 * @param <T> what the handler wires from the configuration
 */
record Startup<T>(Optional<T> ready, String refusal, String environment) {
  private static final Logger LOG = LoggerFactory.getLogger(Startup.class);

  static <T> Startup<T> of(Map<String, String> env, Function<Config, T> wiring) {
    String environment = Optional.ofNullable(env.get("TRADAI_ENV"))
        .filter(AlarmIntake.ENVIRONMENTS::contains).orElse(null);
    String refusal;
    try {
      return new Startup<>(Optional.of(wiring.apply(Config.from(env))), null, environment);
    } catch (Config.Invalid e) {
      refusal = e.getMessage();
    } catch (RuntimeException e) {
      refusal = "The function could not start, nothing was done: " + e.getClass().getSimpleName()
          + ": " + e.getMessage();
    }
    LOG.error("{}", LogSafe.clean(refusal));
    return new Startup<>(Optional.empty(), refusal, environment);
  }

  /** The report a refused start answers every invocation with. */
  Report refused(Clock clock) {
    return new Report(Report.SCHEMA_VERSION, environment, Outcome.FAILED, refusal, null, null, null,
        null, null, null, null, null, null, null, clock.instant().toString());
  }
}
