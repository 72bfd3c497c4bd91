package com.tradai.remediation.guard;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * What the ledger says about the runbooks' standing, read with the guards' other facts (one Query):
 * the modes operators set at run time and the verifier's counters per runbook and fix kind.
 *
 * @param modes runbook → the mode an operator set with {@code ./run ops mode} or {@code promote}
 * @param counters {@code runbook#kind} → the stored counters ({@link TrackRecord#counter})
 */
public record Standing(Map<String, ModeSetting> modes, Map<String, Map<String, Long>> counters) {
  public static final Standing NONE = new Standing(Map.of(), Map.of());

  public Standing {
    modes = Map.copyOf(modes);
    counters = Map.copyOf(counters);
  }

  /** A run-time mode: what, who set it, when, why, and what it replaced. */
  public record ModeSetting(Mode mode, String by, Instant at, String reason, String previous) {}

  public static String key(String runbook, String kind) {
    return runbook + "#" + kind;
  }

  public Optional<Mode> modeOf(String runbook) {
    return Optional.ofNullable(modes.get(runbook)).map(ModeSetting::mode);
  }

  /** The record of one fix kind of one runbook over the {@code days} up to {@code today}. */
  public TrackRecord record(String runbook, String kind, LocalDate today, int days) {
    return TrackRecord.within(counters.getOrDefault(key(runbook, kind), Map.of()), today, days);
  }

  /** Every fix kind of the runbook together. */
  public TrackRecord record(String runbook, LocalDate today, int days) {
    return counters.entrySet().stream()
        .filter(e -> e.getKey().startsWith(runbook + "#"))
        .map(e -> TrackRecord.within(e.getValue(), today, days))
        .reduce(TrackRecord.EMPTY, TrackRecord::plus);
  }
}
