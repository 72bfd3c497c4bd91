package com.tradai.remediation.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.handler.OperatorHandler;
import com.tradai.remediation.handler.RemediationHandler;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.testing.CborCloudWatch;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.Resources;
import com.tradai.remediation.testing.SecretScan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Secrets stay out of logs, and alarm text never names a resource, a metric dimension or a shell
 * argument. The handler runs with distinctive credentials (moto accepts any) so a leak is findable.
 */
@ExtendWith(Moto.class)
class SecurityTest {
  static final String KEY_ID = SecretScan.KEY_ID;
  static final String SECRET = SecretScan.SECRET;
  static final String TOKEN = SecretScan.TOKEN;
  static final String MARK = "zzmark7031";

  static List<String> findings(String text) {
    return SecretScan.findings(text);
  }

  /**
   * Every log event (root logger, all levels enabled for the SDK's request logger) plus
   * stdout/stderr.
   */
  static final class Capture implements AutoCloseable {
    final StringWriter logs = new StringWriter();
    final ByteArrayOutputStream std = new ByteArrayOutputStream();
    final PrintStream out = System.out;
    final PrintStream err = System.err;
    final WriterAppender appender;

    Capture() {
      LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
      Configuration config = ctx.getConfiguration();
      appender =
          WriterAppender.newBuilder()
              .setName("security-capture")
              .setTarget(logs)
              .setLayout(
                  PatternLayout.newBuilder()
                      .withPattern("%p %c %m %X %throwable%n")
                      .withConfiguration(config)
                      .build())
              .build();
      appender.start();
      config.getRootLogger().addAppender(appender, null, null);
      config.getLoggerConfig("com.tradai").addAppender(appender, null, null);
      ctx.updateLoggers();
      Configurator.setLevel("software.amazon.awssdk.request", Level.DEBUG);
      PrintStream both = new PrintStream(std, true, StandardCharsets.UTF_8);
      System.setOut(both);
      System.setErr(both);
    }

    String text() {
      return logs + "\n" + std.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
      System.setOut(out);
      System.setErr(err);
      Configurator.setLevel("software.amazon.awssdk.request", Level.INFO);
      LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
      ctx.getConfiguration().getRootLogger().removeAppender("security-capture");
      ctx.getConfiguration().getLoggerConfig("com.tradai").removeAppender("security-capture");
      appender.stop();
      ctx.updateLoggers();
    }
  }

