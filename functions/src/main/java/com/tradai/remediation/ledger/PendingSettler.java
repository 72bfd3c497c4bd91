package com.tradai.remediation.ledger;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.guard.Decision;
import com.tradai.remediation.guard.GuardContext;
import com.tradai.remediation.guard.GuardNote;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shell of {@link PendingAudits}: with the locks taken, settles each record an earlier (killed)
 * run left PENDING on a locked resource, from the value this run read from AWS for its own action
 * of the same kind: the record's status and note, its marker deleted, and for an APPLIED one its
 * cooldown mark, so the guards then decide on what really happened. Only runs when the facts Query
 * found a marker: nothing to settle costs no call.
 */
final class PendingSettler {
  private static final Logger LOG = LoggerFactory.getLogger(PendingSettler.class);

  private PendingSettler() {}

  /**
   * @param notes per target, what the report says about its settled records
   * @param lastApplied the cooldown facts with every settled APPLIED change in them
   */
  record Settled(Map<String, List<String>> notes, Map<String, Instant> lastApplied) {
    /** Each decision with its target's settlement notes first (the guards' own word stays last). */
    List<Decision> annotate(List<Decision> decisions) {
      return decisions.stream()
          .map(
              d -> {
                List<String> mine = notes.getOrDefault(d.effective().target(), List.of());
                if (mine.isEmpty()) {
                  return d;
                }
                List<GuardNote> all =
                    new ArrayList<>(mine.stream().map(GuardNote::unnamed).toList());
                all.addAll(d.guardNotes());
                return new Decision(d.proposed(), d.effective(), d.verdict(), all);
              })
          .toList();
    }
  }

  static Settled settle(
      Ledger ledger,
      String env,
      List<PendingAudits.Mark> marks,
      List<String> locked,
      List<Action> planned,
      String settledBy,
      Instant now,
      Map<String, Instant> lastApplied) {
    Map<String, List<String>> notes = new HashMap<>();
    Map<String, Instant> last = new HashMap<>(lastApplied);
    for (PendingAudits.Mark m : marks) {
      if (!locked.contains(m.target())) {
        continue;
      }
      List<String> said = notes.computeIfAbsent(m.target(), t -> new ArrayList<>());
      try {
        Optional<AuditRecord> record =
            ledger.audit(env, m.auditId()).filter(r -> AuditRecord.PENDING.equals(r.status()));
        if (record.isEmpty()) {
          continue;
        }
        Action pending = record.get().action();
        Optional<Action> reading = PendingAudits.reading(pending, planned);
        if (reading.isEmpty()) {
          said.add(
              "pending audit "
                  + m.auditId()
                  + " left PENDING: this run did not read the "
                  + pending.kind()
                  + " of "
                  + m.target());
          continue;
        }
        PendingAudits.Settlement s = PendingAudits.settle(pending, reading.get(), settledBy);
        if (AuditRecord.APPLIED.equals(s.status())) {
          ledger.finishApplied(
              env, m.auditId(), s.note(), PendingAudits.created(reading.get()).orElse(null), now);
        } else {
          ledger.finishAudit(env, m.auditId(), s.status(), s.note(), null, now);
        }
        if (AuditRecord.APPLIED.equals(s.status())) {
          String key = GuardContext.Facts.key(pending.kind(), pending.target());
          Instant at = record.get().at();
          if (!last.containsKey(key) || last.get(key).isBefore(at)) {
            ledger.recordApplied(env, pending.kind(), pending.target(), at, m.auditId());
            last.put(key, at);
          }
        }
        said.add(PendingAudits.note(m.auditId(), s));
      } catch (RuntimeException e) {
        LOG.error(
            "pending audit {} could not be settled: {}",
            m.auditId(),
            LogSafe.clean(e.getMessage()));
        said.add(
            "pending audit " + m.auditId() + " left PENDING: " + LogSafe.clean(e.getMessage()));
      }
    }
    return new Settled(notes, last);
  }
}
