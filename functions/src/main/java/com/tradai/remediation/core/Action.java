package com.tradai.remediation.core;

/**
 * A change the system may make, as data. Each carries the value before and the value after, so that
 * guards can compare them, the report can show them and a rollback can restore {@code before}.
 */
public sealed interface Action {

  /** The resource the action touches, by name, as the target allow-list checks it. */
  String target();

  /** A short human-readable change, e.g. "desiredCount 2 → 3". */
  String change();

  /** The same action with {@code after} replaced, used when a guard clamps it to a cap. */
  Action withAfter(long after);

  long before();

  long after();

  record ScaleEcsService(String cluster, String service, int beforeCount, int afterCount)
      implements Action {
    public String target() {
      return service;
    }

    public String change() {
      return "desiredCount " + beforeCount + " → " + afterCount;
    }

    public Action withAfter(long after) {
      return new ScaleEcsService(cluster, service, beforeCount, (int) after);
    }

    public long before() {
      return beforeCount;
    }

    public long after() {
      return afterCount;
    }
  }

  record RaiseEcsTaskMemory(
      String cluster, String service, String taskDefinitionArn, int cpu, int beforeMb, int afterMb)
      implements Action {
    public String target() {
      return service;
    }

    public String change() {
      return "task memory " + beforeMb + " MB → " + afterMb + " MB";
    }

    public Action withAfter(long after) {
      return new RaiseEcsTaskMemory(cluster, service, taskDefinitionArn, cpu, beforeMb, (int) after);
    }

    public long before() {
      return beforeMb;
    }

    public long after() {
      return afterMb;
    }
  }

  /** Says what a person should do; changes nothing. */
  record NotifyOnly(String target, String advice) implements Action {
    public String change() {
      return "none (advice only)";
    }

    public Action withAfter(long after) {
      return this;
    }

    public long before() {
      return 0;
    }

    public long after() {
      return 0;
    }
  }
}
