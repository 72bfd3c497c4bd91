package com.tradai.remediation.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The compare-and-set decision, table-driven: what was planned, what a fresh reading shows. */
class RecheckTest {
  static final String TD6 =
      "arn:aws:ecs:eu-west-1:123456789012:task-definition/tradai-backend-prod:6";
  static final String TD7 =
      "arn:aws:ecs:eu-west-1:123456789012:task-definition/tradai-backend-prod:7";
  static final Action.ScaleEcsService SCALE_FIX =
      new Action.ScaleEcsService("tradai-prod", "tradai-backend-prod", 2, 3);
  static final Action.RaiseEcsTaskMemory MEMORY_ROLLBACK =
      new Action.RaiseEcsTaskMemory("tradai-prod", "tradai-backend-prod", TD6, 512, 2048, 1024);
  static final Action.RaiseLambdaMemory LAMBDA_ROLLBACK =
      new Action.RaiseLambdaMemory("tradai-backtest-runner-prod", "live", "2", "1", 1769, 1024);
  static final Action.RaiseLambdaTimeout TIMEOUT_FIX =
      new Action.RaiseLambdaTimeout("tradai-signals-dev", "live", "1", 30, 60);
  static final Action.ChangeRdsInstanceClass RDS_ROLLBACK =
      new Action.ChangeRdsInstanceClass("tradai-prod", "db.t4g.large", "db.t4g.medium", 3, 2);
  static final Action.RaiseDynamoDbCapacity TABLE_FIX =
      new Action.RaiseDynamoDbCapacity("tradai-seeds", "read", 5, 10);
  static final Action.SetProvisionedConcurrency PC_FIX =
      new Action.SetProvisionedConcurrency("tradai-signals-dev", "live", 0, 2);

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "ECS count as planned", SCALE_FIX, new Recheck.EcsNow(2, TD6, List.of(), 0), null),
        Arguments.of(
            "ECS count changed by hand (rollback)",
            SCALE_FIX.inverse(),
            new Recheck.EcsNow(6, TD6, List.of(), 0),
            "tradai-backend-prod now has desiredCount 6, not 3: scaled after the fix; a person decides"),
        Arguments.of(
            "ECS count changed before an approval",
            SCALE_FIX,
            new Recheck.EcsNow(4, TD6, List.of(), 0),
            "tradai-backend-prod now has desiredCount 4, not 2: scaled after the plan; a person decides"),
        Arguments.of(
            "ECS revision still the fix's",
            MEMORY_ROLLBACK,
            new Recheck.EcsNow(3, TD6, List.of("tradai/backend:1"), 2048),
            null),
        Arguments.of(
            "ECS image deployed after the fix",
            MEMORY_ROLLBACK,
            new Recheck.EcsNow(3, TD7, List.of("tradai/backend:2"), 2048),
            "tradai-backend-prod now runs tradai-backend-prod:7 (image tradai/backend:2), deployed after the fix;"
                + " a person decides"),
        Arguments.of(
            "ECS memory changed in place",
            MEMORY_ROLLBACK,
            new Recheck.EcsNow(3, TD6, List.of(), 4096),
            "tradai-backend-prod runs tradai-backend-prod:6 with 4096 MB, not 2048 MB: changed after the fix;"
                + " a person decides"),
        Arguments.of(
            "Lambda alias still on the fix's version",
            LAMBDA_ROLLBACK,
            new Recheck.LambdaNow("2", "abc", 1769, 30, 0),
            null),
        Arguments.of(
            "Lambda version published after the fix",
            LAMBDA_ROLLBACK,
            new Recheck.LambdaNow("3", "4f9a0c1d2e3b4a5f", 1769, 30, 0),
            "alias live of tradai-backtest-runner-prod now serves version 3 (code 4f9a0c1d2e3b…), not 2:"
                + " published after the fix; a person decides"),
        Arguments.of(
            "Lambda memory of the served version differs",
            LAMBDA_ROLLBACK,
            new Recheck.LambdaNow("2", "abc", 2048, 30, 0),
            "tradai-backtest-runner-prod (alias live, version 2) has 2048 MB, not 1769 MB: changed after the fix;"
                + " a person decides"),
        Arguments.of(
            "Lambda timeout as planned",
            TIMEOUT_FIX,
            new Recheck.LambdaNow("1", "abc", 1024, 30, 0),
            null),
        Arguments.of(
            "Lambda timeout changed before an approval",
            TIMEOUT_FIX,
            new Recheck.LambdaNow("1", "abc", 1024, 45, 0),
            "tradai-signals-dev (alias live, version 1) has a timeout of 45 s, not 30 s: changed after the plan;"
                + " a person decides"),
        Arguments.of(
            "provisioned concurrency as planned",
            PC_FIX,
            new Recheck.LambdaNow("live", "", 0, 0, 0),
            null),
        Arguments.of(
            "provisioned concurrency set by hand",
            PC_FIX,
            new Recheck.LambdaNow("live", "", 0, 0, 5),
            "alias live of tradai-signals-dev now has provisioned concurrency 5, not 0: changed after the plan;"
                + " a person decides"),
        Arguments.of(
            "RDS class still the fix's",
            RDS_ROLLBACK,
            new Recheck.RdsNow("db.t4g.large", "available", List.of()),
            null),
        Arguments.of(
            "RDS class changed since",
            RDS_ROLLBACK,
            new Recheck.RdsNow("db.t4g.xlarge", "available", List.of()),
            "tradai-prod is now db.t4g.xlarge, not db.t4g.large: changed after the fix; a person decides"),
        Arguments.of(
            "RDS modification pending",
            RDS_ROLLBACK,
            new Recheck.RdsNow(
                "db.t4g.large", "available", List.of("dbInstanceClass=db.t4g.xlarge")),
            "tradai-prod is available with pending [dbInstanceClass=db.t4g.xlarge], not available with nothing"
                + " pending; a person decides"),
        Arguments.of(
            "DynamoDB capacity as planned",
            TABLE_FIX,
            new Recheck.TableNow("PROVISIONED", 5, 5),
            null),
        Arguments.of(
            "DynamoDB switched to on-demand",
            TABLE_FIX,
            new Recheck.TableNow("PAY_PER_REQUEST", 0, 0),
            "tradai-seeds is now billed PAY_PER_REQUEST, not PROVISIONED: changed after the plan; a person decides"),
        Arguments.of(
            "DynamoDB capacity raised by hand",
            TABLE_FIX,
            new Recheck.TableNow("PROVISIONED", 20, 5),
            "tradai-seeds now has 20 read capacity units, not 5: changed after the plan; a person decides"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decidesFromThePlanAndAFreshReading(
      String name, Action planned, Recheck.Reading now, String refusal) {
    assertThat(Recheck.changed(planned, now)).isEqualTo(Optional.ofNullable(refusal));
    if (refusal != null) {
      assertThatThrownBy(() -> Recheck.require(planned, now))
          .isInstanceOf(ChangedSince.class)
          .hasMessage(refusal);
    }
  }
}
