package com.tradai.remediation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.handler.OperatorHandler;
import com.tradai.remediation.handler.RemediationHandler;
import com.tradai.remediation.testing.LambdaInvokeDouble;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.OperatorSigning;
import com.tradai.remediation.testing.Resources;
import com.tradai.remediation.testing.StsSignatureDouble;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * The ops CLI against a deployed environment, emulated: moto serves CloudFormation (a stack created
 * with the outputs the real stack has), SSM and DynamoDB (the ledger); Lambda Invoke goes to a
 * local HTTP double on the same endpoint, because moto's Invoke needs Docker; the double runs the
 * real OperatorHandler on moto, so an approval really scales the service. The CLI takes its
 * credentials from the SDK's default chain (system properties here), as an operator's would.
 */
@ExtendWith(Moto.class)
class OpsCommandTest {
  private static final String BACKEND = "tradai-backend-dev";
  private static final String OPERATOR_ALIAS =
      "arn:aws:lambda:eu-west-1:123456789012:function:tradai-remediation-operator-dev:live";

  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void operatorCredentials() {
    System.setProperty("aws.accessKeyId", DemoEnvironment.ACCESS_KEY_ID);
    System.setProperty("aws.secretAccessKey", DemoEnvironment.SECRET_ACCESS_KEY);
  }

  @AfterAll
  static void noCredentialsLeftBehind() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  /**
   * moto seeded as a deployed dev stack, the double in front of it, and the alarm function's vars.
   */
  private final class Deployed implements AutoCloseable {
    final DemoEnvironment env;
    final Map<String, String> vars;
    final LambdaInvokeDouble endpoint;
    final StsSignatureDouble sts;

    /**
     * The CLI's one endpoint: STS's GetCallerIdentity is answered by the signature-checking double
     * (it knows the demo key as an on-call session), Invoke by the operator function, the rest by
     * moto. The function asks STS at the same endpoint, as it asks STS in its own region in AWS.
     */
    Deployed(MotoServer moto) throws IOException {
      env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024);
      Path metrics = tmp.resolve("m.json");
      Files.write(metrics, Resources.bytes("/events/metrics/api-latency-load-spike.json"));
      vars = env.variables(Map.of("METRICS_REPLAY_FILE", metrics.toString()));
      java.util.concurrent.atomic.AtomicReference<OperatorHandler> operator =
          new java.util.concurrent.atomic.AtomicReference<>();
      endpoint =
          new LambdaInvokeDouble(
              moto.endpoint(),
              payload -> {
                try {
                  return Json.MAPPER.writeValueAsBytes(operator.get().handle(payload));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      sts =
          new StsSignatureDouble(
              endpoint.endpoint(),
              Map.of(
                  DemoEnvironment.ACCESS_KEY_ID,
                  new StsSignatureDouble.Key(
                      DemoEnvironment.SECRET_ACCESS_KEY, OperatorSigning.ONCALL_SESSION)));
      operator.set(
          new OperatorHandler(
              env.variables(
                  Map.of(
                      "METRICS_REPLAY_FILE",
                      metrics.toString(),
                      "AWS_ENDPOINT_URL",
                      sts.endpoint()))));
      try (CloudFormationClient cfn =
          CloudFormationClient.builder()
              .region(Region.EU_WEST_1)
              .endpointOverride(java.net.URI.create(moto.endpoint()))
              .build()) {
        cfn.createStack(
            b ->
                b.stackName("tradai-remediation-dev")
                    .templateBody(
                        """
            {"Resources": {"Queue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "ops-test"}}},
             "Outputs": {
               "OperatorFunctionArn": {"Value": "%s"},
               "LedgerTableName": {"Value": "%s"},
               "KillSwitchParameterName": {"Value": "%s"},
               "PolicyParameterName": {"Value": "%s"}}}
            """
                            .formatted(
                                OPERATOR_ALIAS,
                                env.ledgerTable(),
                                vars.get("KILL_SWITCH_PARAMETER"),
                                vars.get("POLICY_PARAMETER"))));
      }
    }

    /** An alarm at the alarm function, as CloudWatch delivers it. */
    JsonNode alarm() {
      return Json.MAPPER.valueToTree(
          new RemediationHandler(vars)
              .handle(Resources.bytes("/events/sns-api-latency-alarm.json")));
    }

    int ops(String... words) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "ops", "--env", "dev", "--region", "eu-west-1", "--endpoint", sts.endpoint()));
      args.addAll(List.of(words));
      try {
        return Main.run(
            args.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      endpoint.close();
      sts.close();
      env.close();
    }
  }

