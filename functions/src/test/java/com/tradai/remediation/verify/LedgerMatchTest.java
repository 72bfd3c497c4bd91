package com.tradai.remediation.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.ledger.AuditRecord;
import com.tradai.remediation.ports.AlarmRef;
import com.tradai.remediation.ports.VerificationRequest;
import com.tradai.remediation.report.Report;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ledger match, pure: each row changes one thing of a genuine check or of its audit record. */
class LedgerMatchTest {
  private static final String ID = "20261127T101530.000Z-549dc50d";
  private static final String ALARM = "tradai-dev-api-latency-high";
  private static final Instant AT = Instant.parse("2026-11-27T10:15:00Z");
  private static final Action FIX =
      new Action.ScaleEcsService("tradai-dev", "tradai-backend-dev", 2, 3);

  private static AuditRecord audit(
      String id, Action action, String origin, String status, String alarm) {
    return new AuditRecord(
        id,
        "dev",
        AT.plusSeconds(30),
        "key",
        alarm,
        "api-latency",
        origin,
        null,
        null,
        action,
        "APPLY",
        List.of(),
        status,
        "desiredCount is now 3",
        null);
  }

  private static final AuditRecord RECORDED = audit(ID, FIX, "ALARM", AuditRecord.APPLIED, ALARM);

  private static VerificationRequest check(
      String alarm, List<Action> actions, Report.ChangeView... changes) {
    return new VerificationRequest(
        "dev",
        "api-latency",
        "High API Latency",
        "corr",
        new AlarmRef(
            alarm,
            "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:" + alarm,
            "eu-west-1",
            AT,
            Optional.empty()),
        AT,
        AT.plusSeconds(330),
        1,
        2,
        actions,
        List.of(changes));
  }

  private static Report.ChangeView change(Action a, String auditId) {
    return Report.ChangeView.of(
        a,
        com.tradai.remediation.report.ChangeStatus.APPLIED,
        "desiredCount is now " + a.after(),
        auditId);
  }

  private static final VerificationRequest GENUINE = check(ALARM, List.of(FIX), change(FIX, ID));

  static Stream<Arguments> rows() {
    Action otherService = new Action.ScaleEcsService("tradai-dev", "tradai-strategy-dev", 2, 3);
    Action memory =
        new Action.RaiseEcsTaskMemory(
            "tradai-dev", "tradai-backend-dev", "arn:td:1", 512, 1024, 2048);
    UnaryOperator<AuditRecord> same = a -> a;
    return Stream.of(
        Arguments.of("genuine", GENUINE, same, null, null),
        Arguments.of(
            "no change",
            check(ALARM, List.of(FIX)),
            same,
            LedgerMatch.NO_CHANGE,
            "changes is empty: a check verifies a fix the ledger recorded"),
        Arguments.of(
            "no audit id",
            check(ALARM, List.of(FIX), change(FIX, null)),
            same,
            LedgerMatch.NO_AUDIT_RECORD,
            "changes[0].auditId is missing"),
        Arguments.of(
            "audit id the ledger never wrote",
            check(ALARM, List.of(FIX), change(FIX, "20261127T101530.000Z-forged00")),
            same,
            LedgerMatch.NO_AUDIT_RECORD,
            "changes[0].auditId '20261127T101530.000Z-forged00' is not in the ledger of dev"),
        Arguments.of(
            "audit id of another target",
            check(ALARM, List.of(otherService), change(otherService, ID)),
            same,
            LedgerMatch.AUDIT_MISMATCH,
            "changes[0].target is 'tradai-strategy-dev' but audit "
                + ID
                + " recorded tradai-backend-dev"),
        Arguments.of(
            "another action kind",
            check(ALARM, List.of(memory), change(memory, ID)),
            same,
            LedgerMatch.AUDIT_MISMATCH,
            "changes[0].action is 'RaiseEcsTaskMemory' but audit "
                + ID
                + " recorded ScaleEcsService"),
        Arguments.of(
            "mismatched after",
            check(ALARM, List.of(FIX.withAfter(6)), change(FIX.withAfter(6), ID)),
            same,
            LedgerMatch.AUDIT_MISMATCH,
            "changes[0].after is 6 but audit " + ID + " recorded 3"),
        Arguments.of(
            "mismatched before",
            check(
                ALARM,
                List.of(FIX),
                change(new Action.ScaleEcsService("tradai-dev", "tradai-backend-dev", 1, 3), ID)),
            same,
            LedgerMatch.AUDIT_MISMATCH,
            "changes[0].before is 1 but audit " + ID + " recorded 2"),
        Arguments.of(
            "another alarm",
            check("tradai-dev-ecs-memory-high", List.of(FIX), change(FIX, ID)),
            same,
            LedgerMatch.AUDIT_MISMATCH,
            "alarm.name is 'tradai-dev-ecs-memory-high' but audit " + ID + " recorded " + ALARM),
        Arguments.of(
            "an action no audit recorded",
            check(ALARM, List.of(FIX, otherService), change(FIX, ID)),
            same,
            LedgerMatch.AUDIT_MISMATCH,
            "actions[1] (ScaleEcsService on 'tradai-strategy-dev', 2 → 3) is none of the fixes the"
                + " ledger recorded for this check's audit ids"),
        Arguments.of(
            "the audit is a rollback",
            GENUINE,
            (UnaryOperator<AuditRecord>)
                a -> audit(ID, FIX, "ROLLBACK", AuditRecord.APPLIED, ALARM),
            LedgerMatch.AUDIT_MISMATCH,
            "changes[0].auditId: audit " + ID + " is a rollback, not a fix"),
        Arguments.of(
            "the fix failed",
            GENUINE,
            (UnaryOperator<AuditRecord>) a -> audit(ID, FIX, "ALARM", AuditRecord.FAILED, ALARM),
            LedgerMatch.AUDIT_MISMATCH,
            "changes[0].auditId: audit " + ID + " is FAILED in the ledger, not APPLIED"),
        Arguments.of(
            "a newline in a forged target is escaped",
            check(
                ALARM,
                List.of(FIX),
                change(new Action.ScaleEcsService("c", "x\nINFO forged", 2, 3), ID)),
            same,
            LedgerMatch.AUDIT_MISMATCH,
            "changes[0].target is 'x\\nINFO forged' but audit "
                + ID
                + " recorded tradai-backend-dev"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void aCheckIsActedOnOnlyWhenTheLedgerRecordedWhatItClaims(
      String row,
      VerificationRequest check,
      UnaryOperator<AuditRecord> ledger,
      String reason,
      String why) {
    Optional<LedgerMatch.Drop> drop = LedgerMatch.drop(check, Map.of(ID, ledger.apply(RECORDED)));
    if (reason == null) {
      assertThat(drop).isEmpty();
    } else {
      assertThat(drop).contains(new LedgerMatch.Drop(reason, why));
    }
  }
}
