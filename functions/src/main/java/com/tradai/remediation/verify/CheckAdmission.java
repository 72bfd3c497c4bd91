package com.tradai.remediation.verify;

import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.ledger.AuditRecord;
import com.tradai.remediation.ledger.Ledger;
import com.tradai.remediation.observe.MetricPoint;
import com.tradai.remediation.observe.RemediationMetrics;
import com.tradai.remediation.ports.VerificationRequest;
import com.tradai.remediation.report.Report;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verifier's door: what it acts on. A record must come from its own queue ({@link
 * #foreignSource}), and its check must match the ledger ({@link LedgerMatch}, one GetItem per audit
 * id the check names). Anything else is dropped: one log line and one {@code ChecksDropped} metric
 * (dimension Reason), no metric read, no page, no rollback, nothing sent to escalation. A ledger
 * read that fails throws, so the record is delivered again.
 */
public final class CheckAdmission {
  private static final Logger LOG = LoggerFactory.getLogger(CheckAdmission.class);

  /** The Reason of a record refused for its source (not this verifier's queue). */
  public static final String FOREIGN_SOURCE = "ForeignSource";

  private final String environment;
  private final String queueArn;
  private final Ledger ledger;
  private final Consumer<List<MetricPoint>> metrics;

  public CheckAdmission(
      String environment, String queueArn, Ledger ledger, Consumer<List<MetricPoint>> metrics) {
    this.environment = environment;
    this.queueArn = queueArn;
    this.ledger = ledger;
    this.metrics = metrics;
  }

  /**
   * Why a record from {@code eventSourceArn} is refused, naming the field; empty when it is ours.
   */
  public Optional<String> foreignSource(String messageId, String eventSourceArn) {
    Optional<String> why = QueueSource.refusal(eventSourceArn, queueArn);
    why.ifPresent(w -> dropped(messageId, new LedgerMatch.Drop(FOREIGN_SOURCE, w)));
    return why;
  }

  /** Why a direct invocation (an event without SQS records) is refused. */
  public String notFromQueue() {
    String why = QueueSource.direct(queueArn);
    dropped("(direct invocation)", new LedgerMatch.Drop(FOREIGN_SOURCE, why));
    return why;
  }

  /** Why this check is dropped; empty when the ledger recorded every change it names. */
  public Optional<String> unrecorded(String messageId, VerificationRequest check) {
    Map<String, AuditRecord> recorded = new HashMap<>();
    for (Report.ChangeView change : check.changes()) {
      String id = change.auditId();
      if (id != null && !id.isBlank() && !recorded.containsKey(id)) {
        ledger.audit(environment, id).ifPresent(a -> recorded.put(id, a));
      }
    }
    Optional<LedgerMatch.Drop> drop = LedgerMatch.drop(check, recorded);
    drop.ifPresent(d -> dropped(messageId, d));
    return drop.map(LedgerMatch.Drop::why);
  }

  private void dropped(String messageId, LedgerMatch.Drop drop) {
    LOG.warn(
        "verification message {} dropped ({}), nothing was changed or paged: {}",
        LogSafe.clean(messageId),
        drop.reason(),
        LogSafe.clean(drop.why()));
    metrics.accept(List.of(RemediationMetrics.checkDropped(environment, drop.reason())));
  }
}
