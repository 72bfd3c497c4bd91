package com.tradai.remediation.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.core.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a record a killed run left PENDING is settled from what the resource shows now. */
class PendingAuditsTest {
  private static final Action PENDING = new Action.ScaleEcsService("c", "svc", 2, 3);

  private static Action readNow(int desired) {
    return new Action.ScaleEcsService("c", "svc", desired, desired + 1);
  }

  @Test
  void theResourceShowingAfterMeansApplied() {
    PendingAudits.Settlement s = PendingAudits.settle(PENDING, readNow(3), "run 2");
    assertThat(s)
        .isEqualTo(
            new PendingAudits.Settlement("APPLIED", "settled by run 2: found desiredCount 3"));
    assertThat(PendingAudits.note("a-1", s))
        .isEqualTo("pending audit a-1 settled: found desiredCount 3 (APPLIED)");
  }

  @Test
  void theResourceShowingBeforeMeansNotApplied() {
    PendingAudits.Settlement s = PendingAudits.settle(PENDING, readNow(2), "run 2");
    assertThat(s)
        .isEqualTo(
            new PendingAudits.Settlement(
                "FAILED", "not applied; settled by run 2: found desiredCount 2"));
    assertThat(PendingAudits.note("a-1", s))
        .isEqualTo("pending audit a-1 settled: found desiredCount 2 (FAILED)");
  }

  @Test
  void anyOtherValueIsNotTheRecordedChange() {
    assertThat(PendingAudits.settle(PENDING, readNow(5), "run 2"))
        .isEqualTo(
            new PendingAudits.Settlement(
                "FAILED",
                "not applied as recorded (desiredCount 2 → 3); settled by run 2: found desiredCount 5"));
  }

  @Test
  void onlyTheSameKindOnTheSameResourceCanSettleIt() {
    Action memory = new Action.RaiseEcsTaskMemory("c", "svc", "td", 256, 512, 1024);
    Action otherService = new Action.ScaleEcsService("c", "other", 3, 4);
    assertThat(PendingAudits.reading(PENDING, List.of(memory, otherService))).isEmpty();
    assertThat(PendingAudits.reading(PENDING, List.of(memory, readNow(3)))).contains(readNow(3));
  }

  @Test
  void aRecordSettledAppliedKeepsTheRevisionOrVersionTheResourceServesNowForItsRollback() {
    String td = "arn:aws:ecs:eu-west-1:123456789012:task-definition/svc:8";
    assertThat(
            PendingAudits.created(new Action.RaiseEcsTaskMemory("c", "svc", td, 512, 2048, 3072)))
        .contains(td);
    assertThat(PendingAudits.created(new Action.RaiseLambdaMemory("fn", "live", "4", 1024, 1769)))
        .contains("4");
    assertThat(PendingAudits.created(new Action.RaiseLambdaTimeout("fn", 30, 60)))
        .as("$LATEST: nothing created")
        .isEmpty();
    assertThat(PendingAudits.created(readNow(3))).isEmpty();
  }
}
