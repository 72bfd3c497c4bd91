package com.tradai.remediation.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.LocalContext;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.handler.RemediationHandler;
import com.tradai.remediation.testing.CannedEcs;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.Resources;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Over ten thousand hostile and malformed inputs, generated from the valid samples, through the
 * real stream handler. Every case must end in a classified report: no exception escapes, a rejected
 * input makes no AWS call at all, an accepted one writes only to this environment's backend
 * service, its ledger and its results topic, no log line is split, and nothing in alarm text is
 * interpreted. The full corpus runs against a canned ECS double (moto would take minutes for it);
 * every 80th case also runs against the real moto_server, with the results topic, to show the
 * double did not hide anything.
 */
@ExtendWith(Moto.class)
class HostileInputCorpusTest {
  private static final Set<String> LEDGER_WRITES =
      Set.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems");

  /** Records every AWS call with its request, to check what a write targeted. */
  static final class Recorder implements ExecutionInterceptor {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void beforeExecution(Context.BeforeExecution c, ExecutionAttributes a) {
      calls.add(a.getAttribute(SdkExecutionAttribute.OPERATION_NAME) + " " + c.request());
    }
  }

  static final class Messages extends AbstractAppender {
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    Messages() {
      super("corpus", null, null, true, Property.EMPTY_ARRAY);
    }

    @Override
    public void append(LogEvent event) {
      lines.add(event.getMessage().getFormattedMessage());
    }
  }

  /** Rejections decided on CloudWatch's answer, after the evidence reads started beside it. */
  private static final java.util.Set<String> CONFIRMATION =
      java.util.Set.of("UNKNOWN_ALARM", "ALARM_MISMATCH", "NOT_IN_ALARM");

  @Test
  void everyHostileInputEndsInAClassifiedResult_cannedEcsForAllAndMotoForASample(
      MotoServer moto, @TempDir Path tmp) throws Exception {
    HostileCorpus corpus = new HostileCorpus();
    List<HostileCorpus.Case> cases = new ArrayList<>();
    for (String sample :
        List.of(
            "sns-api-latency-alarm.json",
            "eventbridge-api-latency-alarm.json",
            "alarm-action-api-latency-alarm.json",
            "alarm-action-composite-api-latency.json",
            "manual-diagnose-api-latency.json",
            "sns-api-latency-ok.json",
            "sns-api-latency-insufficient-data.json")) {
      cases.addAll(corpus.from(sample, Resources.bytes("/events/" + sample)));
    }
    assertThat(cases).hasSizeGreaterThanOrEqualTo(10_000);

    Messages messages = new Messages();
    messages.start();
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    ctx.getConfiguration().getLoggerConfig("com.tradai").addAppender(messages, null, null);
    ctx.updateLoggers();
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024);
        CannedEcs canned = new CannedEcs()) {
      Path metrics = tmp.resolve("m.json");
      Files.write(metrics, Resources.bytes("/events/metrics/api-latency-load-spike.json"));
      Config real = Config.from(env.variables(Map.of("METRICS_REPLAY_FILE", metrics.toString())));
      Map<String, String> fast = new java.util.HashMap<>(real.raw());
      fast.put("AWS_ENDPOINT_URL", canned.endpoint());
      fast.remove("RESULTS_TOPIC_ARN");
      fast.put("AWS_MAX_ATTEMPTS", "1");
      Recorder recorder = new Recorder();
      RemediationHandler onMoto =
          new RemediationHandler(real, new AwsClients(real, List.of(recorder)), Clock.systemUTC());
      Config fastConfig = Config.from(fast);
      RemediationHandler onCanned =
          new RemediationHandler(
              fastConfig, new AwsClients(fastConfig, List.of(recorder)), Clock.systemUTC());
      String jvmVersion = System.getProperty("java.version");
      Map<String, Integer> classes = new TreeMap<>();
      int index = 0;
      for (HostileCorpus.Case c : cases) {
        RemediationHandler handler = index++ % 80 == 0 ? onMoto : onCanned;
        recorder.calls.clear();
        messages.lines.clear();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(
            new ByteArrayInputStream(c.input()), out, new LocalContext("RemediationFunction"));
        JsonNode report = Json.MAPPER.readTree(out.toByteArray());
        String outcome = report.path("outcome").asText();
        String label =
            "REJECTED".equals(outcome)
                ? "REJECTED " + report.path("rejection").path("code").asText()
                : outcome;
        classes.merge(label, 1, Integer::sum);

        assertThat(outcome).as("case %s", c.kind()).isNotBlank();
        if (outcome.equals("REJECTED")
            && !CONFIRMATION.contains(report.path("rejection").path("code").asText())) {
          assertThat(recorder.calls).as("a rejected %s case made AWS calls", c.kind()).isEmpty();
        } else if (outcome.equals("REJECTED")) {
          // refused by CloudWatch's answer, read beside the evidence: reads only, nothing written
          assertThat(recorder.calls)
              .as("a %s case CloudWatch refused", c.kind())
              .allSatisfy(call -> assertThat(call).matches("(Get|Query|Describe).*"));
        }
        for (String call : recorder.calls) {
          String op = call.substring(0, call.indexOf(' '));
          if (op.equals("UpdateService") || op.equals("RegisterTaskDefinition")) {
            assertThat(call).as("write from %s", c.kind()).contains("tradai-backend-dev");
          } else if (LEDGER_WRITES.contains(op)) {
            assertThat(call).as("ledger write from %s", c.kind()).contains(env.ledgerTable());
          } else if (!op.equals("Publish")) {
            assertThat(op)
                .as("call from %s", c.kind())
                .matches("(Describe|Get|List|Query|Filter).*");
          }
        }
        for (String line : messages.lines) {
          assertThat(line)
              .as("log line from %s", c.kind())
              .doesNotContain("\n")
              .doesNotContain("\r");
        }
        assertThat(out.toString()).doesNotContain("Java version " + jvmVersion);
      }
      System.out.println("hostile corpus: " + cases.size() + " cases → " + classes);
      assertThat(classes.keySet())
          .contains(
              "REJECTED INVALID_JSON",
              "REJECTED MISSING_FIELD",
              "REJECTED INVALID_FIELD",
              "REJECTED TOO_LARGE",
              "REJECTED UNKNOWN_SHAPE",
              "REJECTED MISSING_DIMENSIONS");
    } finally {
      ctx.getConfiguration().getLoggerConfig("com.tradai").removeAppender("corpus");
      ctx.updateLoggers();
    }
  }
}
