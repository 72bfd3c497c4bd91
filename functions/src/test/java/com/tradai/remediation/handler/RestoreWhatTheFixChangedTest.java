package com.tradai.remediation.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.ledger.ActionCodec;
import com.tradai.remediation.ledger.AuditRecord;
import com.tradai.remediation.ledger.DynamoDbLedger;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.Resources;
import com.tradai.remediation.testing.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * The happy side of compare-and-set, and an approval that comes too late, on moto_server with the
 * real handlers: a rollback of an untouched ECS memory fix registers a copy of the fix's own
 * revision with only the memory fields set back; a plan approved after the resource changed is
 * REFUSED and changes nothing.
 */
@ExtendWith(Moto.class)
class RestoreWhatTheFixChangedTest {
  static final String BACKEND = "tradai-backend-dev";

  /** Fields a registration sets itself, and the two the rollback sets back. */
  static final Set<String> NOT_COPIED =
      Set.of(
          "taskDefinitionArn",
          "revision",
          "registeredAt",
          "registeredBy",
          "deregisteredAt",
          "memory",
          "containerDefinitions");

  @TempDir Path tmp;

  @Test
  @SuppressWarnings("unchecked") // the SDK's builder-Consumer varargs; javac cannot prove them safe
  void anUntouchedEcsMemoryFixRollsBackToACopyOfItsOwnRevisionWithOnlyTheMemorySetBack(
      MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 1024, 2048)) {
      // a container with a hard limit (raised with the task) and a sidecar with a soft one (left
      // alone)
      String seeded =
          env.ecs()
              .registerTaskDefinition(
                  b ->
                      b.family(BACKEND)
                          .requiresCompatibilities(
                              software.amazon.awssdk.services.ecs.model.Compatibility.FARGATE)
                          .networkMode(software.amazon.awssdk.services.ecs.model.NetworkMode.AWSVPC)
                          .cpu("1024")
                          .memory("2048")
                          .containerDefinitions(
                              c ->
                                  c.name("backend")
                                      .image("tradai/backend:1")
                                      .essential(true)
                                      .memory(1535)
                                      .environment(e -> e.name("MODE").value("live")),
                              c ->
                                  c.name("log-router")
                                      .image("fluent-bit:3")
                                      .essential(false)
                                      .memoryReservation(128)))
              .taskDefinition()
              .taskDefinitionArn();
      env.ecs().updateService(b -> b.cluster("tradai-dev").service(BACKEND).taskDefinition(seeded));
      Config config =
          Config.from(
              Resources.withReplay(env.variables(), tmp, "ecs-memory-pressure.json", Map.of()));
      JsonNode fix =
          Json.MAPPER.valueToTree(
              new RemediationHandler(config, Scenario.FIX_CLOCK)
                  .handle(Resources.bytes("/events/eventbridge-ecs-memory-alarm.json")));
      String fixAudit = fix.path("changes").get(0).path("auditId").asText();
      TaskDefinition fixed = running(env);
      assertThat(fixed.memory()).isEqualTo("3072");
      assertThat(fixed.containerDefinitions().getFirst().memory())
          .as("1535 × 3072 / 2048")
          .isEqualTo(2302);
      DynamoDbLedger ledger =
          new DynamoDbLedger(env::dynamoDb, env.ledgerTable(), new ActionCodec(Json.MAPPER));
      assertThat(ledger.audit("dev", fixAudit).orElseThrow().created())
          .as("the audit record keeps the revision the fix registered")
          .isEqualTo(fixed.taskDefinitionArn());

      JsonNode report =
          Json.MAPPER.valueToTree(
              new OperatorHandler(Config.from(env.variables()), Scenario.CHECK_CLOCK)
                  .handle(
                      com.tradai.remediation.testing.OperatorSigning.asOncall(
                          env.variables(),
                          "{\"command\":\"rollback\",\"auditId\":\""
                              + fixAudit
                              + "\",\"by\":\"alice\"}")));

      assertThat(report.path("outcome").asText())
          .as(report.path("summary").asText())
          .isEqualTo("REMEDIATED");
      TaskDefinition restored = running(env);
      assertThat(restored.revision()).isEqualTo(fixed.revision() + 1);
      assertThat(restored.memory()).isEqualTo("2048");
      for (SdkField<?> field : TaskDefinition.builder().sdkFields()) {
        if (!NOT_COPIED.contains(field.memberName())) {
          assertThat(field.getValueOrDefault(restored))
              .as(field.memberName())
              .isEqualTo(field.getValueOrDefault(fixed));
        }
      }
      List<ContainerDefinition> was = fixed.containerDefinitions();
      List<ContainerDefinition> now = restored.containerDefinitions();
      assertThat(now).hasSameSizeAs(was);
      assertThat(now.get(0))
          .as("backend: only its hard limit set back, exactly")
          .isEqualTo(was.get(0).toBuilder().memory(1535).build());
      assertThat(now.get(1)).as("log-router: untouched").isEqualTo(was.get(1));
      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
    }
  }

  @Test
  void aPlanApprovedAfterTheInstanceChangedIsRefusedAndChangesNothing(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "prod").seed(2, 512, 1024)) {
      env.seedRds("tradai-prod", "db.t4g.medium");
      String event =
          Resources.text("/events/sns-rds-cpu-alarm.json").replace("tradai-dev", "tradai-prod");
      Path metrics = tmp.resolve("prod.json");
      Files.writeString(
          metrics,
          Resources.text("/events/metrics/rds-cpu-sustained.json")
              .replace("tradai-dev", "tradai-prod"));
      // prod starts every runbook in shadow: this test is about an approval, so its runbooks act
      Config config =
          Config.from(
              env.variables(
                  Map.of(
                      "METRICS_REPLAY_FILE",
                      metrics.toString(),
                      "POLICY_FILE",
                      com.tradai.remediation.testing.PolicyFiles.loosened(
                              tmp,
                              "prod",
                              com.tradai.remediation.testing.PolicyFiles.EVERY_RUNBOOK_ACTS)
                          .toString())));
      JsonNode planned =
          Json.MAPPER.valueToTree(
              new RemediationHandler(config, Scenario.FIX_CLOCK).handle(event.getBytes()));
      assertThat(planned.path("outcome").asText()).isEqualTo("NEEDS_APPROVAL");
      String planId = planned.path("decisions").get(0).path("planId").asText();
      ChangedSinceFixTest.drain(env, env.escalationQueueUrl());
      // someone resizes the instance by hand while the plan waits
      env.rds()
          .modifyDBInstance(
              b ->
                  b.dbInstanceIdentifier("tradai-prod")
                      .dbInstanceClass("db.t4g.xlarge")
                      .applyImmediately(true));

      JsonNode approved =
          Json.MAPPER.valueToTree(
              new OperatorHandler(config, Scenario.FIX_CLOCK)
                  .handle(
                      com.tradai.remediation.testing.OperatorSigning.asOncall(
                          config.raw(),
                          "{\"command\":\"approve\",\"planId\":\""
                              + planId
                              + "\",\"by\":\"alice\"}")));

      String refusal =
          "tradai-prod is now db.t4g.xlarge, not db.t4g.medium: changed after the plan; a person decides";
      assertThat(approved.path("outcome").asText()).isEqualTo("REFUSED");
      assertThat(approved.path("changes"))
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.path("status").asText()).isEqualTo("REFUSED");
                assertThat(c.path("detail").asText()).isEqualTo(refusal);
              });
      assertThat(
              env.rds()
                  .describeDBInstances(b -> b.dbInstanceIdentifier("tradai-prod"))
                  .dbInstances()
                  .getFirst()
                  .dbInstanceClass())
          .as("AWS unchanged")
          .isEqualTo("db.t4g.xlarge");
      DynamoDbLedger ledger =
          new DynamoDbLedger(env::dynamoDb, env.ledgerTable(), new ActionCodec(Json.MAPPER));
      assertThat(
              ledger
                  .audit("prod", approved.path("changes").get(0).path("auditId").asText())
                  .orElseThrow()
                  .status())
          .isEqualTo(AuditRecord.REFUSED);
      List<JsonNode> escalations = ChangedSinceFixTest.drain(env, env.escalationQueueUrl());
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

  private static TaskDefinition running(DemoEnvironment env) {
    String arn =
        env.ecs()
            .describeServices(b -> b.cluster("tradai-dev").services(BACKEND))
            .services()
            .getFirst()
            .taskDefinition();
    return env.ecs().describeTaskDefinition(b -> b.taskDefinition(arn)).taskDefinition();
  }
}
