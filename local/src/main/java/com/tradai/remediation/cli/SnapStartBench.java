package com.tradai.remediation.cli;

import com.tradai.remediation.config.Config;
import com.tradai.remediation.handler.RemediationHandler;
import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code bench --snapstart}: for each function, fresh JVMs with Lambda's flags that build the
 * handler, run its priming as SnapStart's beforeCheckpoint does ({@link SnapStartInvoke}), then
 * time the first event and count the classes it loaded; then one more such JVM with {@code
 * -Xlog:class+load} for the split by package of what the first event still loads. Not a test: it
 * prints figures and never fails because the machine is slow.
 */
final class SnapStartBench {
  /** The compat package org.crac loads instead of a CRaC JVM's, as the Lambda runtime's does. */
  static final String COMPAT = "-Dorg.crac.Core.Compat=com.tradai.remediation.cli.snapstart";

  /** Each function and the sample event of its first invocation, bundled in the jar. */
  static final Map<String, String> FUNCTIONS =
      new LinkedHashMap<>(
          Map.of(
              "remediation",
              DemoCommand.EVENT,
              "verifier",
              "/events/sqs-verification-check.json",
              "operator",
              "/events/manual-list-actions.json",
              "health-check",
              "/events/scheduled-health-check.json"));

  private static final List<String> ORDER =
      List.of("remediation", "verifier", "operator", "health-check");
  private static final String SERVICE = "tradai-backend-dev";

  private final Path jar;
  private final Path localClasses;
  private final Path dir;
  private final DemoEnvironment env;
  private final Map<String, String> vars;
  private final MotoServer moto;

  SnapStartBench(
      Path jar,
      Path localClasses,
      Path dir,
      MotoServer moto,
      DemoEnvironment env,
      Map<String, String> vars) {
    this.moto = moto;
    this.jar = jar;
    this.localClasses = localClasses;
    this.dir = dir;
    this.env = env;
    this.vars = vars;
  }

