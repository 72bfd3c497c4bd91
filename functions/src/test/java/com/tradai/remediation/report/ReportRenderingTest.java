package com.tradai.remediation.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.ports.AlarmStatus;
import com.tradai.remediation.testing.Golden;
import com.tradai.remediation.testing.ReportSchema;
import com.tradai.remediation.testing.Scenario;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each rendering of each report against its checked-in file: for the api-latency family the fix,
 * the fix blocked at the cap, the OK that closes the incident, and the fix's verification recovered
 * / improving / not recovered (rolled back); for every other runbook family (ECS service, Lambda
 * cold start and timeout, RDS, DynamoDB, backtest, exchange API, the health check) its sample
 * event's report ({@link com.tradai.remediation.testing.CannedAws} stands in for the resources).
 * Reports come from the real shell over fixed inputs and fixed clocks (see {@link Scenario}); the
 * JSON validates against report.schema.json.
 */
class ReportRenderingTest {

  static Stream<Arguments> reports() {
    return Stream.of(
        Arguments.of("api-latency/remediated", remediated()),
        Arguments.of("api-latency/blocked-at-cap", blocked()),
        Arguments.of("api-latency/ok-closed", okClosed()),
        Arguments.of(
            "api-latency/verification-recovered",
            verified(
                "verify-api-latency-recovered.json",
                new AlarmStatus("OK", Optional.of(Instant.parse("2026-11-27T10:19:40Z"))))),
        Arguments.of(
            "api-latency/verification-improving",
            verified(
                "verify-api-latency-improving.json", new AlarmStatus("ALARM", Optional.empty()))),
        Arguments.of(
            "api-latency/verification-not-recovered",
            verified("verify-api-latency-worse.json", new AlarmStatus("ALARM", Optional.empty()))),
        Arguments.of("api-latency/shadow", shadow(new Scenario())),
        Arguments.of("api-latency/shadow-verification-cleared", shadowCleared()),
        // every other runbook family, each on its sample event and recording
        family("ecs-service", "sns-ecs-cpu-alarm.json", "ecs-cpu-high.json"),
        family("lambda-cold-start", "sns-lambda-duration-alarm.json", "lambda-long-duration.json"),
        family("lambda-timeout", "eventbridge-lambda-errors-alarm.json", "lambda-timeouts.json"),
        family("rds-slow-queries", "sns-rds-cpu-alarm.json", "rds-cpu-sustained.json"),
        family(
            "dynamodb-throttling",
            "alarm-action-dynamodb-throttle-alarm.json",
            "dynamodb-read-throttles.json"),
        family("backtest", "sns-backtest-memory-alarm.json", "backtest-memory.json"),
        family("exchange-api", "sns-exchange-errors-alarm.json", "api-latency-load-spike.json"),
        Arguments.of("health-check/summary", new Scenario().healthCheck("health-check.json")));
  }

  /** A family's report, checked to be that family's before it is compared with its golden file. */
  static Arguments family(String runbook, String event, String metrics) {
    Report report = new Scenario().remediateAnyFamily(event, metrics);
    assertThat(report.runbook()).as(report.summary()).isEqualTo(runbook);
    return Arguments.of(
        runbook + "/" + report.outcome().name().toLowerCase(java.util.Locale.ROOT), report);
  }

  static Report remediated() {
    return new Scenario().remediate("sns-api-latency-alarm.json", "api-latency-load-spike.json");
  }

  static Report blocked() {
    Scenario s = new Scenario();
    s.ecs.desired = 6;
    return s.remediate("sns-api-latency-alarm.json", "api-latency-load-spike.json");
  }

  static Report okClosed() {
    return new Scenario()
        .remediator("api-latency-load-spike.json")
        .closeIncidentsWith(
            new com.tradai.remediation.verify.IncidentCloser(
                (name, okAt) -> Optional.of(Scenario.ALARM_AT)))
        .handle(com.tradai.remediation.testing.Resources.bytes("/events/sns-api-latency-ok.json"));
  }

  /** The load spike with the runbook in shadow mode: what it would change, nothing changed. */
  static Report shadow(Scenario s) {
    s.policyOverride = "{\"modes\": {\"api-latency\": \"shadow\"}}";
    return s.remediate("sns-api-latency-alarm.json", "api-latency-load-spike.json");
  }

  /** The shadow plan's check: the alarm cleared without the fix, counted in the track record. */
  static Report shadowCleared() {
    Scenario s = new Scenario();
    shadow(s);
    return s.verifier(
            "verify-api-latency-recovered.json",
            new AlarmStatus("OK", Optional.of(Instant.parse("2026-11-27T10:19:40Z"))))
        .verify(s.lastScheduled());
  }

  static Report verified(String metrics, AlarmStatus status) {
    Scenario s = new Scenario();
    s.remediate("sns-api-latency-alarm.json", "api-latency-load-spike.json");
    return s.verifier(metrics, status).verify(s.lastScheduled());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reports")
  void emailText(String name, Report report) {
    Golden.assertMatches(
        name + ".email.txt",
        "Subject: " + TextReport.subject(report) + "\n\n" + TextReport.body(report));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reports")
  void jsonMatchesAndValidatesAgainstTheSchema(String name, Report report) throws IOException {
    JsonNode json = Json.MAPPER.valueToTree(report);
    assertThat(ReportSchema.violations(json)).isEmpty();
    Golden.assertMatches(name + ".json", Json.PRETTY.writeValueAsString(json) + "\n");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reports")
  void chatbotNotification(String name, Report report) throws IOException {
    JsonNode chat = ChatbotReport.render(report);
    assertThat(chat.path("version").asText()).isEqualTo("1.0");
    assertThat(chat.path("source").asText()).isEqualTo("custom");
    assertThat(chat.path("content").path("textType").asText()).isEqualTo("client-markdown");
    Golden.assertMatches(name + ".chatbot.json", Json.PRETTY.writeValueAsString(chat) + "\n");
  }
}
