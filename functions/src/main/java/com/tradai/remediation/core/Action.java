package com.tradai.remediation.core;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A change the system may make, as data. Each carries the value before and the value after, so that
 * guards can compare them, the report can show them and a rollback can restore {@code before}.
 * Every action has a {@link #kind()} that the per-environment policy keys its limits on.
 */
public sealed interface Action {

  /** The policy key of this kind of action, e.g. "ecs-scale". */
  String kind();

  /** The resource the action touches, by name, as the target allow-list checks it. */
  String target();

  /** A short human-readable change, e.g. "desiredCount 2 → 3". */
  String change();

  /** The same action with {@code after} replaced, used when a guard clamps it to a cap. */
  Action withAfter(long after);

  /** The numeric value before; for a ladder (RDS classes) its rank on the ladder. */
  long before();

  long after();

  /** The action that restores {@code before}: what a rollback applies. */
  Action inverse();

  /** What {@link #before()} stands for when it is a rank on a ladder; empty for plain numbers. */
  default java.util.Optional<String> beforeName() {
    return java.util.Optional.empty();
  }

  /** What {@link #after()} stands for when it is a rank on a ladder; empty for plain numbers. */
  default java.util.Optional<String> afterName() {
    return java.util.Optional.empty();
  }

  record ScaleEcsService(String cluster, String service, int beforeCount, int afterCount)
      implements Action {
    public String kind() {
      return "ecs-scale";
    }

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

    public Action inverse() {
      return new ScaleEcsService(cluster, service, afterCount, beforeCount);
    }
  }

  /**
   * @param taskDefinitionArn the revision the service runs when this is planned: the change goes
   *     ahead only while it still runs it, and copies it (for a rollback, the revision the fix
   *     registered, see {@link Restore})
   */
  record RaiseEcsTaskMemory(
      String cluster, String service, String taskDefinitionArn, int cpu, int beforeMb, int afterMb)
      implements Action {
    public String kind() {
      return "ecs-task-memory";
    }

    public String target() {
      return service;
    }

    public String change() {
      return "task memory " + beforeMb + " MB → " + afterMb + " MB";
    }

    public Action withAfter(long after) {
      return new RaiseEcsTaskMemory(
          cluster, service, taskDefinitionArn, cpu, beforeMb, (int) after);
    }

    public long before() {
      return beforeMb;
    }

    public long after() {
      return afterMb;
    }

    /**
     * Unbound: names the revision read at plan time, which the service no longer runs after the
     * fix, so the executor refuses it; {@link Restore} binds it to the revision the fix registered.
     */
    public Action inverse() {
      return new RaiseEcsTaskMemory(cluster, service, taskDefinitionArn, cpu, afterMb, beforeMb);
    }
  }

  /**
   * Memory of the function as its alias serves it. With an alias, the fix publishes a version with
   * the new memory and moves the alias to it. Without an alias, $LATEST is what runs.
   *
   * @param alias the alias that serves traffic, "" when invocations are unqualified
   * @param aliasVersion the version {@code alias} serves when this is planned, "" without an alias:
   *     the change goes ahead only while the alias still serves it (for a rollback, the version the
   *     fix published, see {@link Restore})
   * @param restoreTo "" for a fix (publish a version); for a rollback, the version the alias served
   *     before the fix, which it is pointed back to (left out of the JSON when "", so a fix's
   *     stored and published form is as before)
   */
  record RaiseLambdaMemory(
      String function,
      String alias,
      String aliasVersion,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) String restoreTo,
      int beforeMb,
      int afterMb)
      implements Action {
    public RaiseLambdaMemory {
      alias = alias == null ? "" : alias;
      aliasVersion = aliasVersion == null ? "" : aliasVersion;
      restoreTo = restoreTo == null ? "" : restoreTo;
    }

    /** A fix: publishes a version from what {@code alias} serves. */
    public RaiseLambdaMemory(
        String function, String alias, String aliasVersion, int beforeMb, int afterMb) {
      this(function, alias, aliasVersion, "", beforeMb, afterMb);
    }

    /** A function invoked unqualified: $LATEST serves it. */
    public RaiseLambdaMemory(String function, int beforeMb, int afterMb) {
      this(function, "", "", beforeMb, afterMb);
    }

    public String kind() {
      return "lambda-memory";
    }

    public String target() {
      return function;
    }

    public String change() {
      return "memory " + beforeMb + " MB → " + afterMb + " MB";
    }

    public Action withAfter(long after) {
      return new RaiseLambdaMemory(function, alias, aliasVersion, restoreTo, beforeMb, (int) after);
    }

    public long before() {
      return beforeMb;
    }

    public long after() {
      return afterMb;
    }

    /** Unbound: {@link Restore} binds it to the version the fix published. */
    public Action inverse() {
      return new RaiseLambdaMemory(function, alias, aliasVersion, afterMb, beforeMb);
    }
  }

  /** Timeout of the function as its alias serves it; fields as in {@link RaiseLambdaMemory}. */
  record RaiseLambdaTimeout(
      String function,
      String alias,
      String aliasVersion,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) String restoreTo,
      int beforeSeconds,
      int afterSeconds)
      implements Action {
    public RaiseLambdaTimeout {
      alias = alias == null ? "" : alias;
      aliasVersion = aliasVersion == null ? "" : aliasVersion;
      restoreTo = restoreTo == null ? "" : restoreTo;
    }

    /** A fix: publishes a version from what {@code alias} serves. */
    public RaiseLambdaTimeout(
        String function, String alias, String aliasVersion, int beforeSeconds, int afterSeconds) {
      this(function, alias, aliasVersion, "", beforeSeconds, afterSeconds);
    }

    /** A function invoked unqualified: $LATEST serves it. */
    public RaiseLambdaTimeout(String function, int beforeSeconds, int afterSeconds) {
      this(function, "", "", beforeSeconds, afterSeconds);
    }

    public String kind() {
      return "lambda-timeout";
    }

    public String target() {
      return function;
    }

    public String change() {
      return "timeout " + beforeSeconds + " s → " + afterSeconds + " s";
    }

    public Action withAfter(long after) {
      return new RaiseLambdaTimeout(
          function, alias, aliasVersion, restoreTo, beforeSeconds, (int) after);
    }

    public long before() {
      return beforeSeconds;
    }

    public long after() {
      return afterSeconds;
    }

    /** Unbound: {@link Restore} binds it to the version the fix published. */
    public Action inverse() {
      return new RaiseLambdaTimeout(function, alias, aliasVersion, afterSeconds, beforeSeconds);
    }
  }

  /** Provisioned concurrency lives on a published version or alias, never on $LATEST. */
  record SetProvisionedConcurrency(String function, String alias, int beforeCount, int afterCount)
      implements Action {
    public String kind() {
      return "lambda-provisioned-concurrency";
    }

    public String target() {
      return function;
    }

    public String change() {
      return "provisioned concurrency on " + alias + " " + beforeCount + " → " + afterCount;
    }

    public Action withAfter(long after) {
      return new SetProvisionedConcurrency(function, alias, beforeCount, (int) after);
    }

    public long before() {
      return beforeCount;
    }

    public long after() {
      return afterCount;
    }

    public Action inverse() {
      return new SetProvisionedConcurrency(function, alias, afterCount, beforeCount);
    }
  }

  /** Ranks are positions on the environment's class ladder, so guards can compare and cap them. */
  record ChangeRdsInstanceClass(
      String instance, String beforeClass, String afterClass, int beforeRank, int afterRank)
      implements Action {
    public String kind() {
      return "rds-instance-class";
    }

    public String target() {
      return instance;
    }

    public String change() {
      return "instance class " + beforeClass + " → " + afterClass;
    }

    /** A ladder cannot be clamped by number alone; a capped class change is blocked instead. */
    public Action withAfter(long after) {
      return this;
    }

    public long before() {
      return beforeRank;
    }

    public long after() {
      return afterRank;
    }

    public Action inverse() {
      return new ChangeRdsInstanceClass(instance, afterClass, beforeClass, afterRank, beforeRank);
    }

    @Override
    public java.util.Optional<String> beforeName() {
      return java.util.Optional.of(beforeClass);
    }

    @Override
    public java.util.Optional<String> afterName() {
      return java.util.Optional.of(afterClass);
    }
  }

  /** Provisioned read or write capacity of a table (or one of its global secondary indexes). */
  record RaiseDynamoDbCapacity(String table, String capacity, long beforeUnits, long afterUnits)
      implements Action {
    public String kind() {
      return "dynamodb-capacity";
    }

    public String target() {
      return table;
    }

    public String change() {
      return capacity + " capacity " + beforeUnits + " → " + afterUnits;
    }

    public Action withAfter(long after) {
      return new RaiseDynamoDbCapacity(table, capacity, beforeUnits, after);
    }

    public long before() {
      return beforeUnits;
    }

    public long after() {
      return afterUnits;
    }

    public Action inverse() {
      return new RaiseDynamoDbCapacity(table, capacity, afterUnits, beforeUnits);
    }
  }

  /** Says what a person should do; changes nothing. */
  record NotifyOnly(String target, String advice) implements Action {
    public String kind() {
      return "notify";
    }

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

    public Action inverse() {
      return this;
    }
  }
}
