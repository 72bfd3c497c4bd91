package com.tradai.remediation.guard;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * One guard's word on one action. Reports, the JSON and the ledger's audit records show it as its
 * {@link #line()}, {@code "guard: text"}; code that decides on a note (escalation, approval, a
 * rollback held by a ledger outage) reads its {@code kind} and {@code reason} instead of the line.
 *
 * @param guard the guard that spoke, as the report names it ("circuit breaker"); null for a note
 *     the ledger adds beside the guards' own (a settled pending audit)
 * @param reason for every kind but {@link Kind#SAID}, the why that kind stands for
 */
public record GuardNote(String guard, Kind kind, String text, String reason) {

  /** What a note tells the code, beyond what it tells a reader. */
  public enum Kind {
    /** For the reader only. */
    SAID,
    /** The circuit breaker is open: it blocked the action, or let a rollback through. */
    BREAKER_OPEN,
    /** The action waits for an operator's approval; {@code reason} says why. */
    APPROVAL_NEEDED,
    /** Idempotency or the lock was not taken; {@code reason} says why not. */
    NOT_CLAIMED
  }

  /** A guard's note for the reader. */
  public static GuardNote said(String guard, String text) {
    return new GuardNote(guard, Kind.SAID, text, null);
  }

  /** A note that is no guard's (the ledger's word on the same target): shown as is. */
  public static GuardNote unnamed(String line) {
    return new GuardNote(null, Kind.SAID, line, null);
  }

  /** The circuit breaker's note when open, {@code why} being what opened it. */
  public static GuardNote breakerOpen(String why, String consequence) {
    return new GuardNote(
        "circuit breaker", Kind.BREAKER_OPEN, "open (" + why + ")" + consequence, why);
  }

  /** The approval guard holding the action for a person, {@code why} being the policy's rule. */
  public static GuardNote approvalNeeded(String why) {
    return new GuardNote("approval", Kind.APPROVAL_NEEDED, "needed (" + why + ")", why);
  }

  /** Idempotency or the lock, not taken because {@code why}. */
  public static GuardNote notClaimed(String guard, String why, String consequence) {
    return new GuardNote(guard, Kind.NOT_CLAIMED, "not taken (" + why + ")" + consequence, why);
  }

  public boolean is(Kind k) {
    return kind == k;
  }

  /** What every rendering and the audit record show. */
  @JsonValue
  public String line() {
    return guard == null ? text : guard + ": " + text;
  }

  /** The lines, in order, as an audit record stores them. */
  public static List<String> lines(List<GuardNote> notes) {
    return notes.stream().map(GuardNote::line).toList();
  }

  @Override
  public String toString() {
    return line();
  }
}
