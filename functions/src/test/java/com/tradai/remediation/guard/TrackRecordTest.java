package com.tradai.remediation.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradai.remediation.config.PolicyLoader;
import com.tradai.remediation.guard.TrackRecord.Tally;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The record's pure parts: the window over day counters, the report's line, the promotion bar. */
class TrackRecordTest {
  private static final LocalDate TODAY = LocalDate.parse("2026-11-27");
  private static final Policy PROD = new PolicyLoader(new ObjectMapper()).forEnvironment("prod");

  @Test
  void theWindowSumsTheDaysItCoversAndIgnoresOlderDaysAndOtherAttributes() {
    Map<String, Long> c = new HashMap<>();
    c.put(TrackRecord.counter(Tally.RECOVERED, TODAY), 4L);
    c.put(TrackRecord.counter(Tally.RECOVERED, TODAY.minusDays(29)), 3L);
    c.put(TrackRecord.counter(Tally.RECOVERED, TODAY.minusDays(30)), 100L);
    c.put(TrackRecord.counter(Tally.ROLLED_BACK, TODAY.minusDays(2)), 1L);
    c.put(TrackRecord.counter(Tally.SHADOW_CLEARED, TODAY), 1L);
    c.put(TrackRecord.counter(Tally.SHADOW_BREACHING, TODAY), 4L);
    c.put(TrackRecord.counter(Tally.IMPROVING, TODAY.plusDays(1)), 9L);
    c.put("expiresAt", 1234L);
    c.put("recovered#notaday", 7L);

    assertThat(TrackRecord.within(c, TODAY, 30)).isEqualTo(new TrackRecord(7, 0, 0, 1, 1, 0, 4));
    assertThat(TrackRecord.within(c, TODAY, 31).recovered()).isEqualTo(107);
    assertThat(TrackRecord.counter(Tally.SHADOW_CLEARED, TODAY))
        .isEqualTo("shadow_cleared#20261127");
  }

  @Test
  void theLineSaysHowOftenFixesLikeThisRecoveredAndHowOftenTheAlarmClearedAlone() {
    assertThat(new TrackRecord(7, 2, 1, 0, 1, 0, 4).line("prod", 30))
        .isEqualTo(
            "track record: "
                + "recovered 7 of 8 fixes like this in prod (30 days); in shadow, the alarm cleared on its own"
                + " 1 of 5 times");
    assertThat(new TrackRecord(1, 0, 0, 2, 0, 0, 0).line("prod", 30))
        .isEqualTo(
            "track record: " + "recovered 1 of 3 fixes like this in prod (30 days), 2 rolled back");
    assertThat(TrackRecord.EMPTY.line("dev", 30))
        .isEqualTo("track record: no fix like this verified in dev yet (30 days)");
  }

  @Test
  void promotionToApproveNeedsEnoughShadowChecksAndToActARateOverEnoughFixes() {
    assertThat(
            Promotion.refusal(
                PROD, Mode.SHADOW, Mode.APPROVE, new TrackRecord(0, 0, 0, 0, 1, 3, 3)))
        .contains("only 4 shadow plan(s) checked in 30 days; approve mode needs at least 5");
    assertThat(
            Promotion.refusal(
                PROD, Mode.SHADOW, Mode.APPROVE, new TrackRecord(0, 0, 0, 0, 2, 0, 3)))
        .isEmpty();
    assertThat(
            Promotion.refusal(PROD, Mode.APPROVE, Mode.ACT, new TrackRecord(3, 0, 1, 0, 0, 0, 0)))
        .contains("only 4 applied fix(es) judged in 30 days; act mode needs at least 5");
    assertThat(
            Promotion.refusal(PROD, Mode.APPROVE, Mode.ACT, new TrackRecord(3, 0, 1, 1, 0, 0, 0)))
        .contains(
            "recovered 3 of 5 (60%), below the bar of 80% over at least 5 verdicts in 30 days");
    assertThat(
            Promotion.refusal(PROD, Mode.APPROVE, Mode.ACT, new TrackRecord(4, 0, 1, 0, 0, 0, 0)))
        .isEmpty();
    assertThat(Promotion.refusal(PROD, Mode.ACT, Mode.SHADOW, TrackRecord.EMPTY))
        .as("tightening")
        .isEmpty();
  }

  @Test
  void modesOrderFromShadowToAct() {
    assertThat(Mode.SHADOW.tighterThan(Mode.APPROVE)).isTrue();
    assertThat(Mode.APPROVE.tighterThan(Mode.ACT)).isTrue();
    assertThat(Mode.ACT.tighterThan(Mode.SHADOW)).isFalse();
    assertThat(Mode.SHADOW.promoted()).contains(Mode.APPROVE);
    assertThat(Mode.ACT.promoted()).isEmpty();
    assertThat(Mode.parse("approve")).contains(Mode.APPROVE);
    assertThat(Mode.parse("APPROVE")).isEmpty();
  }
}