  @Test
  void
      approveInvokesTheOperatorFunctionFoundInTheStackOutputsAndThePlanIsApplied_lambdaByALocalDouble(
          MotoServer moto) throws Exception {
    try (Deployed d = new Deployed(moto)) {
      d.env.policyOverride("{\"guards\": {\"approval\": {\"always\": [\"ecs-scale\"]}}}");
      String plan = d.alarm().path("decisions").get(0).path("planId").asText();
      assertThat(d.env.desiredCount(BACKEND)).isEqualTo(2);

      assertThat(d.ops("approve", plan, "--by", "alice")).as(err.toString()).isZero();

      assertThat(d.endpoint.invocations())
          .singleElement()
          .satisfies(
              i -> {
                assertThat(i.function()).isEqualTo(OPERATOR_ALIAS);
                JsonNode sent = Json.MAPPER.readTree(i.payload());
                assertThat(Json.MAPPER.readTree(sent.path("signedCommand").asText()))
                    .isEqualTo(
                        Json.MAPPER.readTree(
                            "{\"command\":\"approve\",\"planId\":\""
                                + plan
                                + "\",\"by\":\"alice\"}"));
                assertThat(
                        sent.path("identityProof").path("headers").path("authorization").asText())
                    .startsWith(
                        "AWS4-HMAC-SHA256 Credential=" + DemoEnvironment.ACCESS_KEY_ID + "/")
                    .contains("/eu-west-1/sts/aws4_request")
                    .contains("x-tradai-command-sha256;x-tradai-operator-function");
              });
      // STS (the double) checked the signature and named the operator's session
      assertThat(d.sts.answers()).containsExactly(OperatorSigning.ONCALL_SESSION);
      assertThat(out.toString())
          .startsWith(
              "REMEDIATED  Plan "
                  + plan
                  + " approved by "
                  + OperatorSigning.ONCALL_SESSION
                  + " (note: alice) — tradai-backend-dev 2 → 3 APPLIED\n");
      assertThat(out.toString())
          .containsPattern("APPLIED +tradai-backend-dev +ScaleEcsService 2 -> 3 ");
      assertThat(d.env.desiredCount(BACKEND)).isEqualTo(3);
    }
  }

  @Test
  void anApprovalSignedWithAWrongSecretIsRefusedByTheStsDoubleAndChangesNothing(MotoServer moto)
      throws Exception {
    try (Deployed d = new Deployed(moto)) {
      d.env.policyOverride("{\"guards\": {\"approval\": {\"always\": [\"ecs-scale\"]}}}");
      String plan = d.alarm().path("decisions").get(0).path("planId").asText();
      System.setProperty("aws.secretAccessKey", "not-the-operators-secret");
      try {
        assertThat(d.ops("approve", plan)).isEqualTo(1);
      } finally {
        System.setProperty("aws.secretAccessKey", DemoEnvironment.SECRET_ACCESS_KEY);
      }
      assertThat(out.toString())
          .isEqualTo(
              "REJECTED  Rejected, nothing changed: AWS did not"
                  + " authenticate the sender: STS refused the proof (HTTP 403 SignatureDoesNotMatch: The"
                  + " request signature we calculated does not match the signature you provided.); nothing"
                  + " was changed\n  code NOT_AN_OPERATOR\n");
      assertThat(d.env.desiredCount(BACKEND)).isEqualTo(2);
      out.reset();
      assertThat(d.ops("--json", "status")).isZero();
      assertThat(Json.MAPPER.readTree(out.toString()).path("pendingPlans"))
          .singleElement()
          .satisfies(p -> assertThat(p.path("planId").asText()).isEqualTo(plan));
    }
  }

