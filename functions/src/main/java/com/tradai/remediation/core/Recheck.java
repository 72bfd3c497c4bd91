package com.tradai.remediation.core;

import java.util.List;
import java.util.Optional;

/**
 * Compare-and-set for every change applied later than its reading (an approval up to its expiry, an
 * operator's or the verifier's rollback, a manual command) and, for one read more, for the alarm
 * path's own change (its reading is taken before the lock, and people take no locks). The executor
 * re-reads the resource just before the change; this decides, from the action (what the plan saw:
 * its {@code before}, and the revision or version it was read on) and that fresh {@link Reading},
 * whether the change may go ahead. Empty when it may; else the sentence that says what changed.
 * Someone who scaled, deployed or published since wins. Pure.
 *
 * <p>What is compared, per action:
 *
 * <ul>
 *   <li>ECS scale: desiredCount is still {@code before}.
 *   <li>ECS task memory: the service still runs {@code taskDefinitionArn} (for a rollback: the
 *       revision the fix registered) and its task memory is still {@code before}.
 *   <li>Lambda memory and timeout: the alias still serves {@code aliasVersion} (for a rollback: the
 *       version the fix published) and that version's setting is still {@code before}.
 *   <li>Lambda provisioned concurrency: the alias's requested count is still {@code before}.
 *   <li>RDS class: the instance is available, with nothing pending, on class {@code before}.
 *   <li>DynamoDB capacity: the table is still provisioned, with {@code before} units.
 * </ul>
 */
public final class Recheck {
  private Recheck() {}

  /** What the executor read just before the change. */
  public sealed interface Reading {}

  /** An ECS service: its desired count, the revision it runs, that revision's images and memory. */
  public record EcsNow(
      int desiredCount, String taskDefinitionArn, List<String> images, int memoryMb)
      implements Reading {}

  /**
   * A function as its alias serves it ({@code servedVersion} "" when invoked unqualified), with the
   * served version's code hash, memory and timeout, and the alias's provisioned concurrency.
   */
  public record LambdaNow(
      String servedVersion, String codeSha256, int memoryMb, int timeoutSeconds, int provisioned)
      implements Reading {}

  public record RdsNow(String instanceClass, String status, List<String> pending)
      implements Reading {}

  public record TableNow(String billingMode, long readUnits, long writeUnits) implements Reading {}

  /** Throws {@link ChangedSince} with the sentence when the change may not go ahead. */
  public static void require(Action planned, Reading now) {
    changed(planned, now)
        .ifPresent(
            why -> {
              throw new ChangedSince(why);
            });
  }

