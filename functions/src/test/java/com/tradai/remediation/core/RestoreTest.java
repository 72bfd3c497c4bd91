package com.tradai.remediation.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A rollback bound to what the fix created. */
class RestoreTest {
  static final String TD6 =
      "arn:aws:ecs:eu-west-1:123456789012:task-definition/tradai-backend-prod:6";
  static final String TD5 =
      "arn:aws:ecs:eu-west-1:123456789012:task-definition/tradai-backend-prod:5";

  @Test
  void anEcsMemoryRollbackCopiesTheRevisionTheFixRegisteredNeverThePlanTimeOne() {
    Action fix =
        new Action.RaiseEcsTaskMemory("tradai-prod", "tradai-backend-prod", TD5, 512, 1024, 2048);

    assertThat(Restore.of(fix, Optional.of(TD6)))
        .isEqualTo(
            new Restore.Bound.To(
                new Action.RaiseEcsTaskMemory(
                    "tradai-prod", "tradai-backend-prod", TD6, 512, 2048, 1024)));
  }

  @Test
  void aLambdaRollbackExpectsTheFixsVersionAndPointsBackToTheOneBeforeIt() {
    Action fix =
        new Action.RaiseLambdaMemory("tradai-backtest-runner-prod", "live", "1", 1024, 1769);

    assertThat(Restore.of(fix, Optional.of("2")))
        .isEqualTo(
            new Restore.Bound.To(
                new Action.RaiseLambdaMemory(
                    "tradai-backtest-runner-prod", "live", "2", "1", 1769, 1024)));
    Action timeout = new Action.RaiseLambdaTimeout("tradai-signals-dev", "live", "4", 30, 60);
    assertThat(Restore.of(timeout, Optional.of("5")))
        .isEqualTo(
            new Restore.Bound.To(
                new Action.RaiseLambdaTimeout("tradai-signals-dev", "live", "5", "4", 60, 30)));
  }

  @Test
  void aRecordThatDoesNotSayWhatTheFixCreatedCannotBeRolledBackBlindly() {
    Action fix =
        new Action.RaiseEcsTaskMemory("tradai-prod", "tradai-backend-prod", TD5, 512, 1024, 2048);

    assertThat(Restore.of(fix, Optional.empty()))
        .isEqualTo(
            new Restore.Bound.Unknown(
                "the fix's audit record does not say which task definition revision it created on tradai-backend-prod,"
                    + " so a rollback cannot tell its own change from a later one; nothing was changed, a person decides"));
  }

  @Test
  void plainValuesAndUnaliasedFunctionsRollBackToTheirInverse() {
    Action scale = new Action.ScaleEcsService("tradai-prod", "tradai-backend-prod", 2, 3);
    Action latest = new Action.RaiseLambdaMemory("tradai-signals-dev", 1024, 2048);

    assertThat(Restore.of(scale, Optional.empty()))
        .isEqualTo(new Restore.Bound.To(scale.inverse()));
    assertThat(Restore.of(latest, Optional.empty()))
        .isEqualTo(new Restore.Bound.To(latest.inverse()));
  }
}
