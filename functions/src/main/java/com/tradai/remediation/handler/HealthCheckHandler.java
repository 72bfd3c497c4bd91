package com.tradai.remediation.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.report.Report;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled quick health check: an EventBridge schedule invokes it with a {@link
 * ScheduledEvent}, which only names the run in the log (EventBridge may deliver a schedule's event
 * twice; its id tells the two runs apart). Any other input, or none, runs the same check. It runs
 * the same "health-check" command a person can send to RemediationHandler and publishes the summary
 * report.
 */
public final class HealthCheckHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(HealthCheckHandler.class);
  private static final PojoSerializer<ScheduledEvent> SCHEDULED_EVENTS =
      LambdaEvents.reader(ScheduledEvent.class);
  static final byte[] COMMAND = "{\"command\":\"health-check\"}".getBytes(StandardCharsets.UTF_8);
  private final FunctionStart<Remediator> startup;

  /** A local run answers an unpublished report with FAILED; Lambda fails the invocation. */
  private final boolean local;

  /** SnapStart's priming hook, held here: the runtime keeps only a weak reference to it. */
  private final Optional<SnapStartPriming> priming;

  public HealthCheckHandler() {
    this(System.getenv());
  }

  /** The configuration is checked here; a refused one answers every invocation with FAILED. */
  public HealthCheckHandler(Map<String, String> env) {
    this.startup =
        FunctionStart.of(
            env,
            config ->
                RemediationHandler.compose(config, new AwsClients(config), Clock.systemUTC()));
    this.local = ReportNotPublished.local(env);
    this.priming = SnapStartPriming.forStart(startup, env, FirstEventPriming::healthCheck);
  }

  public HealthCheckHandler(Config config, Clock clock) {
    this.startup =
        new FunctionStart<>(
            Optional.of(RemediationHandler.compose(config, new AwsClients(config), clock)),
            null,
            config.environment());
    this.local = ReportNotPublished.local(config.raw());
    this.priming = Optional.empty();
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    LOG.info("health check for {}", LogSafe.clean(describe(StreamInput.readLimited(input))));
    Json.MAPPER.writeValue(output, run());
  }

  /**
   * Which run an input asks for: a schedule's event by its id, time and rule; anything else as
   * such.
   */
  static String describe(byte[] input) {
    String other = "an input that is not a scheduled event (" + input.length + " bytes)";
    ScheduledEvent event;
    try {
      event = LambdaEvents.read(SCHEDULED_EVENTS, input);
    } catch (RuntimeException e) {
      return other;
    }
    if (event == null || event.getId() == null || !"aws.events".equals(event.getSource())) {
      return other;
    }
    return "scheduled event "
        + event.getId()
        + " of "
        + (event.getTime() == null ? "no time" : Instant.ofEpochMilli(event.getTime().getMillis()))
        + " from "
        + (event.getResources() == null ? List.of() : event.getResources());
  }

  public Report run() {
    return startup
        .ready()
        .map(r -> ReportNotPublished.answer(local, () -> r.handle(COMMAND)))
        .orElseGet(() -> startup.refused(Clock.systemUTC()));
  }
}
