package com.tradai.remediation.verify;

import com.tradai.remediation.alarm.LogSafe;
import com.tradai.remediation.aws.Executor;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.guard.Decision;
import com.tradai.remediation.guard.GuardContext;
import com.tradai.remediation.guard.Guardrails;
import com.tradai.remediation.guard.Policy;
import com.tradai.remediation.report.Report;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls back through the existing executors: each applied action's inverse, newest first, through
 * {@link Guardrails#forRollback()} (allow-list, dry-run).
 */
public final class ExecutorRollback implements Rollback {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorRollback.class);

  private final List<Executor> executors;
  private final Policy policy;
  private final String project;
  private final String environment;
  private final Clock clock;

  /** {@code environment} is the function's own, never the message's: the allow-list checks it. */
  public ExecutorRollback(List<Executor> executors, Policy policy, String project,
      String environment, Clock clock) {
    this.executors = List.copyOf(executors);
    this.policy = policy;
    this.project = project;
    this.environment = environment;
    this.clock = clock;
  }

  @Override
  public Result rollBack(VerificationRequest request, String reason) {
    List<Report.DecisionView> decisions = new ArrayList<>();
    List<Report.ChangeView> changes = new ArrayList<>();
    GuardContext context = new GuardContext(project, environment, clock.instant());
    for (Action applied : request.actions().reversed()) {
      Action inverse = applied.inverse();
      Decision d = Guardrails.forRollback().review(new com.tradai.remediation.core.Plan(List.of(inverse)),
          policy, context).getFirst();
      String kind = inverse.getClass().getSimpleName();
      decisions.add(new Report.DecisionView(kind, inverse.target(), inverse.change(),
          d.effective().change(), d.verdict(), d.notes()));
      if (!d.mayApply()) {
        continue;
      }
      Executor executor = executors.stream().filter(e -> e.supports(inverse)).findFirst().orElse(null);
      if (executor == null) {
        changes.add(new Report.ChangeView(kind, inverse.target(), inverse.before(), inverse.after(),
            "FAILED", "no executor can apply " + kind));
        continue;
      }
      try {
        String detail = executor.apply(inverse).detail();
        LOG.warn("rolled back {} on {}: {} ({})", kind, inverse.target(), inverse.change(), reason);
        changes.add(new Report.ChangeView(kind, inverse.target(), inverse.before(), inverse.after(),
            "ROLLED_BACK", detail));
      } catch (RuntimeException e) {
        LOG.error("rollback {} on {} failed: {}", kind, inverse.target(), LogSafe.clean(e.getMessage()));
        changes.add(new Report.ChangeView(kind, inverse.target(), inverse.before(), inverse.after(),
            "FAILED", LogSafe.clean(e.getMessage())));
      }
    }
    return new Result(decisions, changes);
  }
}
