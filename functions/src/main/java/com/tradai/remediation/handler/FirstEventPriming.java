package com.tradai.remediation.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.alarm.AlarmIntake;
import com.tradai.remediation.alarm.CloudWatchAlarm;
import com.tradai.remediation.alarm.Intake;
import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.aws.CannedAnswers;
import com.tradai.remediation.aws.HttpPriming;
import com.tradai.remediation.aws.ReplayMetricReader;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.core.MetricQuery;
import com.tradai.remediation.ledger.ActionCodec;
import com.tradai.remediation.ledger.AuditRecord;
import com.tradai.remediation.ledger.DynamoDbLedger;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.slf4j.MDC;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SnapStart priming of a function's first event: the bundled sample event runs once through a twin
 * of the function, wired exactly as the function is (same configuration, same composition) but over
 * {@link AwsClients#primingTwin} clients whose HTTP client is {@link CannedAnswers}. So the event's
 * whole path is loaded, linked and run before the snapshot (intake, runbook, guards and the
 * ledger's slot search and codec, the ECS change, the report's renderings and its SNS publish, the
 * verification request, logging, EMF) while no request leaves the process and nothing changes. The
 * twin's clock stands at the sample's time, so the sample alarm is fresh, and its metrics come from
 * the bundled replay (the canned CloudWatch has no datapoints). Its EMF lines are discarded (they
 * would count a remediation that never happened) and its log lines carry {@code priming=true}.
 */
final class FirstEventPriming {
  static final String ALARM = "/events/sns-api-latency-alarm.json";
  static final String METRICS = "/events/metrics/api-latency-load-spike.json";
  static final String CHECK = "/events/sqs-verification-check.json";
  static final String SCHEDULED = "/events/scheduled-health-check.json";
  static final String LIST_ACTIONS = "/events/manual-list-actions.json";

  /** A few seconds after the sample alarm's state change (2026-11-27T10:15:00Z): fresh. */
  private static final Instant ALARM_TIME = Instant.parse("2026-11-27T10:15:05Z");

  /** Just after the sample check is due (checkAt 2026-11-27T10:20:30Z): not early. */
  private static final Instant CHECK_TIME = Instant.parse("2026-11-27T10:20:35Z");

  private FirstEventPriming() {}

  /** The remediation function's: the sample alarm, from intake to its published report. */
  static String remediation(Config config) {
    return rehearse(
        config,
        ALARM_TIME,
        sampleAlarm(config),
        List.of(),
        (aws, clock) ->
            json(
                    RemediationHandler.compose(config, aws, clock, EntryPoint.ALARMS, replay())
                        .handle(resource(ALARM)))
                + liveMetrics(config, aws));
  }

  /**
   * The live metric read (GetMetricData), when the function reads CloudWatch rather than a replay:
   * the rehearsal's fix ran on the replay, since the canned answer has no datapoints.
   */
  private static String liveMetrics(Config config, AwsClients aws) {
    if (config.metricsReplay().isPresent()) {
      return "";
    }
    return RemediationHandler.metricReader(config, aws)
        .read(
            List.of(
                new MetricQuery(
                    "primed",
                    "AWS/ApplicationELB",
                    "TargetResponseTime",
                    Map.of("LoadBalancer", "app/primed/0"),
                    "p99",
                    60)),
            ALARM_TIME.minusSeconds(3600),
            ALARM_TIME)
        .keySet()
        .toString();
  }

  /** The health-check function's: the health-check command, at the sample's time. */
  static String healthCheck(Config config) {
    return rehearse(
        config,
        ALARM_TIME,
        List.of(),
        List.of(),
        (aws, clock) ->
            HealthCheckHandler.describe(resource(SCHEDULED))
                + json(
                    RemediationHandler.compose(config, aws, clock, EntryPoint.ALARMS, replay())
                        .handle(HealthCheckHandler.COMMAND)));
  }

  /** The operator function's: list-actions (the ledger's read) and the health check. */
  static String operator(Config config) {
    return rehearse(
        config,
        ALARM_TIME,
        List.of(),
        List.of(),
        (aws, clock) -> {
          Remediator operator =
              RemediationHandler.compose(config, aws, clock, EntryPoint.OPERATOR, replay());
          return json(operator.handle(resource(LIST_ACTIONS)))
              + json(operator.handle(HealthCheckHandler.COMMAND));
        });
  }

  /**
   * The verifier's: the sample SQS check, read as the runtime reads it, admitted (from the
   * function's own queue, VERIFICATION_QUEUE_ARN; its fix in the ledger, whose GetItem finds the
   * canned audit record), verified, counted in the track record and reported.
   */
  static String verifier(Config config) {
    try {
      // the sample record comes from the function's own queue, and the ledger recorded its fix
      ObjectNode check = (ObjectNode) Json.MAPPER.readTree(resource(CHECK));
      ObjectNode record = (ObjectNode) check.path("Records").path(0);
      Destinations.verificationQueueArn(config).ifPresent(arn -> record.put("eventSourceARN", arn));
      byte[] event = Json.MAPPER.writeValueAsBytes(check);
      return rehearse(
          config,
          CHECK_TIME,
          List.of(),
          recordedFixes(config, Json.MAPPER.readTree(record.path("body").asText())),
          (aws, clock) -> {
            try {
              return new VerifierHandler(config, aws, clock, null).handle(event).toString();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The sample alarm as CloudWatch defines it: in ALARM since its state change. */
  private static List<CloudWatchAlarm> sampleAlarm(Config config) {
    if (!(new AlarmIntake(config.project()).parse(resource(ALARM))
        instanceof Intake.Accepted accepted)) {
      throw new IllegalStateException(
          "priming sample " + ALARM + " is not an alarm the intake accepts");
    }
    Alarm alarm = accepted.alarm();
    return List.of(
        new CloudWatchAlarm(
            alarm.name(),
            CloudWatchAlarm.Kind.METRIC,
            alarm.metric(),
            "ALARM",
            Optional.of(alarm.stateChangeTime())));
  }

  /**
   * The ledger's audit records of the sample check's fixes: APPLIED, as the remediation wrote them.
   */
  private static List<Map<String, AttributeValue>> recordedFixes(Config config, JsonNode check) {
    ActionCodec codec = new ActionCodec(Json.MAPPER);
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    JsonNode changes = check.path("changes");
    JsonNode actions = check.path("actions");
    for (int i = 0; i < changes.size() && i < actions.size(); i++) {
      items.add(
          DynamoDbLedger.auditItem(
              new AuditRecord(
                  changes.get(i).path("auditId").asText(),
                  config.environment(),
                  Instant.parse(check.path("fixedAt").asText()),
                  check.path("correlationId").asText(),
                  check.path("alarm").path("name").asText(),
                  check.path("runbook").asText(),
                  "ALARM",
                  null,
                  null,
                  codec.read(actions.get(i).toString()),
                  "ALLOW",
                  List.of(),
                  AuditRecord.APPLIED,
                  changes.get(i).path("detail").asText(),
                  null),
              codec));
    }
    return items;
  }

  /** Runs one rehearsal; returns what it answered, then what the canned AWS was asked. */
  private static String rehearse(
      Config config,
      Instant at,
      List<CloudWatchAlarm> alarms,
      List<Map<String, AttributeValue>> items,
      BiFunction<AwsClients, Clock, String> event) {
    CannedAnswers canned =
        new CannedAnswers(
            Json.MAPPER, config.killSwitchParameter().map(Set::of).orElse(Set.of()), alarms, items);
    PrintStream stdout = System.out;
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    try (AwsClients twin = AwsClients.primingTwin(config, canned)) {
      System.setOut(new PrintStream(OutputStream.nullOutputStream()));
      MDC.put("priming", "true");
      String answered = event.apply(twin, Clock.fixed(at, ZoneOffset.UTC));
      return answered + "\ncanned AWS " + canned.summary() + "\nloopback HTTP " + HttpPriming.run();
    } finally {
      System.setOut(stdout);
      if (mdc == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(mdc);
      }
    }
  }

  private static String json(Object answer) {
    try {
      return Json.MAPPER.writeValueAsString(answer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ReplayMetricReader replay() {
    try {
      return ReplayMetricReader.fromJson(Json.MAPPER.readTree(resource(METRICS)), METRICS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] resource(String path) {
    try (InputStream in = FirstEventPriming.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("priming sample " + path + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
