package com.tradai.remediation.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The slot search's decisions, from the cancellation codes DynamoDB gives a refused transaction.
 */
class SlotSearchTest {
  private static final String TAKEN = "ConditionalCheckFailed";
  private static final String NONE = "None";
  private static final String CONFLICT = "TransactionConflict";
  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
  private static final Slots.Quota QUOTA =
      new Slots.Quota(
          "api-latency", List.of(2, 0), NOW.plusSeconds(3600), List.of(1), NOW.plusSeconds(60));

  @Test
  void aTakenRateSlotMovesOnToTheNextFreeOne() {
    SlotSearch next = SlotSearch.START.after(List.of(NONE, NONE, TAKEN, NONE), 4).orElseThrow();

    assertThat(next).isEqualTo(new SlotSearch(1, 0, 0));
    assertThat(next.rateKey(QUOTA)).isEqualTo("~SLOT#RATE#api-latency#0");
    assertThat(next.fixKey(QUOTA)).isEqualTo("~SLOT#FIX#1");
    assertThat(next.full(QUOTA)).isEmpty();
  }

  @Test
  void aLimitWithEverySlotTriedIsFull() {
    SlotSearch next = SlotSearch.START.after(List.of(NONE, NONE, NONE, TAKEN), 4).orElseThrow();

    assertThat(next.full(QUOTA)).contains(Ledger.Opening.FIX_CAP_FULL);
    assertThat(new SlotSearch(2, 0, 0).full(QUOTA)).contains(Ledger.Opening.RATE_LIMIT_FULL);
  }

  @Test
  void aRefusedClaimOrLockEndsTheSearch() {
    assertThat(SlotSearch.START.after(List.of(TAKEN, NONE, TAKEN, NONE), 4)).isEmpty();
    assertThat(SlotSearch.START.after(List.of(), 4)).as("no reasons given").isEmpty();
  }

  @Test
  void conflictsAreTriedAgainThreeTimesAndNoMore() {
    List<String> conflict = List.of(NONE, NONE, CONFLICT, NONE);
    SlotSearch third =
        SlotSearch.START
            .after(conflict, 4)
            .orElseThrow()
            .after(conflict, 4)
            .orElseThrow()
            .after(conflict, 4)
            .orElseThrow();

    assertThat(third).isEqualTo(new SlotSearch(0, 0, 3));
    assertThat(third.after(conflict, 4)).isEmpty();
  }
}