  void run(PrintStream out, int runs) throws Exception {
    for (String function : ORDER) {
      Path event = dir.resolve(function + "-event.json");
      Files.write(event, DemoCommand.resource(FUNCTIONS.get(function)));
      if (function.equals("verifier")) {
        out.printf(
            "  (verifier: each JVM's first event is the check a fix just scheduled on moto's"
                + " verification queue, %s, read on the recovered replay)%n",
            env.verifyQueueArn());
      }
      List<long[]> figures = new ArrayList<>();
      List<long[]> unprimed = new ArrayList<>();
      List<String> outcomes = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        // alternating with the same JVM without the priming, so both see the same machine load
        for (boolean primed : List.of(true, false)) {
          String[] f = once(function, event, null, primed);
          (primed ? figures : unprimed)
              .add(
                  new long[] {
                    Long.parseLong(f[1]),
                    Long.parseLong(f[2]),
                    Long.parseLong(f[3]),
                    Long.parseLong(f[4])
                  });
          outcomes.add(f[5]);
        }
      }
      Path log = dir.resolve(function + "-classes.log");
      once(function, event, log, true);
      out.printf(
          "snapstart %s (%d fresh JVMs, -XX:TieredStopAtLevel=1, priming via beforeCheckpoint; load %s):"
              + " first event median %d ms (min %d, max %d), classes loaded during it median %d (min %d, max %d);"
              + " init %d ms, priming %d ms; outcomes %s%n",
          function,
          runs,
          loadAverage(),
          median(figures, 2),
          min(figures, 2),
          max(figures, 2),
          median(figures, 3),
          min(figures, 3),
          max(figures, 3),
          median(figures, 0),
          median(figures, 1),
          outcomes.stream().distinct().toList());
      out.printf(
          "  the same without priming, alternating: first event median %d ms (min %d, max %d),"
              + " classes median %d%n",
          median(unprimed, 2), min(unprimed, 2), max(unprimed, 2), median(unprimed, 3));
      out.printf(
          "  still loaded on the first event, by package (one -Xlog:class+load run): %s%n",
          byPackage(log));
    }
  }

  /** One JVM: returns the SNAPSTART line's fields. */
  private String[] once(String function, Path event, Path classLog, boolean primed)
      throws Exception {
    env.ecs().updateService(b -> b.cluster("tradai-dev").service(SERVICE).desiredCount(2));
    env.emptyLedger();
    Map<String, String> functionVars = vars;
    if (function.equals("verifier")) {
      Files.write(event, scheduledCheck());
      functionVars = recoveredReplay();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> argv =
        new ArrayList<>(List.of(java, "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", COMPAT));
    if (classLog != null) {
      argv.add("-Xlog:class+load=info:file=" + classLog);
    }
    argv.addAll(
        List.of(
            "-cp",
            jar + File.pathSeparator + localClasses,
            SnapStartInvoke.class.getName(),
            function,
            event.toString()));
    if (!primed) {
      argv.add("--unprimed");
    }
    Path stderr = dir.resolve(function + "-stderr.txt");
    ProcessBuilder spawn = new ProcessBuilder(argv).redirectError(stderr.toFile());
    spawn.environment().putAll(functionVars);
    // As on Lambda: the function's name is set, so EMF is on (its lines go to stdout, skipped
    // here).
    spawn.environment().put("AWS_LAMBDA_FUNCTION_NAME", "tradai-dev-" + function);
    Process p = spawn.start();
    String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    String line =
        printed
            .lines()
            .filter(l -> l.startsWith("SNAPSTART "))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        function + " printed no SNAPSTART line: " + printed + "\n" + tail(stderr)));
    return line.split(" ");
  }

  /**
   * The verifier's first event as Lambda delivers it: a fix is made on moto (the remediation
   * handler, in this JVM, on the sample alarm at the demo's time), and the check its report put on
   * the verification queue, the real message body, becomes a record of that queue (its ARN). So the
   * verifier admits it (its own queue, its fix in the ledger) and runs a real check, as it does on
   * Lambda, rather than refusing a sample record whose queue and audit id are foreign.
   */
  private byte[] scheduledCheck() throws IOException {
    Set<String> before =
        moto.sqsMessages().stream().map(MotoServer.SqsMessage::body).collect(Collectors.toSet());
    PrintStream stdout = System.out;
    Report fix;
    try {
      System.setOut(new PrintStream(java.io.OutputStream.nullOutputStream())); // its EMF lines
      fix =
          new RemediationHandler(
                  Config.from(vars), Clock.fixed(DemoCommand.FIXED_AT, ZoneOffset.UTC))
              .handle(DemoCommand.resource(DemoCommand.EVENT));
    } finally {
      System.setOut(stdout);
    }
    if (fix.outcome() != Outcome.REMEDIATED) {
      throw new IllegalStateException("the fix before the verifier's check was " + fix.outcome());
    }
    String check =
        moto.sqsMessages().stream()
            .filter(
                m ->
                    m.delayed()
                        && m.body().contains("tradai-verification")
                        && !before.contains(m.body()))
            .map(MotoServer.SqsMessage::body)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the fix scheduled no check on " + env.verifyQueueArn()));
    return env.verificationEvent("bench-" + System.nanoTime(), check);
  }

  /**
   * The verifier's variables: metrics replayed from after the fix (recovered), as the demo's check.
   */
  private Map<String, String> recoveredReplay() throws IOException {
    Path recovered = dir.resolve("metrics-recovered.json");
    Files.write(recovered, DemoCommand.resource(DemoCommand.RECOVERED));
    Map<String, String> v = new HashMap<>(vars);
    v.put("METRICS_REPLAY_FILE", recovered.toString());
    return v;
  }

  /** The classes loaded between the two markers, counted by package (the first four name parts). */
  static String byPackage(Path classLog) throws IOException {
    List<String> loaded = eventClasses(Files.readAllLines(classLog));
    Map<String, Long> counts =
        loaded.stream()
            .collect(
                Collectors.groupingBy(
                    SnapStartBench::packageOf, TreeMap::new, Collectors.counting()));
    return loaded.size()
        + " in all: "
        + counts.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "));
  }

  /** From a -Xlog:class+load log, the class names loaded between the event's two marker classes. */
  static List<String> eventClasses(List<String> log) {
    List<String> names = new ArrayList<>();
    boolean inEvent = false;
    for (String line : log) {
      int tag = line.indexOf("[class,load] ");
      if (tag < 0) {
        continue;
      }
      String name = line.substring(tag + 13).split(" ")[0];
      if (name.endsWith("SnapStartInvoke$EventStarts")) {
        inEvent = true;
      } else if (name.endsWith("SnapStartInvoke$EventEnds")) {
        break;
      } else if (inEvent) {
        names.add(name);
      }
    }
    return names;
  }

  static String packageOf(String className) {
    String name = className.replaceAll("\\$\\$Lambda.*|/0x.*", "");
    int dot = name.lastIndexOf('.');
    String pkg = dot < 0 ? "(default)" : name.substring(0, dot);
    return Arrays.stream(pkg.split("\\.")).limit(4).collect(Collectors.joining("."));
  }

  private static long median(List<long[]> rows, int i) {
    long[] v = rows.stream().mapToLong(r -> r[i]).sorted().toArray();
    return v[v.length / 2];
  }

  private static long min(List<long[]> rows, int i) {
    return rows.stream().mapToLong(r -> r[i]).min().orElse(-1);
  }

  private static long max(List<long[]> rows, int i) {
    return rows.stream().mapToLong(r -> r[i]).max().orElse(-1);
  }

  /** /proc/loadavg's three averages: the machine is shared, so every figure carries its load. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no stderr: " + e + ")";
    }
  }

  static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }
}
