package com.tradai.remediation.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.tradai.remediation.alarm.AlarmIntake;
import com.tradai.remediation.alarm.Intake;
import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.core.TimeBudget;
import com.tradai.remediation.report.Report;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;

/**
 * The operator function: a person's commands (approve, reject, rollback, reset-breaker,
 * list-actions, diagnose, health-check), invoked by the `ops` CLI with the operator's own
 * credentials. Its invoke permission is held only by the operator roles of the infra config, and
 * CloudTrail's Lambda data events record who invoked it; Lambda does not pass the caller's identity
 * to the function, so "by" is the caller's word and CloudTrail is the record. It refuses alarms:
 * those go to the remediation function. Same composition as {@link RemediationHandler}.
 */
public final class OperatorHandler implements RequestStreamHandler {
  private final Config config;
  private final Clock clock;
  private final AlarmIntake intake;
  private final Remediator remediator;

  public OperatorHandler() {
    this(System.getenv());
  }

  public OperatorHandler(Map<String, String> env) {
    this(Config.from(env), Clock.systemUTC());
  }

  public OperatorHandler(Config config, Clock clock) {
    this(config, new AwsClients(config), clock);
  }

  public OperatorHandler(Config config, AwsClients aws, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.intake = new AlarmIntake(config.project());
    this.remediator = RemediationHandler.compose(config, aws, clock, EntryPoint.OPERATOR);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    Json.MAPPER.writeValue(output, handle(StreamInput.readLimited(input), context == null
        ? TimeBudget.UNLIMITED : new TimeBudget(() -> context.getRemainingTimeInMillis())));
  }

  public Report handle(byte[] input) {
    return handle(input, TimeBudget.UNLIMITED);
  }

  private Report handle(byte[] input, TimeBudget budget) {
    if (intake.parse(input) instanceof Intake.Accepted) {
      return EntryPoint.refused(config, clock, "an alarm goes to the remediation function "
          + EntryPoint.alarmFunction(config) + ", not to the operator function "
          + EntryPoint.operatorFunction(config));
    }
    return remediator.handle(input, budget);
  }
}
