package com.tradai.remediation.guard;

import com.tradai.remediation.core.Action;
import java.util.List;

/**
 * What the guardrails made of one proposed action. {@code effective} may differ from {@code
 * proposed} when a cap clamped it; {@code notes} holds every guard's word, in order.
 */
public record Decision(Action proposed, Action effective, Verdict verdict, List<String> notes) {

  public Decision {
    notes = List.copyOf(notes);
  }

  public boolean mayApply() {
    return verdict == Verdict.ALLOWED;
  }
}
