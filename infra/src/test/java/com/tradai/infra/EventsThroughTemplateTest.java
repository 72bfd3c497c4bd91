package com.tradai.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.EnvVars;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.cli.TemplateFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code events/} through the function it is meant for, the way a user runs it
 * locally: {@code ./run invoke --template}, i.e. the deployment jar (the shrunk one Lambda gets) in
 * its own JVM, on the synthesized dev template (handler class and environment from the template, as
 * {@code sam local invoke} reads them), with the samconfig's env-vars file ({@code
 * infra/sam/local-env.json}: DRY_RUN) and, for the template's references (Ref, GetAtt), the names
 * of an emulated environment on a real moto_server. Metrics come from the event's replay file (moto
 * cannot serve the SDK's CBOR CloudWatch).
 */
class EventsThroughTemplateTest {

  private static final Synth SYNTH = Synth.get();
  static final Path REPO = Synth.INFRA_DIR.getParent();
  static final Path EVENTS = REPO.resolve("events");
  static final Path LOCAL_ENV = Synth.INFRA_DIR.resolve("sam/local-env.json");

  /**
   * What running an event should give: its replay file (or none), the outcome, and (for the
   * commands that act) whether it runs for real and the backend's desired count afterwards.
   */
  record Expect(String metrics, String outcome, boolean dryRun, Integer backendDesired) {
    Expect(String metrics, String outcome) {
      this(metrics, outcome, true, null);
    }
  }

  /**
   * Reviewed per event. Every alarm is a dry run here (local-env.json sets DRY_RUN=true), so a
   * planned fix reports DRY_RUN. No event here is meant to be refused, so none is REJECTED. The
   * approve, reject and rollback samples hold placeholder ids (docs/local-development.md says to
   * edit them): the test first raises the plan or the change they name, as a user would, and runs
   * approve and rollback for real. The commands that change something are sent signed by an
   * operator, as ./run ops sends them (a plain one is refused: OperatorAuthenticationTest). The
   * scheduled health check runs at "now", past the 10:15 replay, so every check lacks data (and
   * says so): NO_CAUSE. The backtest sample shows no OOM (moto cannot stop Fargate tasks with OOM
   * reasons), so it is advice.
   */
  static final Map<String, Expect> EXPECTED =
      Map.ofEntries(
          Map.entry(
              "alarm-action-api-latency-alarm.json",
              new Expect("api-latency-load-spike.json", "DRY_RUN")),
          Map.entry(
              "alarm-action-composite-api-latency.json",
              new Expect("api-latency-load-spike.json", "DRY_RUN")),
          Map.entry(
              "alarm-action-dynamodb-throttle-alarm.json",
              new Expect("dynamodb-read-throttles.json", "DRY_RUN")),
          Map.entry(
              "eventbridge-api-latency-alarm.json",
              new Expect("api-latency-load-spike.json", "DRY_RUN")),
          Map.entry(
              "eventbridge-ecs-memory-alarm.json",
              new Expect("ecs-memory-pressure.json", "DRY_RUN")),
          Map.entry(
              "eventbridge-lambda-errors-alarm.json",
              new Expect("lambda-timeouts.json", "DRY_RUN")),
          Map.entry("manual-approve.json", new Expect(null, "REMEDIATED", false, 3)),
          Map.entry(
              "manual-diagnose-api-latency.json",
              new Expect("api-latency-load-spike.json", "DRY_RUN")),
          Map.entry("manual-health-check.json", new Expect("health-check.json", "ADVICE_ONLY")),
          Map.entry("manual-list-actions.json", new Expect(null, "RECORDED_OK")),
          Map.entry("manual-reject.json", new Expect(null, "BLOCKED", true, 2)),
          Map.entry("manual-reset-breaker.json", new Expect(null, "RECORDED_OK")),
          Map.entry("manual-rollback.json", new Expect(null, "REMEDIATED", false, 2)),
          Map.entry("scheduled-health-check.json", new Expect("health-check.json", "NO_CAUSE")),
          Map.entry(
              "sns-api-latency-alarm.json", new Expect("api-latency-load-spike.json", "DRY_RUN")),
          Map.entry(
              "sns-api-latency-insufficient-data.json", new Expect(null, "INSUFFICIENT_DATA")),
          Map.entry("sns-api-latency-ok.json", new Expect(null, "RECORDED_OK")),
          Map.entry(
              "sns-backtest-memory-alarm.json", new Expect("backtest-memory.json", "ADVICE_ONLY")),
          Map.entry("sns-ecs-cpu-alarm.json", new Expect("ecs-cpu-high.json", "DRY_RUN")),
          Map.entry(
              "sns-exchange-errors-alarm.json", new Expect("exchange-errors.json", "ADVICE_ONLY")),
          Map.entry(
              "sns-lambda-duration-alarm.json", new Expect("lambda-long-duration.json", "DRY_RUN")),
          Map.entry("sns-rds-cpu-alarm.json", new Expect("rds-cpu-sustained.json", "DRY_RUN")),
          Map.entry(
              "sqs-verification-check.json",
              new Expect("verify-api-latency-recovered.json", "RECOVERED")));

