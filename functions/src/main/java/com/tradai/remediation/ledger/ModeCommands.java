package com.tradai.remediation.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.commands.ManualCommand;
import com.tradai.remediation.config.PolicyLoader;
import com.tradai.remediation.guard.Mode;
import com.tradai.remediation.guard.Policy;
import com.tradai.remediation.guard.Promotion;
import com.tradai.remediation.guard.Standing;
import com.tradai.remediation.guard.TrackRecord;
import com.tradai.remediation.guard.Trust;
import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A runbook's mode at run time, kept in the ledger ({@link StandingItems}) where the guards' facts
 * Query reads it:
 *
 * <ul>
 *   <li>{"command":"mode","runbook":"api-latency","mode":"approve","by":"alice","reason":"…"} sets
 *       it;
 *   <li>{"command":"promote","runbook":"api-latency","by":"alice"} moves it one step (shadow →
 *       approve → act).
 * </ul>
 *
 * Either prints the runbook's track record first. A looser mode must clear the policy's bar ({@link
 * Promotion}) unless {"force":true,"reason":"…"}; a tighter one is always taken. The change and its
 * audit entry are one conditional write: a mode changed in between refuses it.
 */
public final class ModeCommands implements ManualCommand {
  private static final int MAX_REASON = 200;
  private final boolean promote;
  private final GuardedExecutor gate;
  private final Supplier<Policy> policies;
  private final String environment;
  private final CommandFields commands;

  private ModeCommands(
      boolean promote, GuardedExecutor gate, Supplier<Policy> policies, String env) {
    this.promote = promote;
    this.gate = gate;
    this.policies = policies;
    this.environment = env;
    this.commands = new CommandFields(env, gate.clock());
  }

  public static ManualCommand mode(GuardedExecutor gate, Supplier<Policy> policies, String env) {
    return new ModeCommands(false, gate, policies, env);
  }

  public static ManualCommand promote(GuardedExecutor gate, Supplier<Policy> policies, String env) {
    return new ModeCommands(true, gate, policies, env);
  }

  @Override
  public String name() {
    return promote ? "promote" : "mode";
  }

  @Override
  public String usage() {
    return promote
        ? "{\"command\":\"promote\",\"runbook\":\"api-latency\",\"by\":\"alice\"[,\"force\":true,\"reason\":\"…\"]}"
        : "{\"command\":\"mode\",\"runbook\":\"api-latency\",\"mode\":\""
            + Mode.choices()
            + "\",\"by\":\"alice\"[,\"force\":true,\"reason\":\"…\"]}";
  }

  @Override
  public Report run(JsonNode body) {
    return commands.safely(() -> change(body));
  }

  private Report change(JsonNode body) {
    if (gate.ledger().isEmpty()) {
      return commands.noLedger();
    }
    Ledger ledger = gate.ledger().get();
    String runbook = body.path("runbook").asText("");
    if (!PolicyLoader.RUNBOOKS.contains(runbook)) {
      return commands.rejected(
          "runbook must be one of "
              + PolicyLoader.RUNBOOKS
              + ", got '"
              + runbook
              + "'; usage: "
              + usage());
    }
    Optional<String> by = CommandFields.by(body);
    if (by.isEmpty()) {
      return commands.rejected("by must be 1-64 letters, digits or @._+- (who changes the mode)");
    }
    JsonNode reasonNode = body.path("reason");
    if (!reasonNode.isMissingNode()
        && !(reasonNode.isTextual()
            && !reasonNode.asText().isBlank()
            && reasonNode.asText().length() <= MAX_REASON
            && reasonNode.asText().chars().noneMatch(Character::isISOControl))) {
      return commands.rejected("reason must be one line of 1-" + MAX_REASON + " characters");
    }
    Optional<String> reason =
        reasonNode.isTextual() ? Optional.of(reasonNode.asText()) : Optional.empty();
    boolean force = body.path("force").asBoolean(false);
    if (force && reason.isEmpty()) {
      return commands.rejected("force needs a reason: why the record's bar is overridden");
    }
    Policy policy = policies.get();
    Instant now = gate.clock().instant();
    Policy.Guards g = policy.guards();
    Standing standing =
        ledger
            .facts(
                environment, runbook, List.of(), g.rateLimit().window(), g.breaker().window(), now)
            .standing();
    Mode from = Trust.mode(policy, runbook, standing);
    Optional<Mode> to;
    if (promote) {
      to = from.promoted();
      if (to.isEmpty()) {
        return commands.rejected(
            runbook + " already acts in " + environment + "; nothing was changed");
      }
    } else {
      to = Mode.parse(body.path("mode").asText(""));
      if (to.isEmpty()) {
        return commands.rejected(
            "mode must be one of "
                + Mode.choices()
                + ", got "
                + body.get("mode")
                + "; usage: "
                + usage());
      }
    }
    int days = policy.rollout().minTrackRecord().map(Policy.Bar::days).orElse(30);
    TrackRecord record = standing.record(runbook, Trust.day(now), days);
    String said = runbook + " in " + environment + " — " + record.line(environment, days);
    if (to.get() == from) {
      return commands.report(
          Outcome.RECORDED_OK,
          said + "; already " + from.label() + ", nothing was changed",
          runbook,
          List.of(),
          List.of());
    }
    Optional<String> below = Promotion.refusal(policy, from, to.get(), record);
    if (below.isPresent() && !force) {
      return commands.rejected(
          said
              + "; refused "
              + from.label()
              + " → "
              + to.get().label()
              + ": "
              + below.get()
              + " (force with a reason to override); nothing was changed");
    }
    String why =
        below
            .map(b -> "forced past the bar (" + b + "): " + reason.orElseThrow())
            .orElse(reason.orElse(name()));
    if (!ledger.setMode(
        environment,
        runbook,
        standing.modeOf(runbook),
        new Standing.ModeSetting(to.get(), by.get(), now, why, from.label()))) {
      return commands.rejected(
          said
              + "; the mode of "
              + runbook
              + " was changed by someone else a moment ago; nothing was changed");
    }
    return commands.report(
        Outcome.RECORDED_OK,
        said
            + "; mode "
            + from.label()
            + " → "
            + to.get().label()
            + " by "
            + by.get()
            + " at "
            + now
            + " ("
            + why
            + ")",
        runbook,
        List.of(),
        List.of());
  }
}
