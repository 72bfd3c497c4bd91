package com.tradai.remediation.alarm;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether an alarm delivery may act at all, before any runbook reads anything. Pure. An alarm of
 * another account or region than the function's own is refused (a forwarded or forged alarm must
 * not act on this account's resources), and a delivery whose state change is older than the
 * configured age is answered without acting: an async retry, a replay or a late redelivery of an
 * old transition must not turn into a fix now. Manual commands name their own time and are not
 * checked here.
 */
public final class AlarmProvenance {
  private AlarmProvenance() {}

  /**
   * The rejection when the alarm's ARN names another account or region than the function's own.
   *
   * @param ownAccount the function's account, when known (OWN_ACCOUNT_ID, which the stack sets);
   *     unknown, only the region is compared
   */
  public static Optional<Rejection> foreign(
      Alarm alarm, String ownRegion, Optional<String> ownAccount) {
    if (alarm.delivery() == Delivery.MANUAL) {
      return Optional.empty();
    }
    // the ARN's own parts, and what the delivery says besides (SNS's AWSAccountId): any may differ
    String[] arn = alarm.arn().split(":", 6);
    String region = arn.length == 6 ? arn[3] : alarm.region();
    String account = arn.length == 6 ? arn[4] : alarm.account();
    boolean otherRegion = !ownRegion.equals(region) || !ownRegion.equals(alarm.region());
    boolean otherAccount =
        ownAccount.isPresent()
            && (!ownAccount.get().equals(account) || !ownAccount.get().equals(alarm.account()));
    if (!otherRegion && !otherAccount) {
      return Optional.empty();
    }
    return Optional.of(
        Rejection.of(
            Rejection.Code.FOREIGN_ALARM,
            "alarm ARN "
                + alarm.arn()
                + " names account "
                + account
                + ", region "
                + region
                + ", but this function runs in account "
                + ownAccount.orElse("(unknown)")
                + ", region "
                + ownRegion
                + "; an alarm of another account or region never acts here"));
  }

  /**
   * Present when the state change is older than {@code maxAge} at {@code now}: what the report
   * says.
   */
  public static Optional<String> stale(Alarm alarm, Duration maxAge, Instant now) {
    if (alarm.delivery() == Delivery.MANUAL) {
      return Optional.empty();
    }
    Duration age = Duration.between(alarm.stateChangeTime(), now);
    if (age.compareTo(maxAge) <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        "Alarm "
            + alarm.name()
            + " changed state at "
            + alarm.stateChangeTime()
            + ", "
            + age.toMinutes()
            + " min ago, more than the "
            + maxAge.toMinutes()
            + " min a delivery may be old (ALARM_MAX_AGE_MINUTES); nothing was changed. A late retry or a"
            + " replay never acts; if the alarm still fires, its next state change will.");
  }
}