  /**
   * Which function an event is meant for, by its file name (docs/local-development.md, "Sample
   * events").
   */
  static String functionFor(String event) {
    if (event.startsWith("sqs-")) {
      return "VerifierFunction";
    }
    if (event.startsWith("scheduled-")) {
      return "HealthCheckFunction";
    }
    if (event.startsWith("manual-")) {
      return "OperatorFunction"; // the alarm function refuses a person's commands
    }
    return "RemediationFunction";
  }

  static List<String> events() {
    try (Stream<Path> files = Files.list(EVENTS)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json") && !n.startsWith("env-"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MotoServer moto;
  private static DemoEnvironment env;

  /**
   * One emulated dev environment for all events (seeding costs more than a run): the backend with 2
   * tasks, the topics, queues, ledger and kill switch, plus each runbook's target.
   */
  @BeforeAll
  static void startMotoAndSeed() throws IOException {
    moto = MotoServer.start();
    env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024);
    env.seedService("strategy-service", 2, 1024, 2048, true);
    env.seedLambda("tradai-signals-dev", 512, 30);
    env.seedRds("tradai-dev", "db.t4g.micro");
    env.seedTable("tradai-dev-workflow-state", 5, 5);
  }

  /**
   * Each event starts from the same state: an empty ledger (one transition through three paths
   * would otherwise be a duplicate), no policy override, the backend back at 2 tasks.
   */
  @BeforeEach
  void sameStartingState() {
    var ddb = env.dynamoDb();
    ddb.scanPaginator(b -> b.tableName(env.ledgerTable()).projectionExpression("pk, sk"))
        .items()
        .forEach(key -> ddb.deleteItem(b -> b.tableName(env.ledgerTable()).key(key)));
    env.policyOverride("{}");
    env.ecs()
        .updateService(b -> b.cluster("tradai-dev").service("tradai-backend-dev").desiredCount(2));
  }

  @AfterAll
  static void stopMoto() {
    if (env != null) {
      env.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @Test
  void everyEventFileHasAnExpectedOutcome() {
    assertThat(EXPECTED.keySet()).containsExactlyInAnyOrderElementsOf(events());
  }

  @Test
  void theLocalDevelopmentDocShowsSamLocalInvokeForEveryShapeAndCommandWithTheRightFunction() {
    String doc = FunctionSources.read(Synth.INFRA_DIR.resolveSibling("docs/local-development.md"));
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("sam local invoke --config-env dev (\\w+) -e events/(\\S+)")
            .matcher(doc);
    java.util.Set<String> shown = new java.util.TreeSet<>();
    while (m.find()) {
      assertThat(m.group(1)).as(m.group(2)).isEqualTo(functionFor(m.group(2)));
      assertThat(EVENTS.resolve(m.group(2))).exists();
      shown.add(m.group(2));
    }
    // Every manual command, every delivery shape, the verifier's and the schedule's events.
    assertThat(shown)
        .containsAll(events().stream().filter(e -> e.startsWith("manual-")).toList())
        .contains(
            "sns-api-latency-alarm.json",
            "eventbridge-api-latency-alarm.json",
            "alarm-action-api-latency-alarm.json",
            "alarm-action-composite-api-latency.json",
            "sqs-verification-check.json",
            "scheduled-health-check.json");
  }

  @ParameterizedTest
  @MethodSource("events")
  void eachEventRunsThroughItsFunctionsHandlerStringInTheTemplate(String event, @TempDir Path tmp)
      throws Exception {
    Path template = SYNTH.templateFile("dev");
    String function = functionFor(event);
    TemplateFunction fn = TemplateFunction.read(template, function, Synth.JSON);
    // The template's handler string is the one the stack declares for this function.
    RemediationStack.Handler declared =
        Stream.of(RemediationStack.Handler.values())
            .filter(h -> h.logicalId.equals(function))
            .findFirst()
            .orElseThrow();
    assertThat(fn.handlerClass() + "::" + fn.handlerMethod()).isEqualTo(declared.handler);

    {
      Expect expect = EXPECTED.get(event);
      Path eventFile = prepared(event, env, fn, tmp);

      JsonNode result = invoke(env, fn, eventFile, expect.metrics(), expect.dryRun(), tmp);

      JsonNode report =
          function.equals("VerifierFunction") ? result.path("reports").path(0) : result;
      assertThat(report.path("environment").asText()).isEqualTo("dev");
      assertThat(report.path("outcome").asText())
          .as(event + " → " + function + ": " + report.path("summary").asText())
          .isEqualTo(expect.outcome())
          .isNotEqualTo("REJECTED");
      if (function.equals("VerifierFunction")) {
        assertThat(result.path("batchItemFailures")).isEmpty();
      }
      if (expect.backendDesired() != null) {
        assertThat(env.desiredCount("tradai-backend-dev")).isEqualTo(expect.backendDesired());
      }
    }
  }

  /**
   * The event as a user runs it: the approve, reject and rollback samples get the id of a plan or
   * change raised just before (an alarm, at the alarm function, whose scale-out waits for approval
   * or is applied); so does the verifier's check, since the verifier acts only on a fix the ledger
   * recorded.
   */
  private static Path prepared(String event, DemoEnvironment env, TemplateFunction fn, Path tmp)
      throws Exception {
    String field =
        switch (event) {
          case "manual-approve.json", "manual-reject.json" -> "planId";
          case "manual-rollback.json", "sqs-verification-check.json" -> "auditId";
          default -> null;
        };
    if (field == null) {
      return event.equals("manual-reset-breaker.json")
          ? signed(env, Files.readString(EVENTS.resolve(event)), event, tmp)
          : EVENTS.resolve(event);
    }
    if (field.equals("planId")) {
      env.policyOverride("{\"guards\": {\"approval\": {\"always\": [\"ecs-scale\"]}}}");
    }
    // the alarm goes to the alarm function; the command then to the operator function (fn)
    TemplateFunction alarmFunction =
        TemplateFunction.read(SYNTH.templateFile("dev"), "RemediationFunction", Synth.JSON);
    JsonNode alarm =
        invoke(
            env,
            alarmFunction,
            EVENTS.resolve("sns-api-latency-alarm.json"),
            "api-latency-load-spike.json",
            false,
            tmp);
    String id =
        field.equals("planId")
            ? alarm.path("decisions").path(0).path("planId").asText()
            : alarm.path("changes").path(0).path("auditId").asText();
    assertThat(id).as(alarm.toString()).isNotBlank();
    ObjectNode command = (ObjectNode) Synth.JSON.readTree(EVENTS.resolve(event).toFile());
    if (event.startsWith("sqs-")) {
      // a verification check is the verifier's queue record, not an operator's command: not signed
      ObjectNode record = (ObjectNode) command.path("Records").path(0);
      ObjectNode check = (ObjectNode) Synth.JSON.readTree(record.path("body").asText());
      ((ObjectNode) check.path("changes").path(0)).put(field, id);
      record.put("body", check.toString());
      Path file = tmp.resolve(event);
      Synth.JSON.writeValue(file.toFile(), command);
      return file;
    }
    command.put(field, id);
    return signed(env, command.toString(), event, tmp);
  }

  /**
   * A command that changes something, as ./run ops sends it: signed by a session of the operator
   * role the env-vars file names (OPERATOR_ROLE_ARNS), which moto's STS names back.
   */
  private static Path signed(DemoEnvironment env, String command, String event, Path tmp)
      throws IOException {
    Path file = tmp.resolve(event);
    Files.write(
        file, com.tradai.remediation.testing.OperatorSigning.asOncall(env.variables(), command));
    return file;
  }

  /**
   * {@code invoke --template <dev template> --function <id>} with an env-vars file as a user writes
   * it for a local run: samconfig's local-env.json (DRY_RUN=true, unless told otherwise), the
   * emulator's names for the template's references, and the emulator's credentials.
   */
  private static JsonNode invoke(
      DemoEnvironment env,
      TemplateFunction fn,
      Path event,
      String metrics,
      boolean dryRun,
      Path tmp)
      throws Exception {
    ObjectNode vars = Synth.JSON.createObjectNode();
    ObjectNode params = vars.putObject("Parameters");
    // ALARM_MAX_AGE_MINUTES: the sample events are recordings, replayed whatever their age
    for (String name :
        List.of(
            "AWS_REGION",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_MAX_ATTEMPTS",
            "ALARM_MAX_AGE_MINUTES")) {
      params.put(name, env.variables().get(name));
    }
    ObjectNode own = vars.putObject(fn.logicalId());
    EnvVars.read(LOCAL_ENV, fn.logicalId(), Synth.JSON).forEach(own::put);
    fn.unresolved().keySet().forEach(name -> own.put(name, env.variables().get(name)));
    if (!dryRun) {
      own.put("DRY_RUN", "false");
    }
    if (fn.logicalId().equals("OperatorFunction")) {
      // dev's template names no operator role; a local run names the one its commands are signed by
      own.put("OPERATOR_ROLE_ARNS", env.variables().get("OPERATOR_ROLE_ARNS"));
    }
    Path varsFile = Files.createTempFile(tmp, "env", ".json");
    Synth.JSON.writeValue(varsFile.toFile(), vars);

    List<String> args =
        new ArrayList<>(
            List.of(
                "invoke",
                "--template",
                SYNTH.templateFile("dev").toString(),
                "--function",
                fn.logicalId(),
                "--event",
                event.toString(),
                "--env-vars",
                varsFile.toString(),
                "--endpoint",
                moto.endpoint()));
    if (metrics != null) {
      args.addAll(List.of("--metrics", EVENTS.resolve("metrics").resolve(metrics).toString()));
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                invokeClasspath(),
                "com.tradai.remediation.cli.Main"));
    command.addAll(args);
    Path err = Files.createTempFile(tmp, "stderr", ".txt");
    Process run = new ProcessBuilder(command).redirectError(err.toFile()).start();
    byte[] out = run.getInputStream().readAllBytes();
    int code = run.waitFor();
    String log = Files.readString(err);
    assertThat(code).as(log).isZero();
    assertThat(log).doesNotContain("left unset");
    if (fn.logicalId().equals("HealthCheckFunction")) {
      // the schedule's ScheduledEvent, read by the runtime's serializer as it survives the shrink
      assertThat(log).contains("health check for scheduled event ");
    }
    return result(out);
  }

  /**
   * The function's result: the whole of what the run printed on stdout, one JSON document (EMF
   * metric lines, which AWS_EMF_ENVIRONMENT=Local turns on in this JVM's environment, go to
   * stderr).
   */
  static JsonNode result(byte[] stdout) throws IOException {
    List<JsonNode> printed = new ArrayList<>();
    try (var values = Synth.JSON.readerFor(JsonNode.class).<JsonNode>readValues(stdout)) {
      values.forEachRemaining(printed::add);
    }
    assertThat(printed).as(new String(stdout, StandardCharsets.UTF_8)).hasSize(1);
    return printed.get(0);
  }

  /**
   * What {@code ./run invoke} runs: the deployment jar, then the local tooling's own classes (the
   * command line, not its dependencies), so the handler and everything it loads come from the jar
   * Lambda gets.
   */
  static String invokeClasspath() throws IOException {
    Path local = REPO.resolve("local/target/classes");
    assertThat(local.resolve("com/tradai/remediation/cli/Main.class"))
        .as("the local tooling's classes: run ./run build (or ./mvnw verify) first")
        .exists();
    return deploymentJar() + java.io.File.pathSeparator + local;
  }

  /**
   * The shrunk jar that is deployed: ProGuard leaves out what it finds unreachable, so these runs
   * are what shows that nothing the functions need was left out. A jar older than the compiled
   * classes would test something else: build it first (the root's {@code ./mvnw verify} does).
   */
  static Path deploymentJar() throws IOException {
    Path jar = REPO.resolve("functions/target/tradai-remediation.jar");
    assertThat(jar).as("the deployment jar: run ./run build (or ./mvnw verify) first").exists();
    java.nio.file.attribute.FileTime built = Files.getLastModifiedTime(jar);
    try (Stream<Path> newer =
        Files.find(
            REPO.resolve("functions/target/classes"),
            Integer.MAX_VALUE,
            (p, file) -> file.isRegularFile() && file.lastModifiedTime().compareTo(built) > 0)) {
      assertThat(newer.limit(3).toList())
          .as("compiled after %s was built: run ./run build first", jar)
          .isEmpty();
    }
    return jar;
  }
}