  /** Records each SDK request as the SDK prints it, by "Service:Operation". */
  static final class Requests implements ExecutionInterceptor {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes a) {
      seen.add(
          a.getAttribute(SdkExecutionAttribute.SERVICE_NAME)
              + ":"
              + a.getAttribute(SdkExecutionAttribute.OPERATION_NAME)
              + " "
              + context.request());
    }
  }

  private static Map<String, String> vars(DemoEnvironment env, CborCloudWatch cw) {
    Map<String, String> v = new HashMap<>(env.variables());
    v.put("AWS_ENDPOINT_URL_CLOUDWATCH", cw.endpoint());
    v.put("AWS_ACCESS_KEY_ID", KEY_ID);
    v.put("AWS_SECRET_ACCESS_KEY", SECRET);
    v.put("AWS_SESSION_TOKEN", TOKEN);
    v.put("AWS_MAX_ATTEMPTS", "2");
    return v;
  }

  private static RemediationHandler handler(
      Map<String, String> vars, ExecutionInterceptor... interceptors) {
    Config config = Config.from(vars);
    return new RemediationHandler(
        config,
        new AwsClients(config, List.of(interceptors), Duration.ofMillis(5)),
        Clock.systemUTC());
  }

  private static CborCloudWatch cloudWatch() {
    return CborCloudWatch.replaying("/events/metrics/api-latency-load-spike.json");
  }

  private static String stackOf(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  @Test
  void theScannerFindsEachSecretShape() {
    assertThat(findings("key " + KEY_ID)).hasSize(1);
    assertThat(findings("k ASIA" + "ABCDEFGHIJKLMNOP")).hasSize(1);
    assertThat(findings("s=" + SECRET)).hasSize(1);
    assertThat(findings("t " + TOKEN)).hasSize(1);
    assertThat(findings("Authorization: AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/2026"))
        .hasSize(3);
    assertThat(findings("remediated tradai-backend-dev 2 → 3")).isEmpty();
  }

  /**
   * The main scenarios under one capture, with the SDK's request logger at DEBUG: a fix, a dry run,
   * a throttled apply, a failed publish (its exception and stack trace scanned too), a rejected
   * input and the ledger's list-actions. Nothing in the output matches a credential.
   */
  @Test
  void logsOfTheMainScenariosCarryNoCredentials(MotoServer moto) throws IOException {
    String captured;
    List<String> outcomes = new ArrayList<>();
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024);
        CborCloudWatch cw = cloudWatch();
        Capture capture = new Capture()) {
      byte[] alarm = Resources.bytes("/events/sns-api-latency-alarm.json");
      Map<String, String> vars = vars(env, cw);
      Map<String, String> dry = new HashMap<>(vars);
      dry.put("DRY_RUN", "true");
      outcomes.add(
          handler(dry)
              .handle(Resources.bytes("/events/alarm-action-api-latency-alarm.json"))
              .outcome()
              .name());
      byte[] next =
          Resources.text("/events/sns-api-latency-alarm.json")
              .replace("2026-11-27T10:15:00.000", "2026-11-27T10:15:00.001")
              .getBytes(StandardCharsets.UTF_8);
      outcomes.add(
          handler(vars, FaultInjector.persistent("Ecs:UpdateService", FaultInjector.Kind.THROTTLE))
              .handle(next)
              .outcome()
              .name());
      outcomes.add(handler(vars).handle(alarm).outcome().name());
      outcomes.add(
          handler(vars)
              .handle(Resources.bytes("/events/eventbridge-api-latency-alarm.json"))
              .outcome()
              .name());
      Config operatorConfig = Config.from(vars);
      outcomes.add(
          new OperatorHandler(
                  operatorConfig,
                  new AwsClients(operatorConfig, List.of(), Duration.ofMillis(5)),
                  Clock.systemUTC())
              .handle("{\"command\":\"list-actions\"}".getBytes(StandardCharsets.UTF_8))
              .outcome()
              .name());
      outcomes.add(
          handler(vars)
              .handle(
                  "{\"Records\":[{\"Sns\":{\"Message\":\"{\\\"AlarmName\\\":1}\"}}]}"
                      .getBytes(StandardCharsets.UTF_8))
              .outcome()
              .name());
      byte[] third =
          Resources.text("/events/sns-api-latency-alarm.json")
              .replace("2026-11-27T10:15:00.000", "2026-11-27T10:15:00.002")
              .getBytes(StandardCharsets.UTF_8);
      try {
        handler(vars, FaultInjector.persistent("Sns:Publish", FaultInjector.Kind.TIMEOUT))
            .handle(third);
        outcomes.add("returned");
      } catch (RuntimeException e) {
        outcomes.add("threw");
        System.err.println(stackOf(e));
      }
      captured = capture.text();
    }
    assertThat(outcomes)
        .containsExactly(
            "DRY_RUN", "FAILED", "REMEDIATED", "BLOCKED", "RECORDED_OK", "REJECTED", "threw");
    // the capture saw the run: the SDK's request log, the shell's log lines, the stack trace
    assertThat(captured)
        .contains("Sending Request")
        .contains("api-latency: High API Latency: Load spike")
        .contains("SdkClientException")
        .contains("Read timed out (injected)");
    assertThat(findings(captured)).isEmpty();
  }

  private static byte[] hostileLatencyAlarm() throws IOException {
    JsonNode event = Json.MAPPER.readTree(Resources.bytes("/events/sns-api-latency-alarm.json"));
    ObjectNode sns = (ObjectNode) event.path("Records").get(0).path("Sns");
    ObjectNode message = (ObjectNode) Json.MAPPER.readTree(sns.path("Message").asText());
    String hostile =
        MARK + " $(touch /tmp/" + MARK + "); `id` ${jndi:ldap://x/" + MARK + "} @channel <!here>";
    message.put("AlarmDescription", hostile);
    message.put("NewStateReason", "Threshold Crossed " + hostile);
    sns.put("Message", Json.MAPPER.writeValueAsString(message));
    return Json.MAPPER.writeValueAsBytes(event);
  }

  /**
   * Alarm text (description and reason, with shell, lookup and mention syntax) carries a marker: no
   * ECS, CloudWatch or SSM request names it (the fix's target comes from the function's
   * configuration), the fix lands on the configured service, and no EMF document carries it
   * (dimensions are Environment, Runbook and Outcome only). Not covered here: the alarm's own
   * metric dimensions (e.g. its LoadBalancer) are read back as GetMetricData query dimensions, by
   * design.
   */
  @Test
  void alarmTextNeverNamesAResourceOrAMetricDimension(MotoServer moto) throws Exception {
    Requests requests = new Requests();
    Report report;
    String stdout;
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024);
        CborCloudWatch cw = cloudWatch()) {
      Map<String, String> vars = vars(env, cw);
      PrintStream original = System.out;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      try {
        report = handler(vars, requests).handle(hostileLatencyAlarm());
      } finally {
        System.setOut(original);
      }
      stdout = out.toString(StandardCharsets.UTF_8);
      assertThat(env.desiredCount("tradai-backend-dev")).as(report.summary()).isEqualTo(3);
    }
    assertThat(report.outcome().name()).isEqualTo("REMEDIATED");
    assertThat(report.changes())
        .singleElement()
        .satisfies(c -> assertThat(c.target()).isEqualTo("tradai-backend-dev"));
    List<String> resourceCalls =
        requests.seen.stream()
            .filter(
                r -> r.startsWith("Ecs:") || r.startsWith("CloudWatch:") || r.startsWith("Ssm:"))
            .toList();
    assertThat(resourceCalls).isNotEmpty().noneMatch(r -> r.contains(MARK));
    assertThat(requests.seen)
        .filteredOn(r -> r.startsWith("CloudWatch:GetMetricData"))
        .singleElement()
        .asString()
        .contains("app/tradai-dev/50dc6c495c0c9188");

    List<JsonNode> emf = new ArrayList<>();
    for (String line : stdout.lines().toList()) {
      if (line.startsWith("{") && line.contains("\"_aws\"")) {
        emf.add(Json.MAPPER.readTree(line));
      }
    }
    assertThat(emf).isNotEmpty();
    Set<String> allowed = Set.of("Environment", "Runbook", "Outcome");
    for (JsonNode doc : emf) {
      assertThat(doc.toString()).doesNotContain(MARK);
      doc.path("_aws")
          .path("CloudWatchMetrics")
          .forEach(
              m ->
                  m.path("Dimensions")
                      .forEach(set -> set.forEach(d -> assertThat(d.asText()).isIn(allowed))));
      assertThat(doc.path("Environment").asText()).isEqualTo("dev");
    }
  }

  /**
   * Nothing in the Lambda code starts a process (moto_server and the benchmark are local tooling):
   * no shell argument exists.
   */
  @Test
  void noProcessIsStartedOutsideTheLocalCli() throws IOException {
    Path main = Path.of("src/main/java/com/tradai/remediation");
    List<String> offenders;
    try (Stream<Path> files = Files.walk(main)) {
      offenders =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(
                  f -> {
                    try {
                      String s = Files.readString(f);
                      return s.contains("ProcessBuilder")
                          || s.contains(".exec(")
                          || s.contains("Runtime.getRuntime()");
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .map(Path::toString)
              .toList();
    }
    assertThat(offenders).isEmpty();
  }
}
