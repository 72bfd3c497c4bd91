package com.tradai.remediation.ledger;

import static com.tradai.remediation.ledger.ItemValues.n;
import static com.tradai.remediation.ledger.ItemValues.s;

import com.tradai.remediation.core.Action;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Audit records left PENDING by a killed invocation, and how the next run that holds the resource's
 * lock settles them. Every PENDING record is written with a small marker item {@code
 * ~PENDING#{auditId}} (its target), deleted in the write that records APPLIED or FAILED; the marker
 * sorts between {@code ~LAST#} and {@code ~SLOT#}, so the one facts Query reads it at no extra
 * call. A marker found for a resource the run is about to change names an invocation that died
 * between its PENDING write and its close (a live one would still hold the lock). Pure.
 */
public final class PendingAudits {
  /** Sort-key prefix of the markers. */
  public static final String PREFIX = LedgerKeys.META + "PENDING#";

  /** As long as the audit record it stands for. */
  private static final Duration KEPT = Duration.ofDays(90);

  private PendingAudits() {}

  /** A PENDING record of an earlier run on {@code target}, as its marker names it. */
  public record Mark(String auditId, String target) {}

  /** What a settled record becomes: its status and the note that says what was found. */
  public record Settlement(String status, String note) {}

  static String key(String auditId) {
    return PREFIX + auditId;
  }

  static Map<String, AttributeValue> markerItem(AuditRecord r) {
    Map<String, AttributeValue> item =
        new HashMap<>(LedgerKeys.inAudit(r.environment(), key(r.auditId())));
    item.put("target", s(r.action().target()));
    item.put("expiresAt", n(r.at().plus(KEPT).getEpochSecond()));
    return item;
  }

  /**
   * How a PENDING record is settled from what the resource shows now: APPLIED if it shows the
   * record's {@code after}, else FAILED (not applied, or changed by someone else since).
   *
   * @param now the settling run's own action of the same kind on the same resource: its {@code
   *     before} is the value this run read from AWS
   */
  public static Settlement settle(Action pending, Action now, String settledBy) {
    String found = found(now);
    if (now.before() == pending.after()) {
      return new Settlement(AuditRecord.APPLIED, "settled by " + settledBy + ": found " + found);
    }
    String why =
        now.before() == pending.before()
            ? "not applied"
            : "not applied as recorded (" + pending.change() + ")";
    return new Settlement(
        AuditRecord.FAILED, why + "; settled by " + settledBy + ": found " + found);
  }

  /**
   * What a record settled APPLIED created, as far as this run's reading shows it: the revision the
   * ECS service runs, the version the Lambda alias serves (each holding the record's {@code
   * after}). Kept in the record so that its rollback restores that revision or version, and refuses
   * once something newer replaced it.
   */
  static Optional<String> created(Action reading) {
    return switch (reading) {
      case Action.RaiseEcsTaskMemory m ->
          Optional.of(m.taskDefinitionArn()).filter(a -> !a.isBlank());
      case Action.RaiseLambdaMemory l when !l.alias().isBlank() ->
          Optional.of(l.aliasVersion()).filter(v -> !v.isBlank());
      case Action.RaiseLambdaTimeout t when !t.alias().isBlank() ->
          Optional.of(t.aliasVersion()).filter(v -> !v.isBlank());
      default -> Optional.empty();
    };
  }

  /** The value an action was computed from, as its change words it: "desiredCount 3". */
  static String found(Action a) {
    String change = a.change();
    int arrow = change.indexOf(" → ");
    return arrow < 0 ? change : change.substring(0, arrow);
  }

  /** This run's action that can settle {@code pending}: the same kind on the same resource. */
  public static Optional<Action> reading(Action pending, Collection<Action> planned) {
    return planned.stream()
        .filter(a -> a.kind().equals(pending.kind()) && a.target().equals(pending.target()))
        .findFirst();
  }

  /** The guard note the settling run's report carries. */
  public static String note(String auditId, Settlement s) {
    return "pending audit "
        + auditId
        + " settled: "
        + s.note().substring(s.note().indexOf("found "))
        + " ("
        + s.status()
        + ")";
  }
}
