package com.tradai.remediation.guard;

import com.tradai.remediation.core.Action;
import java.util.List;

/**
 * What the guardrails made of one proposed action. {@code effective} may differ from {@code
 * proposed} when a cap clamped it; {@code guardNotes} holds every guard's word, in order.
 */
public record Decision(
    Action proposed, Action effective, Verdict verdict, List<GuardNote> guardNotes) {

  public Decision {
    guardNotes = List.copyOf(guardNotes);
  }

  /** Every guard's word as the report and the audit record show it. */
  public List<String> notes() {
    return GuardNote.lines(guardNotes);
  }

  public boolean mayApply() {
    return verdict == Verdict.ALLOWED;
  }
}