  public static Optional<String> changed(Action planned, Reading now) {
    String since = since(planned);
    String decides = "; a person decides";
    return switch (planned) {
      case Action.ScaleEcsService s when now instanceof EcsNow e ->
          e.desiredCount() == s.beforeCount()
              ? Optional.empty()
              : Optional.of(
                  s.service()
                      + " now has desiredCount "
                      + e.desiredCount()
                      + ", not "
                      + s.beforeCount()
                      + ": scaled "
                      + since
                      + decides);
      case Action.RaiseEcsTaskMemory m when now instanceof EcsNow e -> {
        if (!m.taskDefinitionArn().equals(e.taskDefinitionArn())) {
          yield Optional.of(
              m.service()
                  + " now runs "
                  + revision(e.taskDefinitionArn())
                  + (e.images().isEmpty() ? "" : " (image " + String.join(", ", e.images()) + ")")
                  + ", deployed "
                  + since
                  + decides);
        }
        yield e.memoryMb() == m.beforeMb()
            ? Optional.empty()
            : Optional.of(
                m.service()
                    + " runs "
                    + revision(e.taskDefinitionArn())
                    + " with "
                    + e.memoryMb()
                    + " MB, not "
                    + m.beforeMb()
                    + " MB: changed "
                    + since
                    + decides);
      }
      case Action.RaiseLambdaMemory m when now instanceof LambdaNow l ->
          lambda(m.function(), m.alias(), m.aliasVersion(), l, since)
              .or(
                  () ->
                      l.memoryMb() == m.beforeMb()
                          ? Optional.empty()
                          : Optional.of(
                              served(m.function(), m.alias(), l)
                                  + " has "
                                  + l.memoryMb()
                                  + " MB, not "
                                  + m.beforeMb()
                                  + " MB: changed "
                                  + since
                                  + decides));
      case Action.RaiseLambdaTimeout t when now instanceof LambdaNow l ->
          lambda(t.function(), t.alias(), t.aliasVersion(), l, since)
              .or(
                  () ->
                      l.timeoutSeconds() == t.beforeSeconds()
                          ? Optional.empty()
                          : Optional.of(
                              served(t.function(), t.alias(), l)
                                  + " has a timeout of "
                                  + l.timeoutSeconds()
                                  + " s, not "
                                  + t.beforeSeconds()
                                  + " s: changed "
                                  + since
                                  + decides));
      case Action.SetProvisionedConcurrency p when now instanceof LambdaNow l ->
          l.provisioned() == p.beforeCount()
              ? Optional.empty()
              : Optional.of(
                  "alias "
                      + p.alias()
                      + " of "
                      + p.function()
                      + " now has provisioned concurrency "
                      + l.provisioned()
                      + ", not "
                      + p.beforeCount()
                      + ": changed "
                      + since
                      + decides);
      case Action.ChangeRdsInstanceClass c when now instanceof RdsNow r -> {
        if (!"available".equals(r.status()) || !r.pending().isEmpty()) {
          yield Optional.of(
              c.instance()
                  + " is "
                  + r.status()
                  + (r.pending().isEmpty() ? "" : " with pending " + r.pending())
                  + ", not available with nothing pending"
                  + decides);
        }
        yield c.beforeClass().equals(r.instanceClass())
            ? Optional.empty()
            : Optional.of(
                c.instance()
                    + " is now "
                    + r.instanceClass()
                    + ", not "
                    + c.beforeClass()
                    + ": changed "
                    + since
                    + decides);
      }
      case Action.RaiseDynamoDbCapacity d when now instanceof TableNow t -> {
        if (!"PROVISIONED".equals(t.billingMode())) {
          yield Optional.of(
              d.table()
                  + " is now billed "
                  + t.billingMode()
                  + ", not PROVISIONED: changed "
                  + since
                  + decides);
        }
        long units = "read".equals(d.capacity()) ? t.readUnits() : t.writeUnits();
        yield units == d.beforeUnits()
            ? Optional.empty()
            : Optional.of(
                d.table()
                    + " now has "
                    + units
                    + " "
                    + d.capacity()
                    + " capacity units, not "
                    + d.beforeUnits()
                    + ": changed "
                    + since
                    + decides);
      }
      default ->
          throw new IllegalArgumentException(
              "no re-check of " + planned.kind() + " from " + now.getClass().getSimpleName());
    };
  }

  /** The alias moved to another version than the one the plan (or the fix) left it on. */
  private static Optional<String> lambda(
      String function, String alias, String expected, LambdaNow l, String since) {
    if (alias.isBlank() || expected.isBlank() || expected.equals(l.servedVersion())) {
      return Optional.empty();
    }
    return Optional.of(
        "alias "
            + alias
            + " of "
            + function
            + " now serves version "
            + l.servedVersion()
            + (l.codeSha256() == null || l.codeSha256().isBlank()
                ? ""
                : " (code " + shortSha(l.codeSha256()) + ")")
            + ", not "
            + expected
            + ": published "
            + since
            + "; a person decides");
  }

  private static String served(String function, String alias, LambdaNow l) {
    return alias.isBlank() || l.servedVersion().isBlank()
        ? function
        : function + " (alias " + alias + ", version " + l.servedVersion() + ")";
  }

  /**
   * "after the fix" for a rollback, "after the plan" for a fix. Every action kind here only ever
   * raises (the no-scale-down guard holds back a lower value), so an action that lowers its value
   * is a rollback restoring a fix's {@code before}.
   */
  static String since(Action planned) {
    return planned.after() < planned.before() ? "after the fix" : "after the plan";
  }

  /** "tradai-backend-prod:7" from a task definition ARN; the text itself when it is not one. */
  public static String revision(String taskDefinitionArn) {
    if (taskDefinitionArn == null) {
      return "(none)";
    }
    int slash = taskDefinitionArn.lastIndexOf('/');
    return slash < 0 ? taskDefinitionArn : taskDefinitionArn.substring(slash + 1);
  }

  private static String shortSha(String sha) {
    return sha.length() <= 12 ? sha : sha.substring(0, 12) + "…";
  }
}
