package com.tradai.remediation.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.aws.CloudWatchAlarmStateReader;
import com.tradai.remediation.aws.EcsExecutor;
import com.tradai.remediation.aws.SnsReportPublisher;
import com.tradai.remediation.aws.SqsVerificationScheduler;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.config.PolicyLoader;
import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.guard.Guardrails;
import com.tradai.remediation.ledger.GuardedExecutor;
import com.tradai.remediation.ledger.Ledger;
import com.tradai.remediation.ledger.RollbackCommand;
import com.tradai.remediation.observe.EmfMetrics;
import com.tradai.remediation.ports.AlarmStateReader;
import com.tradai.remediation.ports.ReportPublisher;
import com.tradai.remediation.ports.VerificationRequest;
import com.tradai.remediation.ports.VerificationScheduler;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.verify.CheckAdmission;
import com.tradai.remediation.verify.CheckMessage;
import com.tradai.remediation.verify.GuardedRollback;
import com.tradai.remediation.verify.OncePerMessage;
import com.tradai.remediation.verify.OnceScheduler;
import com.tradai.remediation.verify.VerdictRecorder;
import com.tradai.remediation.verify.Verifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point for scheduled checks: an {@link SQSEvent} (read as the Lambda runtime reads one, see
 * {@link LambdaEvents}) whose bodies are checks in any {@link CheckMessage} form (a fix's report
 * from the results topic, or a {@link VerificationRequest}). It takes records only from its own
 * queue ({@code VERIFICATION_QUEUE_ARN}) and acts only on a check the ledger recorded ({@link
 * CheckAdmission}); a direct invocation without records, a foreign record or an unrecorded check is
 * answered with why, changes nothing and is not retried. A report-borne check that arrives before
 * its time is sent again for the remainder, once ({@link OnceScheduler#requeues}). Answers an
 * {@link SQSBatchResponse} and the reports ({@code {"batchItemFailures":[...],"reports":[...]}}): a
 * body that cannot be parsed is reported and dropped (retrying cannot fix it); a check that failed
 * on AWS is listed in batchItemFailures so SQS delivers it again.
 */
public final class VerifierHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(VerifierHandler.class);
  private static final PojoSerializer<SQSEvent> SQS_EVENTS = LambdaEvents.reader(SQSEvent.class);

  /** How many of a target's newest audit records are searched for an earlier rollback of a fix. */
  static final int EARLIER_LOOKBACK = 50;

  private final FunctionStart<Wired> startup;

  /** SnapStart's priming hook, held here: the runtime keeps only a weak reference to it. */
  private final Optional<SnapStartPriming> priming;

  /** What a start that was not refused wires. */
  private record Wired(
      Verifier verifier,
      String environment,
      VerificationScheduler requeue,
      Clock clock,
      CheckAdmission admission) {}

  public VerifierHandler() {
    this(System.getenv());
  }

  /** The configuration is checked here; a refused one answers every check with FAILED (retried). */
  public VerifierHandler(Map<String, String> env) {
    this.startup =
        FunctionStart.of(
            env, config -> wire(config, new AwsClients(config), Clock.systemUTC(), null));
    this.priming = SnapStartPriming.forStart(startup, env, FirstEventPriming::verifier);
  }

  public VerifierHandler(Config config, Clock clock) {
    this(config, new AwsClients(config), clock, null);
  }

  /** Tests pass an alarm-state reader: moto never evaluates alarms. */
  public VerifierHandler(Config config, Clock clock, AlarmStateReader alarms) {
    this(config, new AwsClients(config), clock, alarms);
  }

  /**
   * Tests pass the AWS clients (e.g. with a fault-injecting interceptor); a null reader reads the
   * alarm's state with CloudWatch DescribeAlarms.
   */
  public VerifierHandler(Config config, AwsClients aws, Clock clock, AlarmStateReader alarms) {
    this.startup =
        new FunctionStart<>(
            Optional.of(wire(config, aws, clock, alarms)), null, config.environment());
    this.priming = Optional.empty();
  }

  private static Wired wire(Config config, AwsClients aws, Clock clock, AlarmStateReader alarms) {
    String queue =
        Destinations.verifyQueue(config)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "VERIFY_QUEUE_URL is not set; the verifier re-enqueues improving checks there"));
    VerificationScheduler sqs = new SqsVerificationScheduler(aws::sqs, queue, Json.MAPPER);
    Optional<Ledger> ledger = RemediationHandler.ledger(config, aws);
    Optional<EmfMetrics> emf = Destinations.emf(config.raw());
    CheckAdmission admission =
        new CheckAdmission(
            config.environment(),
            Destinations.verificationQueueArn(config)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "VERIFICATION_QUEUE_ARN is not set; the verifier takes records from that queue only")),
            ledger.orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "LEDGER_TABLE is not set; the verifier acts only on checks the ledger recorded")),
            points -> emf.ifPresent(e -> e.emit(points)));
    OncePerMessage once =
        new OncePerMessage(
            ledger,
            new PolicyLoader(Json.MAPPER)
                .forEnvironment(config.environment())
                .guards()
                .idempotencyTtl(),
            clock);
    Verifier verifier =
        compose(
            config,
            aws,
            clock,
            alarms != null ? alarms : new CloudWatchAlarmStateReader(aws::cloudWatch),
            ledger,
            sqs,
            once);
    return new Wired(
        verifier, config.environment(), OnceScheduler.requeues(sqs, once), clock, admission);
  }

  private static Verifier compose(
      Config config,
      AwsClients aws,
      Clock clock,
      AlarmStateReader alarms,
      Optional<Ledger> ledger,
      VerificationScheduler sqs,
      OncePerMessage once) {
    PolicyLoader loader = new PolicyLoader(Json.MAPPER);
    Optional<ReportPublisher> results =
        config
            .resultsTopicArn()
            .map(
                arn ->
                    new SnsReportPublisher(
                        aws::sns, arn, Json.MAPPER, config.chatCommandQueueUrl()));
    Optional<ReportPublisher> escalation =
        Destinations.escalationTopic(config)
            .map(
                arn ->
                    new SnsReportPublisher(
                        aws::sns, arn, Json.MAPPER, config.chatCommandQueueUrl()));
    EcsExecutor ecs = new EcsExecutor(aws::ecs);
    // A rollback takes the manual rollback command's path: kill switch, lock, audit, once per fix.
    RuntimeSettings settings = RemediationHandler.settings(config, aws);
    GuardedExecutor gate =
        new GuardedExecutor(
            config.project(),
            config.environment(),
            ledger,
            Guardrails.standard(),
            List.of(ecs),
            settings::killSwitch,
            clock);
    Verifier verifier =
        new Verifier(
            config.targets(),
            loader.verificationFor(config.environment()),
            RemediationHandler.metricReader(config, aws),
            alarms,
            OnceScheduler.reChecks(sqs, once),
            new GuardedRollback(
                new RollbackCommand(gate, settings::policy, config.environment()),
                ecs::supports,
                fix ->
                    ledger.flatMap(
                        l ->
                            GuardedRollback.appliedRollbackOf(
                                fix,
                                l.recent(
                                    config.environment(),
                                    Optional.of(fix.target()),
                                    EARLIER_LOOKBACK)))),
            results,
            escalation,
            once,
            clock);
    ledger.ifPresent(
        l ->
            verifier.recordWith(
                new VerdictRecorder(
                    l, once, clock, RecordLine.days(loader.forEnvironment(config.environment())))));
    Destinations.metrics(config).ifPresent(verifier::onReport);
    return verifier;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    Json.MAPPER.writeValue(output, answer(StreamInput.readLimited(input)));
  }

  /** {@link #answer} as a JSON tree, as Lambda and {@code ./run invoke} receive it. */
  public ObjectNode handle(byte[] input) throws IOException {
    return Json.MAPPER.valueToTree(answer(input));
  }

  /**
   * An SQS event, read as the Lambda runtime reads an {@link SQSEvent}; anything else is refused.
   * The strict mapper reads the bytes first: a duplicate key fails the invocation.
   */
  public Answer answer(byte[] input) throws IOException {
    JsonNode event = Json.MAPPER.readTree(input);
    return event.has("Records") ? handle(LambdaEvents.read(SQS_EVENTS, input)) : direct();
  }

  /**
   * Refused, changing nothing and retrying nothing: the verifier acts on its queue's records only.
   */
  private Answer direct() {
    return startup
        .ready()
        .map(w -> Answer.of(List.of(), List.of(refusal("refused", w.admission().notFromQueue()))))
        .orElseGet(() -> check(List.of()));
  }

  private static JsonNode refusal(String field, String why) {
    return Json.MAPPER.createObjectNode().put(field, LogSafe.clean(why));
  }

  /** A batch already read into the library's event (by the runtime's serializer, or a test's). */
  public Answer handle(SQSEvent event) {
    return check(
        Optional.ofNullable(event.getRecords()).orElse(List.of()).stream()
            .map(
                m ->
                    new Delivery(
                        Objects.requireNonNullElse(m.getMessageId(), ""),
                        m.getEventSourceArn(),
                        parse(m.getBody())))
            .toList());
  }

  /**
   * What an invocation answers: SQS's partial batch response (the messages SQS delivers again) and
   * a report per check, for the logs' reader and {@code ./run invoke}; Lambda reads only the first.
   */
  public record Answer(@JsonUnwrapped SQSBatchResponse batch, List<JsonNode> reports) {
    static Answer of(List<BatchItemFailure> failures, List<JsonNode> reports) {
      return new Answer(
          SQSBatchResponse.builder().withBatchItemFailures(failures).build(), reports);
    }
  }

  /** One check to run: the SQS message it came in, the queue it says it came from, and its body. */
  private record Delivery(String messageId, String sourceArn, JsonNode body) {
    BatchItemFailure failure() {
      return BatchItemFailure.builder().withItemIdentifier(messageId).build();
    }
  }

  private Answer check(List<Delivery> deliveries) {
    List<BatchItemFailure> failures = new ArrayList<>();
    List<JsonNode> reports = new ArrayList<>();
    if (startup.ready().isEmpty()) {
      // a refused start: every check fails, so SQS keeps it for a fixed configuration (or the DLQ)
      deliveries.forEach(d -> failures.add(d.failure()));
      reports.add(Json.MAPPER.valueToTree(startup.refused(Clock.systemUTC())));
      return Answer.of(failures, reports);
    }
    Wired w = startup.ready().get();
    Verifier verifier = w.verifier();
    String environment = w.environment();
    VerificationScheduler requeue = w.requeue();
    Clock clock = w.clock();
    for (Delivery delivery : deliveries) {
      // not in batchItemFailures: a record of another queue is not ours to keep for a retry
      Optional<String> foreign =
          w.admission().foreignSource(delivery.messageId(), delivery.sourceArn());
      if (foreign.isPresent()) {
        reports.add(refusal("refused", foreign.get()));
        continue;
      }
      VerificationRequest request;
      long early;
      try {
        CheckMessage message = CheckMessage.read(delivery.body(), Json.MAPPER);
        request = message.request();
        early = message.early(clock.instant());
        if (!request.environment().equals(environment)) {
          throw new IllegalArgumentException(
              "environment is '"
                  + request.environment()
                  + "' but this function serves "
                  + environment
                  + "; nothing was changed");
        }
      } catch (IllegalArgumentException e) {
        LOG.error(
            "verification message {} dropped: {}",
            delivery.messageId(),
            LogSafe.clean(e.getMessage()));
        reports.add(Json.MAPPER.createObjectNode().put("rejected", LogSafe.clean(e.getMessage())));
        continue;
      }
      try {
        Optional<String> unrecorded = w.admission().unrecorded(delivery.messageId(), request);
        if (unrecorded.isPresent()) {
          reports.add(refusal("dropped", unrecorded.get()));
          continue;
        }
        if (early > 0) {
          // the queue's delay (from the policy at deploy time) was shorter than this check asks for
          // once per check and due time: a redelivery of this message does not send it twice
          boolean sent = requeue.scheduleOnce(request, early);
          reports.add(
              Json.MAPPER
                  .createObjectNode()
                  .put(
                      "requeued",
                      "check due at "
                          + request.checkAt()
                          + ": "
                          + (sent
                              ? "sent again with DelaySeconds "
                                  + Math.min(early, SqsVerificationScheduler.MAX_DELAY_SECONDS)
                              : "already sent again by an earlier delivery of this message")));
          continue;
        }
        Report report = verifier.verify(request);
        reports.add(Json.MAPPER.valueToTree(report));
      } catch (RuntimeException e) {
        LOG.error(
            "verification of {} failed, SQS will retry: {}",
            delivery.messageId(),
            LogSafe.clean(e.getMessage()));
        failures.add(delivery.failure());
      }
    }
    return Answer.of(failures, reports);
  }

  private static JsonNode parse(String body) {
    try {
      return Json.MAPPER.readTree(Objects.requireNonNullElse(body, ""));
    } catch (IOException e) {
      return Json.MAPPER.createObjectNode();
    }
  }
}
