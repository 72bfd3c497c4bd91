package com.tradai.remediation.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.report.Report;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The scheduled quick health check (an EventBridge schedule invokes it; its input is ignored). It
 * runs the same "health-check" command a person can send to RemediationHandler and publishes the
 * summary report.
 */
public final class HealthCheckHandler implements RequestStreamHandler {
  static final byte[] COMMAND = "{\"command\":\"health-check\"}".getBytes(StandardCharsets.UTF_8);
  private final Startup<Remediator> startup;
  /** A local run answers an unpublished report with FAILED; Lambda fails the invocation. */
  private final boolean local;

  public HealthCheckHandler() {
    this(System.getenv());
  }

  /** The configuration is checked here; a refused one answers every invocation with FAILED. */
  public HealthCheckHandler(Map<String, String> env) {
    this.startup = Startup.of(env, config ->
        RemediationHandler.compose(config, new AwsClients(config), Clock.systemUTC()));
    this.local = ReportNotPublished.local(env);
  }

  public HealthCheckHandler(Config config, Clock clock) {
    this.startup = new Startup<>(Optional.of(RemediationHandler.compose(config,
        new AwsClients(config), clock)), null, config.environment());
    this.local = ReportNotPublished.local(config.raw());
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    input.transferTo(OutputStream.nullOutputStream());
    Json.MAPPER.writeValue(output, run());
  }

  public Report run() {
    return startup.ready().map(r -> ReportNotPublished.answer(local, () -> r.handle(COMMAND)))
        .orElseGet(() -> startup.refused(Clock.systemUTC()));
  }
}
