package com.tradai.remediation.core;

import java.util.Optional;

/**
 * What a rollback applies: the fix's inverse, bound to what the fix created, so that it restores
 * only what the fix changed, on the resource as it is now. Pure.
 *
 * <ul>
 *   <li>ECS task memory: a copy of the revision the fix registered (the one the service must still
 *       run) with the task memory and the container limits the fix raised set back; never a copy of
 *       the older revision.
 *   <li>Lambda memory and timeout behind an alias: the alias must still serve the version the fix
 *       published; it is pointed back to the version it served before. A version published since is
 *       never replaced by the old code: the rollback is refused instead.
 *   <li>Everything else: the plain inverse; its executor compares the current value with the fix's
 *       {@code after} (see {@link Recheck}).
 * </ul>
 */
public final class Restore {
  private Restore() {}

  /**
   * The rollback of {@code fix}, or why it cannot be bound (a record written before this was kept).
   */
  public sealed interface Bound {
    record To(Action action) implements Bound {}

    record Unknown(String why) implements Bound {}
  }

  /**
   * @param created what the fix created, as its audit record keeps it: the task definition ARN it
   *     registered, the Lambda version it published; empty when it created nothing (or the record
   *     predates it)
   */
  public static Bound of(Action fix, Optional<String> created) {
    return switch (fix) {
      case Action.RaiseEcsTaskMemory m ->
          created
              .<Bound>map(
                  arn ->
                      new Bound.To(
                          new Action.RaiseEcsTaskMemory(
                              m.cluster(), m.service(), arn, m.cpu(), m.afterMb(), m.beforeMb())))
              .orElseGet(() -> new Bound.Unknown(unknown(m.service(), "task definition revision")));
      case Action.RaiseLambdaMemory l when !l.alias().isBlank() && !isLatest(l.aliasVersion()) ->
          created
              .<Bound>map(
                  v ->
                      new Bound.To(
                          new Action.RaiseLambdaMemory(
                              l.function(),
                              l.alias(),
                              v,
                              l.aliasVersion(),
                              l.afterMb(),
                              l.beforeMb())))
              .orElseGet(() -> new Bound.Unknown(unknown(l.function(), "version")));
      case Action.RaiseLambdaTimeout t when !t.alias().isBlank() && !isLatest(t.aliasVersion()) ->
          created
              .<Bound>map(
                  v ->
                      new Bound.To(
                          new Action.RaiseLambdaTimeout(
                              t.function(),
                              t.alias(),
                              v,
                              t.aliasVersion(),
                              t.afterSeconds(),
                              t.beforeSeconds())))
              .orElseGet(() -> new Bound.Unknown(unknown(t.function(), "version")));
      default -> new Bound.To(fix.inverse());
    };
  }

  private static boolean isLatest(String version) {
    return "$LATEST".equals(version);
  }

  private static String unknown(String target, String what) {
    return "the fix's audit record does not say which "
        + what
        + " it created on "
        + target
        + ", so a rollback cannot tell its own change from a later one; nothing was changed, a person"
        + " decides";
  }
}
