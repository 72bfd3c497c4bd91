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

/**
 * The scheduled quick health check (an EventBridge schedule invokes it; its input is ignored). It
 * runs the same "health-check" command a person can send to RemediationHandler and publishes the
 * summary report.
 */
public final class HealthCheckHandler implements RequestStreamHandler {
  static final byte[] COMMAND = "{\"command\":\"health-check\"}".getBytes(StandardCharsets.UTF_8);
  private final Remediator remediator;

  public HealthCheckHandler() {
    this(System.getenv());
  }

  public HealthCheckHandler(Map<String, String> env) {
    this(Config.from(env), Clock.systemUTC());
  }

  public HealthCheckHandler(Config config, Clock clock) {
    this.remediator = RemediationHandler.compose(config, new AwsClients(config), clock);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    input.transferTo(OutputStream.nullOutputStream());
    Json.MAPPER.writeValue(output, run());
  }

  public Report run() {
    return remediator.handle(COMMAND);
  }
}