  @Test
  void statusShowsTheKillSwitchTheBreakerPendingPlansAndTheLastActions(MotoServer moto)
      throws Exception {
    try (Deployed d = new Deployed(moto)) {
      d.env.policyOverride("{\"guards\": {\"approval\": {\"always\": [\"ecs-scale\"]}}}");
      JsonNode alarm = d.alarm();
      String plan = alarm.path("decisions").get(0).path("planId").asText();
      assertThat(d.ops("kill-switch", "on", "incident", "4711")).isZero();
      assertThat(out.toString())
          .isEqualTo(
              "Kill switch ENGAGED: /tradai/dev/remediation/kill-switch"
                  + " = 'on: incident 4711' (the functions read it within 5 s)\n");
      out.reset();

      assertThat(d.ops("--json", "status")).as(err.toString()).isZero();
      JsonNode status = Json.MAPPER.readTree(out.toString());
      assertThat(status.path("stack").asText()).isEqualTo("tradai-remediation-dev");
      assertThat(status.path("killSwitch").path("engaged").asBoolean()).isTrue();
      assertThat(status.path("killSwitch").path("value").asText()).isEqualTo("on: incident 4711");
      assertThat(status.path("breaker").path("open").asBoolean()).isFalse();
      assertThat(status.path("breaker").path("maxFailures").asInt()).isEqualTo(3); // dev policy
      assertThat(status.path("escalation").path("unreadable").asText())
          .endsWith("has no output EscalationTopicArn");
      assertThat(status.path("pendingPlans"))
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.path("planId").asText()).isEqualTo(plan);
                assertThat(p.path("expiresAt").asText())
                    .isEqualTo(alarm.path("decisions").get(0).path("approvalExpiresAt").asText());
                assertThat(p.path("actions").get(0).asText())
                    .isEqualTo("tradai-backend-dev desiredCount 2 → 3");
              });
      assertThat(status.path("lastActions"))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.path("status").asText()).isEqualTo("NEEDS_APPROVAL");
                assertThat(a.path("target").asText()).isEqualTo(BACKEND);
              });
      out.reset();

      assertThat(d.ops("status")).isZero();
      assertThat(out.toString())
          .startsWith(
              "tradai-remediation-dev\nKill switch    ENGAGED (/tradai/dev/remediation/kill-switch"
                  + " = 'on: incident 4711')\nBreaker        closed, 0 of 3 failures and 0 of 20 fixes in the last 60 min\n"
                  + "Rollout        modes and track records (30 days)\n")
          .containsPattern("\n  api-latency +act +- +0 of 0 +0 +0 of 0 +policy\n")
          .contains("Pending plans  1\n")
          .contains(plan)
          .contains("Last actions   1\n")
          // this stack publishes no escalation topic (EscalationSubscriptionsTest reads one)
          .endsWith(
              "Escalation     unknown: stack tradai-remediation-dev has no output EscalationTopicArn\n");
      out.reset();

      assertThat(d.ops("kill-switch", "off")).isZero();
      assertThat(
              d.env
                  .ssm()
                  .getParameter(b -> b.name("/tradai/dev/remediation/kill-switch"))
                  .parameter()
                  .value())
          .isEqualTo("off");
      assertThat(d.endpoint.invocations()).isEmpty(); // none of these needed the function
    }
  }

  @Test
  void rejectAndListActionsGoThroughTheOperatorFunction_lambdaByALocalDouble(MotoServer moto)
      throws Exception {
    try (Deployed d = new Deployed(moto)) {
      d.env.policyOverride("{\"guards\": {\"approval\": {\"always\": [\"ecs-scale\"]}}}");
      String plan = d.alarm().path("decisions").get(0).path("planId").asText();
      assertThat(d.ops("reject", plan, "--by", "bob")).isZero();
      assertThat(out.toString())
          .isEqualTo(
              "BLOCKED  Plan "
                  + plan
                  + " rejected by "
                  + OperatorSigning.ONCALL_SESSION
                  + " (note: bob); nothing was changed\n");
      out.reset();
      // a second decision is refused by the function: exit 1, and its reason printed
      assertThat(d.ops("approve", plan)).isEqualTo(1);
      assertThat(out.toString())
          .isEqualTo(
              "REJECTED  Rejected, nothing changed: plan "
                  + plan
                  + " is already REJECTED (by "
                  + OperatorSigning.ONCALL_SESSION
                  + " (note: bob)); nothing was"
                  + " changed\n  code INVALID_FIELD\n");
      out.reset();
      assertThat(d.ops("list-actions", "--target", BACKEND, "--limit", "5")).isZero();
      assertThat(out.toString())
          .startsWith("RECORDED_OK  1 recent action(s) in dev on tradai-backend-dev\n");
      assertThat(Json.MAPPER.readTree(d.endpoint.invocations().getLast().payload()))
          .isEqualTo(
              Json.MAPPER.readTree(
                  "{\"command\":\"list-actions\",\"target\":\"tradai-backend-dev\",\"limit\":5}"));
      assertThat(d.env.desiredCount(BACKEND)).isEqualTo(2);
    }
  }

  @Test
  void badArgumentsAreNamedBeforeAnyAwsCall(MotoServer moto) throws Exception {
    try (Deployed d = new Deployed(moto)) {
      assertThat(d.ops("approve", "p-1")).isEqualTo(2);
      assertThat(err.toString())
          .isEqualTo(
              "PLAN must be a plan id like p-20261127T101530.000Z-1a2b3c4d,"
                  + " got 'p-1' (see --help)\n");
      err.reset();
      assertThat(d.ops("rollback")).isEqualTo(2);
      assertThat(err.toString()).isEqualTo("rollback takes one AUDIT (see --help)\n");
      err.reset();
      assertThat(d.ops("kill-switch", "maybe")).isEqualTo(2);
      assertThat(err.toString())
          .isEqualTo("kill-switch takes 'on REASON' or 'off', got maybe (see --help)\n");
      err.reset();
      assertThat(d.ops("list-actions", "--limit", "0")).isEqualTo(2);
      assertThat(err.toString())
          .isEqualTo("--limit must be a whole number from 1 to 100, got '0' (see --help)\n");
      err.reset();
      assertThat(d.ops("reset-breaker", "--by", "a b")).isEqualTo(2);
      assertThat(err.toString())
          .isEqualTo("--by must be 1-64 letters, digits or @._+-, got 'a b' (see --help)\n");
      err.reset();
      assertThat(d.ops("demote")).isEqualTo(2);
      assertThat(err.toString()).startsWith("unknown ops command 'demote'");
      err.reset();
      assertThat(d.ops("promote")).isEqualTo(2);
      assertThat(err.toString())
          .isEqualTo("promote takes one RUNBOOK, e.g. promote api-latency (see --help)\n");
      err.reset();
      assertThat(d.ops("mode", "api-latency", "auto")).isEqualTo(2);
      assertThat(err.toString())
          .isEqualTo("the mode must be one of shadow | approve | act, got 'auto' (see --help)\n");
      err.reset();
      assertThat(d.ops("mode", "api-latencyy", "act")).isEqualTo(2);
      assertThat(err.toString()).startsWith("RUNBOOK must be one of [api-latency, ");
      err.reset();
      assertThat(d.ops("promote", "api-latency", "--force")).isEqualTo(2);
      assertThat(err.toString())
          .isEqualTo(
              "--force needs --reason: why the track record's bar is overridden (see --help)\n");
      assertThat(d.endpoint.invocations()).isEmpty();
      assertThat(
              d.env
                  .ssm()
                  .getParameter(b -> b.name("/tradai/dev/remediation/kill-switch"))
                  .parameter()
                  .value())
          .isEqualTo("off");
    }
  }

  /** Who the ledger records for ./run ops --by NAME: the session STS named, NAME as a note. */
  private static final String ALICE = OperatorSigning.ONCALL_SESSION + " (note: alice)";

  private static final String BOB = OperatorSigning.ONCALL_SESSION + " (note: bob)";

  @Test
  void modeAndPromoteGoThroughTheOperatorFunctionAndStatusShowsWhoSetTheMode_lambdaByALocalDouble(
      MotoServer moto) throws Exception {
    try (Deployed d = new Deployed(moto)) {
      assertThat(d.ops("mode", "api-latency", "shadow", "--by", "alice", "--reason", "first week"))
          .as(err.toString())
          .isZero();
      // a mode changes something: sent signed, and the ledger names the session STS named
      JsonNode sent = Json.MAPPER.readTree(d.endpoint.invocations().getLast().payload());
      assertThat(Json.MAPPER.readTree(sent.path("signedCommand").asText()))
          .isEqualTo(
              Json.MAPPER.readTree(
                  "{\"command\":\"mode\",\"runbook\":\"api-latency\",\"mode\":\"shadow\","
                      + "\"reason\":\"first week\",\"by\":\"alice\"}"));
      assertThat(sent.path("identityProof").path("headers").path("authorization").asText())
          .startsWith("AWS4-HMAC-SHA256 ");
      assertThat(out.toString())
          .startsWith(
              "RECORDED_OK  api-latency in dev — track record: no fix like "
                  + "this verified in dev yet (30 days); mode act → shadow by "
                  + ALICE
                  + " at ");
      out.reset();

      JsonNode shadow = d.alarm();
      assertThat(shadow.path("outcome").asText()).isEqualTo("SHADOW");
      assertThat(d.env.desiredCount(BACKEND)).isEqualTo(2);

      assertThat(d.ops("status")).isZero();
      assertThat(out.toString())
          .containsPattern("\n  api-latency +shadow +- +0 of 0 +0 +0 of 0 +set by ")
          .contains("set by " + ALICE + " at ");
      out.reset();

      assertThat(d.ops("promote", "api-latency", "--by", "bob")).isZero();
      assertThat(out.toString()).contains("mode shadow → approve by " + BOB + " at ");
      out.reset();
      assertThat(d.ops("promote", "api-latency", "--by", "bob")).isZero();
      assertThat(out.toString()).contains("mode approve → act by " + BOB + " at ");
      out.reset();
      assertThat(d.ops("promote", "api-latency")).isEqualTo(1);
      assertThat(out.toString()).contains("api-latency already acts in dev; nothing was changed");
    }
  }

  @Test
  void aStackThatIsNotThereIsNamed(MotoServer moto) throws Exception {
    try (Deployed d = new Deployed(moto)) {
      assertThat(d.ops("--project", "acme", "status")).isEqualTo(1);
      assertThat(err.toString())
          .startsWith("ops: stack acme-remediation-dev could not be read (")
          .endsWith("); check --env, --project, --region and --profile\n");
    }
  }

  @Test
  void helpListsEveryCommand() throws Exception {
    assertThat(
            Main.run(
                new String[] {"ops", "--help"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)))
        .isZero();
    assertThat(out.toString())
        .contains("approve PLAN")
        .contains("reject PLAN")
        .contains("rollback AUDIT")
        .contains("list-actions [--target NAME]")
        .contains("reset-breaker")
        .contains("kill-switch on REASON")
        .contains("kill-switch off")
        .contains("status")
        .contains("mode RUNBOOK shadow|approve|act")
        .contains("promote RUNBOOK [--force --reason TEXT]")
        .contains("--profile P")
        .contains("--json");
    assertThat(
            Main.run(
                new String[] {"ops", "status"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)))
        .isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo("--env is required: one of [dev, staging, prod] (see --help)\n");
  }
}
