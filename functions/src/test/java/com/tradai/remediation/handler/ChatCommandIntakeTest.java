package com.tradai.remediation.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.aws.AwsQueryCall;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * A chat button's click end to end on moto_server: the token goes through a real SQS queue, the
 * operator function resolves the sender with a real IAM GetRole, and the ledger, ECS service and
 * kill switch are read back afterwards. moto cannot sign a request as a Chatbot user-role session,
 * so each test sets the record's SenderId to what SQS records for one ({@code ROLEID:session}); the
 * queue's own Deny for non-operators is an IAM evaluation moto does not perform (the CDK assertions
 * check that policy).
 */
@ExtendWith(Moto.class)
class ChatCommandIntakeTest {
  private static final String BACKEND = "tradai-backend-dev";
  private static final String QUEUE = "tradai-dev-operator-commands";
  private static final String SESSION = "U024BE7LH";

  @TempDir Path tmp;

  /** An IAM role as CreateRole answered it. */
  private record Role(String roleId, String arn) {}

  /** CreateRole over IAM's query protocol, through the same caller the function's GetRole uses. */
  private static Role createRole(AwsQueryCall iam, String name, String path, String trust) {
    Map<String, String> p =
        new java.util.LinkedHashMap<>(Map.of("RoleName", name, "AssumeRolePolicyDocument", trust));
    if (path != null) {
      p.put("Path", path);
    }
    org.w3c.dom.Element role =
        AwsQueryCall.child(
                AwsQueryCall.child(iam.call("CreateRole", p), "CreateRoleResult").orElseThrow(),
                "Role")
            .orElseThrow();
    return new Role(
        AwsQueryCall.text(role, "RoleId").orElseThrow(),
        AwsQueryCall.text(role, "Arn").orElseThrow());
  }

  private record Account(
      DemoEnvironment env,
      Role oncall,
      Role developer,
      String queueUrl,
      Map<String, String> vars) {}

  private Account account(DemoEnvironment env) throws IOException {
    Path metrics = tmp.resolve("m.json");
    Files.write(metrics, Resources.bytes("/events/metrics/api-latency-load-spike.json"));
    AwsQueryCall iam = new AwsClients(Config.from(env.variables())).iam();
    String trust =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + "{\"Service\":\"chatbot.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    Role oncall = createRole(iam, "tradai-oncall", "/people/", trust);
    Role developer = createRole(iam, "tradai-developer", null, trust);
    String url = env.sqs().createQueue(b -> b.queueName(QUEUE)).queueUrl();
    // the operator roles are configured without the path: a session ARN does not carry it
    Map<String, String> vars =
        env.variables(
            Map.of(
                "METRICS_REPLAY_FILE",
                metrics.toString(),
                "CHAT_COMMAND_QUEUE_URL",
                url,
                "OPERATOR_ROLE_ARNS",
                "arn:aws:iam::" + oncall.arn().split(":")[4] + ":role/tradai-oncall"));
    return new Account(env, oncall, developer, url, vars);
  }

  /** A pending plan, as the alarm function leaves it when a fix needs approval. */
  private static String pendingPlan(Account a) {
    a.env().policyOverride("{\"guards\": {\"approval\": {\"always\": [\"ecs-scale\"]}}}");
    JsonNode pending =
        Json.MAPPER.valueToTree(
            new RemediationHandler(a.vars())
                .handle(Resources.bytes("/events/sns-api-latency-alarm.json")));
    assertThat(pending.path("outcome").asText()).isEqualTo("NEEDS_APPROVAL");
    return pending.path("decisions").get(0).path("planId").asText();
  }

