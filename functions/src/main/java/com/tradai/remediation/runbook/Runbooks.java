package com.tradai.remediation.runbook;

import com.tradai.remediation.alarm.Alarm;
import java.util.List;
import java.util.Optional;

/** Finds the runbook for an alarm: the first that takes it. */
public final class Runbooks {
  private final List<Runbook> all;

  public Runbooks(List<Runbook> all) {
    this.all = List.copyOf(all);
  }

  public static Runbooks standard() {
    return new Runbooks(List.of(new ApiLatencyRunbook()));
  }

  public Optional<Runbook> route(Alarm alarm) {
    return all.stream().filter(r -> r.handles(alarm)).findFirst();
  }

  public List<Runbook> all() {
    return all;
  }
}
