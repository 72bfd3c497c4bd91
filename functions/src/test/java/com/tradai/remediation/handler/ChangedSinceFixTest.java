package com.tradai.remediation.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradai.remediation.alarm.MetricIdentity;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.ledger.ActionCodec;
import com.tradai.remediation.ledger.AuditRecord;
import com.tradai.remediation.ledger.DynamoDbLedger;
import com.tradai.remediation.ports.AlarmStatus;
import com.tradai.remediation.ports.VerificationRequest;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.Resources;
import com.tradai.remediation.testing.Scenario;
import com.tradai.remediation.verify.CheckMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A fix applied by the remediation function, then the account moves on (a deploy, a hand scaling, a
 * pipeline's new Lambda version, a class change), then the fix is rolled back: through the
 * operator's rollback command and through the verifier's automatic rollback (dev rolls back a fix
 * that made things worse). Each time the rollback re-reads the resource, finds it changed since the
 * fix, changes nothing (read back from moto), reports REFUSED naming what changed, and exactly one
 * report reaches the escalation topic. On moto_server with the real handlers and SDK clients; the
 * alarm's state for the verifier is scripted (moto does not evaluate alarms).
 */
@ExtendWith(Moto.class)
class ChangedSinceFixTest {
  static final String BACKEND = "tradai-backend-dev";
  static final String FN = "tradai-signals-dev";
  static final Instant AT = Instant.parse("2026-11-27T10:15:00Z");

  @TempDir Path tmp;

  /** One case: how to set the account up, the fix's alarm, what moves after it, what must hold. */
  record Case(
      String name,
      Consumer<DemoEnvironment> seed,
      String replay,
      String event,
      Consumer<DemoEnvironment> moveOn,
      Function<DemoEnvironment, Object> awsState,
      Function<DemoEnvironment, String> refusal) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "ECS image deployed after a memory fix",
            env -> env.seed(2, 1024, 2048),
            "ecs-memory-pressure.json",
            "eventbridge-ecs-memory-alarm.json",
            ChangedSinceFixTest::deployImage2,
            env -> List.of(serviceRevision(env), revisions(env)),
            env ->
                BACKEND
                    + " now runs "
                    + BACKEND
                    + ":3 (image tradai/backend:2), deployed after the fix;"
                    + " a person decides"),
        new Case(
            "ECS count changed by hand after a scale-out",
            env -> env.seed(2, 512, 1024),
            "ecs-cpu-high.json",
            "sns-ecs-cpu-alarm.json",
            env ->
                env.ecs()
                    .updateService(b -> b.cluster("tradai-dev").service(BACKEND).desiredCount(6)),
            env -> env.desiredCount(BACKEND),
            env ->
                BACKEND + " now has desiredCount 6, not 3: scaled after the fix; a person decides"),
        new Case(
            "Lambda version published after a memory fix",
            ChangedSinceFixTest::seedLambda,
            "lambda-long-duration.json",
            "sns-lambda-duration-alarm.json",
            ChangedSinceFixTest::publishVersion3,
            env ->
                List.of(
                    alias(env),
                    env.lambda().listVersionsByFunction(b -> b.functionName(FN)).versions().size(),
                    env.lambda()
                        .getFunctionConfiguration(b -> b.functionName(FN).qualifier("3"))
                        .memorySize()),
            env ->
                "alias live of "
                    + FN
                    + " now serves version 3 (code "
                    + env.lambda()
                        .getFunctionConfiguration(b -> b.functionName(FN).qualifier("3"))
                        .codeSha256()
                        .substring(0, 12)
                    + "…), not 2: published"
                    + " after the fix; a person decides"),
        new Case(
            "RDS class changed since the fix",
            env -> env.seed(2, 512, 1024).seedRds("tradai-dev", "db.t4g.micro"),
            "rds-cpu-sustained.json",
            "sns-rds-cpu-alarm.json",
            env ->
                env.rds()
                    .modifyDBInstance(
                        b ->
                            b.dbInstanceIdentifier("tradai-dev")
                                .dbInstanceClass("db.t4g.medium")
                                .applyImmediately(true)),
            ChangedSinceFixTest::rdsClass,
            env ->
                "tradai-dev is now db.t4g.medium, not db.t4g.small: changed after the fix; a person decides"));
  }

  @ParameterizedTest(name = "operator rollback: {0}")
  @MethodSource("cases")
  void theOperatorsRollbackIsRefusedChangesNothingAndEscalatesOnce(Case c, MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev")) {
      String fixAudit = fixThenMoveOn(env, c);
      Object before = c.awsState().apply(env);

      JsonNode report =
          Json.MAPPER.valueToTree(
              new OperatorHandler(Config.from(env.variables()), Scenario.CHECK_CLOCK)
                  .handle(
                      com.tradai.remediation.testing.OperatorSigning.asOncall(
                          env.variables(),
                          "{\"command\":\"rollback\",\"auditId\":\""
                              + fixAudit
                              + "\",\"by\":\"alice\"}")));

      String refusal = c.refusal().apply(env);
      assertThat(report.path("outcome").asText()).isEqualTo("REFUSED");
      assertThat(report.path("changes"))
          .singleElement()
          .satisfies(
              change -> {
                assertThat(change.path("status").asText()).isEqualTo("REFUSED");
                assertThat(change.path("detail").asText()).isEqualTo(refusal);
              });
      assertThat(report.path("summary").asText()).endsWith("REFUSED: " + refusal);
      assertThat(c.awsState().apply(env)).as("AWS unchanged").isEqualTo(before);
      assertRefusedInTheLedger(env, fixAudit, refusal);
      List<JsonNode> escalations = drain(env, env.escalationQueueUrl());
      assertThat(escalations).hasSize(1);
      assertThat(
              escalations
                  .getFirst()
                  .path("MessageAttributes")
                  .path("outcome")
                  .path("Value")
                  .asText())
          .isEqualTo("REFUSED");
    }
  }

  /**
   * The verifier holds write grants for ECS only: its rollback of an ECS fix is re-checked like the
   * operator's; a Lambda or RDS fix it never touches, it pages with the operator's rollback line
   * (which then re-checks, above). Either way nothing changes and one page goes out.
   */
  @ParameterizedTest(name = "verifier rollback: {0}")
  @MethodSource("cases")
  void theVerifiersRollbackIsRefusedChangesNothingAndPagesOnce(Case c, MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev")) {
      JsonNode fix = fixedThenMovedOn(env, c);
      String fixAudit = fix.path("changes").get(0).path("auditId").asText();
      Object before = c.awsState().apply(env);

      JsonNode verdict = verifyWorse(env, fix.toString()).path("reports").get(0);

      assertThat(verdict.path("outcome").asText()).isEqualTo("NOT_RECOVERED");
      String nextStep = verdict.path("verification").path("nextStep").asText();
      assertThat(nextStep).contains("the metric got worse but this check rolled nothing back: ");
      assertThat(c.awsState().apply(env)).as("AWS unchanged").isEqualTo(before);
      if (c.name().startsWith("ECS")) {
        String refusal = c.refusal().apply(env);
        assertThat(nextStep).contains("REFUSED: " + refusal);
        assertThat(verdict.path("changes"))
            .singleElement()
            .satisfies(change -> assertThat(change.path("status").asText()).isEqualTo("REFUSED"));
        assertRefusedInTheLedger(env, fixAudit, refusal);
      } else {
        assertThat(nextStep)
            .contains("the verifier cannot apply ")
            .contains("; roll it back with ./run ops" + " --env dev rollback " + fixAudit);
      }
      List<JsonNode> escalations = drain(env, env.escalationQueueUrl());
      assertThat(escalations).hasSize(1);
      assertThat(
              escalations
                  .getFirst()
                  .path("MessageAttributes")
                  .path("outcome")
                  .path("Value")
                  .asText())
          .isEqualTo("NOT_RECOVERED");
    }
  }

  /** The fix through the remediation function; then the account moves on; the inbox emptied. */
  private String fixThenMoveOn(DemoEnvironment env, Case c) throws IOException {
    return fixedThenMovedOn(env, c).path("changes").get(0).path("auditId").asText();
  }

  /** As {@link #fixThenMoveOn}, the fix's report: what its verification queue receives, raw. */
  private JsonNode fixedThenMovedOn(DemoEnvironment env, Case c) throws IOException {
    c.seed().accept(env);
    Config config = Config.from(Resources.withReplay(env.variables(), tmp, c.replay(), Map.of()));
    JsonNode fix =
        Json.MAPPER.valueToTree(
            new RemediationHandler(config, Scenario.FIX_CLOCK)
                .handle(Resources.bytes("/events/" + c.event())));
    assertThat(fix.path("outcome").asText())
        .as(fix.path("summary").asText())
        .isEqualTo("REMEDIATED");
    c.moveOn().accept(env);
    drain(env, env.escalationQueueUrl());
    return fix;
  }

  private static void assertRefusedInTheLedger(
      DemoEnvironment env, String fixAudit, String refusal) {
    DynamoDbLedger ledger =
        new DynamoDbLedger(env::dynamoDb, env.ledgerTable(), new ActionCodec(Json.MAPPER));
    List<AuditRecord> rollbacks =
        ledger.recent("dev", Optional.empty(), 20).stream()
            .filter(r -> fixAudit.equals(r.rollbackOf()))
            .toList();
    assertThat(rollbacks)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(AuditRecord.REFUSED);
              assertThat(r.detail()).isEqualTo(refusal);
            });
    assertThat(ledger.audit("dev", fixAudit).orElseThrow().status()).isEqualTo(AuditRecord.APPLIED);
  }

  /**
   * The fix's scheduled check (its report, as the verification queue receives it raw), delivered
   * once, with a replay in which the alarm's metric got worse.
   */
  private ObjectNode verifyWorse(DemoEnvironment env, String body) throws IOException {
    VerificationRequest request =
        CheckMessage.read(Json.MAPPER.readTree(body), Json.MAPPER).request();
    Path replay = worse(request);
    Config config = Config.from(env.variables(Map.of("METRICS_REPLAY_FILE", replay.toString())));
    ObjectNode event = Json.MAPPER.createObjectNode();
    ObjectNode record = event.putArray("Records").addObject();
    record.put("messageId", "m-1");
    record.put("eventSource", "aws:sqs");
    record.put(
        "eventSourceARN",
        env.sqs()
            .getQueueAttributes(
                b -> b.queueUrl(env.verifyQueueUrl()).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN));
    record.put("body", body);
    return new VerifierHandler(
            config, Scenario.CHECK_CLOCK, name -> new AlarmStatus("ALARM", Optional.empty()))
        .handle(Json.MAPPER.writeValueAsBytes(event));
  }

  /** The alarm's own metric at 1.2 × its threshold up to the fix and 3 × after it: worse. */
  private Path worse(VerificationRequest request) throws IOException {
    MetricIdentity m = request.alarm().metric().orElseThrow();
    double threshold = m.threshold().filter(t -> t > 0).orElse(1.0);
    ObjectNode root = Json.MAPPER.createObjectNode();
    ObjectNode s = root.putArray("series").addObject();
    s.put("namespace", m.namespace());
    s.put("metric", m.name());
    s.set("dimensions", Json.MAPPER.valueToTree(m.dimensions()));
    s.put("stat", m.statistic());
    s.put("start", request.fixedAt().minusSeconds(900).toString());
    s.put("periodSeconds", 60);
    ArrayNode values = s.putArray("values");
    for (int i = 0; i < 30; i++) {
      values.add(i <= 15 ? threshold * 1.2 : threshold * 3);
    }
    Path file = tmp.resolve("worse.json");
    Files.writeString(file, root.toString());
    return file;
  }

  static List<JsonNode> drain(DemoEnvironment env, String queueUrl) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (Message m :
        env.sqs()
            .receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
            .messages()) {
      out.add(Json.MAPPER.readTree(m.body()));
      env.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
    }
    return out;
  }

  /**
   * A team's deploy: a new revision of the family with image tradai/backend:2, the service on it.
   */
  static void deployImage2(DemoEnvironment env) {
    TaskDefinition running =
        env.ecs()
            .describeTaskDefinition(b -> b.taskDefinition(serviceRevision(env)))
            .taskDefinition();
    String deployed =
        env.ecs()
            .registerTaskDefinition(
                b ->
                    b.family(running.family())
                        .requiresCompatibilities(running.requiresCompatibilities())
                        .networkMode(running.networkMode())
                        .cpu(running.cpu())
                        .memory(running.memory())
                        .containerDefinitions(
                            running.containerDefinitions().stream()
                                .map(cd -> cd.toBuilder().image("tradai/backend:2").build())
                                .toList()))
            .taskDefinition()
            .taskDefinitionArn();
    env.ecs().updateService(b -> b.cluster("tradai-dev").service(BACKEND).taskDefinition(deployed));
  }

  static String serviceRevision(DemoEnvironment env) {
    return env.ecs()
        .describeServices(b -> b.cluster("tradai-dev").services(BACKEND))
        .services()
        .getFirst()
        .taskDefinition();
  }

  static int revisions(DemoEnvironment env) {
    return env.ecs().listTaskDefinitions(b -> b.familyPrefix(BACKEND)).taskDefinitionArns().size();
  }

  static void seedLambda(DemoEnvironment env) {
    env.seed(2, 512, 1024);
    env.seedLambda(FN, 512, 30);
    env.seedLogs(
        "/aws/lambda/" + FN,
        AT.minusSeconds(300),
        List.of(
            "REPORT RequestId: 1f0c\tDuration: 2401.10 ms\tBilled Duration: 2402 ms\tMemory Size: 512 MB\tMax Memory Used: 201 MB",
            "REPORT RequestId: 2a7d\tDuration: 2388.00 ms\tBilled Duration: 2388 ms\tMemory Size: 512 MB\tMax Memory Used: 198 MB"));
  }

  /** A pipeline: new code on $LATEST, published as version 3, the alias moved to it. */
  static void publishVersion3(DemoEnvironment env) {
    env.lambda()
        .updateFunctionCode(
            b ->
                b.functionName(FN)
                    .zipFile(
                        SdkBytes.fromByteArray(
                            DemoEnvironment.zip(
                                "handler.py", "def handle(event, context):\n    return 3\n"))));
    String version = env.lambda().publishVersion(b -> b.functionName(FN)).version();
    assertThat(version).isEqualTo("3");
    env.lambda().updateAlias(b -> b.functionName(FN).name("live").functionVersion(version));
  }

  static String alias(DemoEnvironment env) {
    return env.lambda().getAlias(b -> b.functionName(FN).name("live")).functionVersion();
  }

  static String rdsClass(DemoEnvironment env) {
    return env.rds()
        .describeDBInstances(b -> b.dbInstanceIdentifier("tradai-dev"))
        .dbInstances()
        .getFirst()
        .dbInstanceClass();
  }
}
