package com.tradai.remediation.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.testing.CborCloudWatch;
import com.tradai.remediation.testing.Moto;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What SnapStart's priming leaves for the first event after a restore, counted, not timed: a fresh
 * JVM with Lambda's flags builds the remediation handler, runs its beforeCheckpoint, then
 * remediates the sample alarm against moto (CloudWatch on the CBOR double), and counts the classes
 * the event loads. Primed, the event loads only what no in-process rehearsal can (the real clients'
 * first requests to their endpoints, some lambdas); without the priming it loads thousands. The
 * budget has margin over the measured count (BENCHMARKS.md), so a change that undoes the priming,
 * or puts a new library on the event's path without priming it, fails here.
 */
@ExtendWith(Moto.class)
class FirstEventClassBudgetTest {
  static final int BUDGET = 100;

  @Test
  void theFirstEventAfterPrimingLoadsFewerThan100Classes(MotoServer moto) throws Exception {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024);
        CborCloudWatch cloudWatch = CborCloudWatch.replaying(FirstEventPriming.METRICS)) {
      Map<String, String> vars = new HashMap<>(env.variables());
      vars.put("AWS_ENDPOINT_URL_CLOUDWATCH", cloudWatch.endpoint());
      vars.put("AWS_LAMBDA_FUNCTION_NAME", "tradai-dev-remediation"); // as on Lambda: EMF on

      String printed = childJvm(vars, FirstEventPriming.ALARM);

      assertThat(printed).contains("\"outcome\":\"REMEDIATED\"");
      assertThat(env.desiredCount("tradai-backend-dev")).isEqualTo(3);
      long loaded =
          Long.parseLong(printed.substring(printed.indexOf("CLASSES ") + 8).split(" ")[0]);
      System.out.println(
          "first event after priming loaded " + loaded + " classes (budget " + BUDGET + ")");
      assertThat(loaded).as("classes loaded by the first event after priming").isLessThan(BUDGET);
    }
  }

  private static String childJvm(Map<String, String> vars, String event) throws Exception {
    List<String> argv =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                FirstEventAfterPriming.class.getName(),
                event));
    ProcessBuilder spawn = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD);
    spawn.environment().putAll(vars);
    Process p = spawn.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return out.lines().filter(l -> l.startsWith("CLASSES ")).findFirst().orElse(out);
  }
}