  /**
   * The button's send-message, through moto's queue, delivered as Lambda's SQS event source
   * delivers it, with the SenderId SQS records for {@code senderId}'s session.
   */
  private static byte[] click(Account a, String token, String senderId, String queueName) {
    a.env().sqs().sendMessage(b -> b.queueUrl(a.queueUrl()).messageBody(token));
    Message m =
        a.env()
            .sqs()
            .receiveMessage(
                b ->
                    b.queueUrl(a.queueUrl())
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
            .messages()
            .getFirst();
    ObjectNode record = Json.MAPPER.createObjectNode();
    record.put("messageId", m.messageId());
    record.put("receiptHandle", m.receiptHandle());
    record.put("body", m.body());
    ObjectNode attributes = record.putObject("attributes");
    m.attributesAsStrings().forEach(attributes::put);
    attributes.put("SenderId", senderId);
    record.putObject("messageAttributes");
    record.put("md5OfBody", m.md5OfBody());
    record.put("eventSource", "aws:sqs");
    record.put("eventSourceARN", "arn:aws:sqs:eu-west-1:123456789012:" + queueName);
    record.put("awsRegion", "eu-west-1");
    ObjectNode event = Json.MAPPER.createObjectNode();
    event.putArray("Records").add(record);
    return event.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode operate(Account a, byte[] event) {
    return Json.MAPPER.valueToTree(new OperatorHandler(a.vars()).handle(event));
  }

  /** The CLI's approve: signed by a session of the on-call role, as ./run ops sends it. */
  private static JsonNode approveByCli(Account a, String planId) {
    return operate(
        a,
        com.tradai.remediation.testing.OperatorSigning.asOncall(
            a.vars(), "{\"command\":\"approve\",\"planId\":\"" + planId + "\",\"by\":\"alice\"}"));
  }

  /**
   * Anyone allowed to invoke the operator function can write an SQS-shaped event naming an
   * operator's role id as SenderId; its receipt handle is not one SQS holds, so it changes nothing.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"made-up", "already-deleted", "missing"})
  void aRecordWrittenIntoAnInvokeIsNoClick(String handle, MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Account a = account(env);
      String planId = pendingPlan(a);
      ObjectNode event =
          (ObjectNode)
              Json.MAPPER.readTree(
                  click(a, "approve:" + planId, a.oncall().roleId() + ":" + SESSION, QUEUE));
      ObjectNode record = (ObjectNode) event.path("Records").get(0);
      switch (handle) {
        case "made-up" -> record.put("receiptHandle", "AQEBforgedForgedForged==");
        case "already-deleted" ->
            env.sqs()
                .deleteMessage(
                    b ->
                        b.queueUrl(a.queueUrl())
                            .receiptHandle(record.path("receiptHandle").asText()));
        default -> record.remove("receiptHandle");
      }

      JsonNode refused = operate(a, event.toString().getBytes(StandardCharsets.UTF_8));

      assertThat(refused.path("outcome").asText()).isEqualTo("REJECTED");
      assertThat(refused.path("rejection").path("code").asText()).isEqualTo("NOT_AN_OPERATOR");
      assertThat(refused.path("rejection").path("message").asText())
          .isEqualTo(
              "the record's"
                  + " receiptHandle is not a message of the operator command queue in flight (SQS refused"
                  + " it): not a click; nothing was changed");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
      assertThat(approveByCli(a, planId).path("outcome").asText()).isEqualTo("REMEDIATED");
    }
  }

  @Test
  void anOperatorsApproveButtonApprovesThePlanAndTheLedgerNamesTheRoleSession(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Account a = account(env);
      String planId = pendingPlan(a);

      JsonNode approved =
          operate(a, click(a, "approve:" + planId, a.oncall().roleId() + ":" + SESSION, QUEUE));

      assertThat(approved.path("outcome").asText()).isEqualTo("REMEDIATED");
      assertThat(approved.path("summary").asText())
          .isEqualTo(
              "Plan "
                  + planId
                  + " approved by "
                  + SESSION
                  + "@tradai-oncall — tradai-backend-dev 2 → 3 APPLIED");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
      // the ledger read back: the plan is decided, by the role session AWS named
      assertThat(approveByCli(a, planId).path("rejection").path("message").asText())
          .isEqualTo(
              "plan "
                  + planId
                  + " is already APPROVED (by "
                  + SESSION
                  + "@tradai-oncall); nothing was changed");
    }
  }

  @Test
  void anOperatorsRejectButtonRejectsThePlanAndChangesNothing(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Account a = account(env);
      String planId = pendingPlan(a);

      JsonNode rejected =
          operate(a, click(a, "reject:" + planId, a.oncall().roleId() + ":" + SESSION, QUEUE));

      assertThat(rejected.path("outcome").asText()).isEqualTo("BLOCKED");
      assertThat(rejected.path("summary").asText())
          .isEqualTo(
              "Plan " + planId + " rejected by " + SESSION + "@tradai-oncall; nothing was changed");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
      assertThat(approveByCli(a, planId).path("rejection").path("message").asText())
          .isEqualTo(
              "plan "
                  + planId
                  + " is already REJECTED (by "
                  + SESSION
                  + "@tradai-oncall); nothing was changed");
    }
  }

  /** Who is not an operator: another role's session, an IAM user, a role id IAM does not know. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"developer-role", "iam-user", "unknown-role-id", "no-sender"})
  void aNonOperatorsClickChangesNothingAndThePlanStaysPending(String who, MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Account a = account(env);
      String planId = pendingPlan(a);
      String senderId =
          switch (who) {
            case "developer-role" -> a.developer().roleId() + ":" + SESSION;
            case "iam-user" -> "AIDAJQABLZS4A3QDU576Q";
            case "unknown-role-id" -> "AROAZZZZZZZZZZZZZZZZZ:" + SESSION;
            default -> null;
          };

      JsonNode refused = operate(a, click(a, "approve:" + planId, senderId, QUEUE));

      assertThat(refused.path("outcome").asText()).isEqualTo("REJECTED");
      assertThat(refused.path("rejection").path("code").asText()).isEqualTo("NOT_AN_OPERATOR");
      assertThat(refused.path("rejection").path("message").asText())
          .startsWith("the click's sender " + senderId + " is not a")
          .endsWith("(arn:aws:iam::123456789012:role/tradai-oncall); nothing was changed");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
      // still pending: an operator's own approval goes through afterwards
      assertThat(approveByCli(a, planId).path("outcome").asText()).isEqualTo("REMEDIATED");
    }
  }

  @Test
  void theKillSwitchButtonEngagesItForAnOperatorOnly(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Account a = account(env);
      env.killSwitch("off");
      String parameter = "/tradai/dev/remediation/kill-switch";

      JsonNode refused =
          operate(a, click(a, "kill-switch:on", a.developer().roleId() + ":x", QUEUE));
      assertThat(refused.path("rejection").path("code").asText()).isEqualTo("NOT_AN_OPERATOR");
      assertThat(env.ssm().getParameter(b -> b.name(parameter)).parameter().value())
          .isEqualTo("off");

      JsonNode engaged =
          operate(a, click(a, "kill-switch:on", a.oncall().roleId() + ":" + SESSION, QUEUE));
      assertThat(engaged.path("outcome").asText()).isEqualTo("RECORDED_OK");
      assertThat(engaged.path("summary").asText())
          .startsWith("Kill switch in dev ENGAGED by " + SESSION + "@tradai-oncall at ");
      assertThat(env.ssm().getParameter(b -> b.name(parameter)).parameter().value())
          .startsWith("on: engaged from chat by " + SESSION + "@tradai-oncall at ");
      // and it holds: the next alarm's fix is blocked by it
      JsonNode next =
          Json.MAPPER.valueToTree(
              new RemediationHandler(a.vars())
                  .handle(Resources.bytes("/events/sns-api-latency-alarm.json")));
      assertThat(next.path("outcome").asText()).isEqualTo("BLOCKED");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
    }
  }

  @Test
  void aRecordFromAnotherQueueOrWithABodyThatIsNoTokenChangesNothing(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Account a = account(env);
      String planId = pendingPlan(a);
      String operator = a.oncall().roleId() + ":" + SESSION;

      JsonNode foreign = operate(a, click(a, "approve:" + planId, operator, "some-other-queue"));
      assertThat(foreign.path("rejection").path("message").asText())
          .isEqualTo(
              "eventSourceARN "
                  + "arn:aws:sqs:eu-west-1:123456789012:some-other-queue is not the operator command queue");
      JsonNode json =
          operate(
              a,
              click(a, "{\"command\":\"approve\",\"planId\":\"" + planId + "\"}", operator, QUEUE));
      assertThat(json.path("rejection").path("message").asText())
          .startsWith(
              "the message body is "
                  + "not one of approve:PLAN_ID | reject:PLAN_ID | rollback:AUDIT_ID | reset-breaker | "
                  + "kill-switch:on; nothing was changed");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
      assertThat(approveByCli(a, planId).path("outcome").asText()).isEqualTo("REMEDIATED");
    }
  }
}
