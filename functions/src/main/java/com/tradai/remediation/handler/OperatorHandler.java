package com.tradai.remediation.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.tradai.remediation.alarm.AlarmIntake;
import com.tradai.remediation.alarm.Intake;
import com.tradai.remediation.alarm.Rejection;
import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.core.TimeBudget;
import com.tradai.remediation.operator.OperatorGate;
import com.tradai.remediation.operator.SignedCommand;
import com.tradai.remediation.operator.StsCallerIdentity;
import com.tradai.remediation.report.Report;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The operator function: a person's commands (approve, reject, rollback, reset-breaker,
 * list-actions, diagnose, health-check), invoked by the `ops` CLI with the operator's own
 * credentials. A command that changes something runs only with a proof of an operator role's
 * identity that STS checks ({@link OperatorGate}); that identity is its recorded {@code by}. It
 * refuses alarms: those go to the remediation function. Same composition as {@link
 * RemediationHandler}. It also takes chat clicks from the operator command queue ({@link
 * ChatCommandIntake}): there the identity is the sender SQS names, checked against the same
 * operator roles.
 */
public final class OperatorHandler implements RequestStreamHandler {
  /** STS answers in milliseconds; a person waits at most this for a refusal. */
  private static final Duration STS_TIMEOUT = Duration.ofSeconds(5);

  private final FunctionStart<Wired> startup;

  /** SnapStart's priming hook, held here: the runtime keeps only a weak reference to it. */
  private final Optional<SnapStartPriming> priming;

  /** What a start that was not refused wires. */
  private record Wired(
      Config config,
      Clock clock,
      AlarmIntake intake,
      Remediator remediator,
      OperatorGate gate,
      boolean local,
      Optional<ChatCommandIntake> chat) {}

  public OperatorHandler() {
    this(System.getenv());
  }

  /** The configuration is checked here; a refused one answers every invocation with FAILED. */
  public OperatorHandler(Map<String, String> env) {
    this.startup =
        FunctionStart.of(env, config -> wire(config, new AwsClients(config), Clock.systemUTC()));
    this.priming = SnapStartPriming.forStart(startup, env, FirstEventPriming::operator);
  }

  public OperatorHandler(Config config, Clock clock) {
    this(config, new AwsClients(config), clock);
  }

  public OperatorHandler(Config config, AwsClients aws, Clock clock) {
    this.startup =
        new FunctionStart<>(Optional.of(wire(config, aws, clock)), null, config.environment());
    this.priming = Optional.empty();
  }

  private static Wired wire(Config config, AwsClients aws, Clock clock) {
    Remediator remediator = RemediationHandler.compose(config, aws, clock, EntryPoint.OPERATOR);
    OperatorGate gate =
        new OperatorGate(
            Config.list(config.raw().getOrDefault("OPERATOR_ROLE_ARNS", "")),
            EntryPoint.operatorFunction(config),
            new StsCallerIdentity(
                SignedCommand.stsEndpoint(config.region(), config.endpoint()), STS_TIMEOUT),
            remediator::changesThings,
            Json.MAPPER);
    return new Wired(
        config,
        clock,
        new AlarmIntake(config.project()),
        remediator,
        gate,
        ReportNotPublished.local(config.raw()),
        ChatWiring.intake(config, aws, clock, remediator));
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    byte[] event = StreamInput.readLimited(input);
    TimeBudget budget =
        context == null
            ? TimeBudget.UNLIMITED
            : new TimeBudget(() -> context.getRemainingTimeInMillis());
    Report report =
        startup
            .ready()
            .map(w -> ReportNotPublished.answer(w.local(), () -> handle(w, event, budget)))
            .orElseGet(() -> startup.refused(Clock.systemUTC()));
    Json.MAPPER.writeValue(output, report);
  }

  public Report handle(byte[] input) {
    return startup
        .ready()
        .map(w -> handle(w, input, TimeBudget.UNLIMITED))
        .orElseGet(() -> startup.refused(Clock.systemUTC()));
  }

  private static Report handle(Wired w, byte[] input, TimeBudget budget) {
    if (w.chat().isPresent() && ChatCommandIntake.isQueueEvent(input)) {
      return w.chat().get().handle(input);
    }
    return switch (w.gate().admit(input)) {
      case OperatorGate.Admission.Refused r ->
          EntryPoint.refused(w.config(), w.clock(), Rejection.Code.NOT_AN_OPERATOR, r.why());
      case OperatorGate.Admission.Run run -> run(w, run.command(), budget);
    };
  }

  private static Report run(Wired w, byte[] command, TimeBudget budget) {
    if (w.intake().parse(command) instanceof Intake.Accepted) {
      return EntryPoint.refused(
          w.config(),
          w.clock(),
          "an alarm goes to the remediation function "
              + EntryPoint.alarmFunction(w.config())
              + ", not to the operator function "
              + EntryPoint.operatorFunction(w.config()));
    }
    return w.remediator().handle(command, budget);
  }
}
