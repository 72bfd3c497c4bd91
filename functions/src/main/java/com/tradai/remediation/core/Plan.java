package com.tradai.remediation.core;

import java.util.List;

/** The actions a runbook proposes for a diagnosis; empty when there is nothing safe to do. */
public record Plan(List<Action> actions) {

  public Plan {
    actions = List.copyOf(actions);
  }

  public static Plan none() {
    return new Plan(List.of());
  }

  public static Plan of(Action... actions) {
    return new Plan(List.of(actions));
  }
}
