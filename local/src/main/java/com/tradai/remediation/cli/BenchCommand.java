package com.tradai.remediation.cli;

import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.aws.CallCounter;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.handler.RemediationHandler;
import com.tradai.remediation.report.Report;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The performance benchmark (BENCHMARKS.md), against a local moto_server. Not a test: it prints
 * figures and never fails on a slow machine. See BENCHMARKS.md for how to read them.
 */
final class BenchCommand {
  static final Set<String> FLAGS =
      Set.of("--cold", "--warm", "--cli?", "--jar", "--jvm-args", "--aot?", "--snapstart?");
  private static final String SERVICE = "tradai-backend-dev";

  /**
   * The cold JVMs' classpath after the deployment jar: the local tooling's classes alone
   * (ColdInvoke and its LocalContext), so every class the handler loads comes from the jar Lambda
   * gets.
   */
  private static final Path LOCAL_CLASSES = Path.of("local/target/classes");

  private final Options options;

  BenchCommand(Options options) {
    this.options = options;
  }

  int run(PrintStream out, PrintStream err) throws Exception {
    int coldRuns = Integer.parseInt(options.get("--cold").orElse("10"));
    int warmRuns = Integer.parseInt(options.get("--warm").orElse("200"));
    Path jar = Path.of(options.get("--jar").orElse("functions/target/tradai-remediation.jar"));
    Path dir = Files.createTempDirectory("tradai-bench");
    out.printf(
        "machine: %d cores, %s, %s, java %s; load average at start %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.arch"),
        SnapStartBench.cpuModel(),
        System.getProperty("java.version"),
        SnapStartBench.loadAverage());
    out.printf("deployment jar: %s, %.1f MB%n", jar, Files.size(jar) / 1e6);
    if (!Files.isRegularFile(
        LOCAL_CLASSES.resolve(ColdInvoke.class.getName().replace('.', '/') + ".class"))) {
      throw new IllegalStateException(
          LOCAL_CLASSES + " holds no ColdInvoke: run ./run build in the repository root");
    }
    try (MotoServer moto = MotoServer.start();
        DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev")) {
      env.seed(2, 512, 1024);
      Path metrics = dir.resolve("metrics.json");
      Files.write(metrics, DemoCommand.resource(DemoCommand.METRICS));
      Path event = dir.resolve("event.json");
      Files.write(event, DemoCommand.resource(DemoCommand.EVENT));
      Map<String, String> vars = env.variables(Map.of("METRICS_REPLAY_FILE", metrics.toString()));

      if (options.has("--snapstart")) {
        // SnapStart's figure is the first event after the restore: measured alone when asked for.
        new SnapStartBench(jar, LOCAL_CLASSES, dir, moto, env, vars).run(out, coldRuns);
        return 0;
      }
      cold(out, jar, event, vars, env, coldRuns, options.get("--jvm-args").orElse(""));
      if (options.has("--aot")) {
        // JDK 25's one-step AOT cache (JEP 514): a training run records loaded and linked classes.
        Path cache = dir.resolve("tradai.aot");
        cold(out, jar, event, vars, env, 1, "-XX:AOTCacheOutput=" + cache);
        cold(out, jar, event, vars, env, coldRuns, "-XX:AOTCache=" + cache);
      }
      warm(out, vars, env, warmRuns);
      if (options.has("--cli")) {
        cli(out, moto.endpoint());
      }
    }
    return 0;
  }

  /**
   * Fresh JVMs with Lambda's default flags, one event each, wall time measured from outside. The
   * function's variables go into the process environment, where Lambda puts them.
   */
  private void cold(
      PrintStream out,
      Path jar,
      Path event,
      Map<String, String> vars,
      DemoEnvironment env,
      int runs,
      String jvmArgs)
      throws Exception {
    List<Long> wall = new ArrayList<>();
    List<long[]> split = new ArrayList<>();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int i = 0; i < runs; i++) {
      env.ecs().updateService(b -> b.cluster("tradai-dev").service(SERVICE).desiredCount(2));
      env.emptyLedger(); // each run is a first delivery: no idempotency record, lock or cooldown
      // left
      long t0 = System.nanoTime();
      List<String> argv =
          new ArrayList<>(List.of(java, "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"));
      if (!jvmArgs.isBlank()) {
        argv.addAll(Arrays.asList(jvmArgs.trim().split("\\s+")));
      }
      argv.addAll(
          List.of(
              "-cp",
              jar + File.pathSeparator + LOCAL_CLASSES,
              ColdInvoke.class.getName(),
              event.toString(),
              String.valueOf(System.currentTimeMillis())));
      ProcessBuilder spawn =
          new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD);
      spawn.environment().putAll(vars);
      Process p = spawn.start();
      String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      // The JVM may print its own lines (an AOT training run does); find ColdInvoke's figures.
      String line =
          printed
              .lines()
              .filter(l -> l.matches("-?\\d+ -?\\d+ -?\\d+ -?\\d+ \\S+"))
              .findFirst()
              .orElse(printed);
      p.waitFor(60, TimeUnit.SECONDS);
      wall.add((System.nanoTime() - t0) / 1_000_000);
      String[] f = line.split(" ");
      if (f.length < 5 || !"REMEDIATED".equals(f[4]) || env.desiredCount(SERVICE) != 3) {
        throw new IllegalStateException("cold run " + i + " did not remediate: '" + line + "'");
      }
      split.add(
          new long[] {
            Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])
          });
    }
    long medianWall = median(wall);
    long boot = median(split.stream().map(s -> s[0]).toList());
    long init = median(split.stream().map(s -> s[1]).toList());
    long first = median(split.stream().map(s -> s[2]).toList());
    long rss = split.stream().mapToLong(s -> s[3]).max().orElse(-1);
    out.printf(
        "cold invoke (%d fresh JVMs, -XX:TieredStopAtLevel=1 %s): median wall %d ms (min %d, max %d)%n",
        runs,
        jvmArgs,
        medianWall,
        wall.stream().mapToLong(Long::longValue).min().orElse(0),
        wall.stream().mapToLong(Long::longValue).max().orElse(0));
    out.printf(
        "  split (medians): JVM boot %d ms, handler init %d ms, first event %d ms;"
            + " init share (boot+init)/wall = %.0f%%%n",
        boot, init, first, 100.0 * (boot + init) / medianWall);
    out.printf("  peak RSS of a cold invoke: %.0f MB%n", rss / 1024.0);
  }

  /**
   * One handler, many events: the alarm's state-change millisecond varies so each is a new
   * transition, and the ledger is emptied between them (outside the timing) so no cooldown blocks.
   */
  private void warm(PrintStream out, Map<String, String> vars, DemoEnvironment env, int runs)
      throws IOException {
    Config config = Config.from(vars);
    CallCounter calls = new CallCounter();
    CallTimer timer = new CallTimer();
    RemediationHandler handler =
        new RemediationHandler(
            config, new AwsClients(config, List.of(calls, timer)), Clock.systemUTC());
    String event = new String(DemoCommand.resource(DemoCommand.EVENT), StandardCharsets.UTF_8);
    long[] times = new long[runs];
    Map<String, Integer> outcomes = new TreeMap<>();
    int callsFirst = -1;
    for (int i = 0; i < runs; i++) {
      env.ecs().updateService(b -> b.cluster("tradai-dev").service(SERVICE).desiredCount(2));
      env.emptyLedger();
      String millis = String.format("%03d", i % 1000);
      byte[] input =
          event
              .replace("10:15:00.000+0000", "10:15:00." + millis + "+0000")
              .getBytes(StandardCharsets.UTF_8);
      calls.reset();
      long t0 = System.nanoTime();
      Report r = handler.handle(input);
      times[i] = System.nanoTime() - t0;
      if (i == 0) {
        callsFirst = calls.total();
        out.printf(
            "AWS calls for one latency → scale-out (metrics replayed, so no GetMetricData here): %d %s%n",
            callsFirst, calls.snapshot());
      }
      outcomes.merge(r.outcome().name(), 1, Integer::sum);
    }
    Arrays.sort(times);
    out.printf(
        "warm invoke (%d in one JVM, metrics replayed): p50 %.1f ms, p99 %.1f ms, max %.1f ms; outcomes %s%n",
        runs,
        times[runs / 2] / 1e6,
        times[(int) Math.ceil(runs * 0.99) - 1] / 1e6,
        times[runs - 1] / 1e6,
        outcomes);
    out.printf(
        "  median per AWS call (ms, SDK call start to response, moto on this machine): %s%n",
        timer.medians());
  }

  /**
   * The on-call runbook's manual path: the AWS CLI commands of the latency and ECS diagnosis, then
   * the fix.
   */
  private void cli(PrintStream out, String endpoint) throws Exception {
    String lb = "app/tradai-dev/50dc6c495c0c9188";
    String window = "--start-time 2026-11-27T09:15:00Z --end-time 2026-11-27T10:15:00Z --period 60";
    List<String> commands =
        List.of(
            "cloudwatch get-metric-statistics --namespace AWS/ApplicationELB --metric-name TargetResponseTime --dimensions Name=LoadBalancer,Value="
                + lb
                + " "
                + window
                + " --statistics Average",
            "cloudwatch get-metric-statistics --namespace AWS/ApplicationELB --metric-name TargetResponseTime --dimensions Name=TargetGroup,Value=targetgroup/tradai-backend-dev/6d0ecf831eec9f09 "
                + window
                + " --statistics Average",
            "cloudwatch get-metric-statistics --namespace AWS/ApplicationELB --metric-name RequestCount --dimensions Name=LoadBalancer,Value="
                + lb
                + " "
                + window
                + " --statistics Sum",
            "cloudwatch get-metric-statistics --namespace AWS/ECS --metric-name CPUUtilization --dimensions Name=ClusterName,Value=tradai-dev Name=ServiceName,Value="
                + SERVICE
                + " "
                + window
                + " --statistics Average Maximum",
            "cloudwatch get-metric-statistics --namespace AWS/ECS --metric-name MemoryUtilization --dimensions Name=ClusterName,Value=tradai-dev Name=ServiceName,Value="
                + SERVICE
                + " "
                + window
                + " --statistics Average Maximum",
            "ecs describe-services --cluster tradai-dev --services " + SERVICE,
            "ecs update-service --cluster tradai-dev --service " + SERVICE + " --desired-count 3");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(
        Map.of(
            "AWS_ACCESS_KEY_ID",
            DemoEnvironment.ACCESS_KEY_ID,
            "AWS_SECRET_ACCESS_KEY",
            DemoEnvironment.SECRET_ACCESS_KEY,
            "AWS_DEFAULT_REGION",
            DemoEnvironment.REGION));
    long total = 0;
    for (String c : commands) {
      List<String> argv =
          new ArrayList<>(List.of("aws", "--endpoint-url", endpoint, "--output", "json"));
      argv.addAll(Arrays.asList(c.split(" ")));
      ProcessBuilder pb =
          new ProcessBuilder(argv)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.environment().putAll(env);
      long t0 = System.nanoTime();
      int code = pb.start().waitFor();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      total += ms;
      if (code != 0) {
        out.println("  aws " + c.split(" ")[0] + " " + c.split(" ")[1] + " exited " + code);
      }
    }
    out.printf(
        "on-call runbook's manual path: %d AWS CLI calls against the same moto took %d ms in all%n",
        commands.size(), total);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
