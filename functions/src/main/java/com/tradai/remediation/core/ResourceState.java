package com.tradai.remediation.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a resource looks like now, as read by an adapter. */
public sealed interface ResourceState {

  record EcsService(
      String cluster,
      String service,
      int desiredCount,
      int runningCount,
      String taskDefinitionArn,
      int taskCpu,
      int taskMemoryMb)
      implements ResourceState {}

  /** Recently stopped tasks, newest first, and the size of the newest one's task definition. */
  record EcsStoppedTasks(String cluster, String family, List<StoppedTask> tasks)
      implements ResourceState {
    public EcsStoppedTasks {
      tasks = List.copyOf(tasks);
    }
  }

  /** {@code reasons} holds the task's stoppedReason and every container's reason. */
  record StoppedTask(
      String taskArn,
      String taskDefinitionArn,
      int cpu,
      int memoryMb,
      List<String> reasons,
      Optional<Integer> exitCode) {
    public StoppedTask {
      reasons = List.copyOf(reasons);
    }
  }

  /**
   * Memory and timeout are those of the version the alias serves (of $LATEST without an alias).
   *
   * @param alias the alias provisioned concurrency would go on (empty when the function has none)
   * @param aliasVersion the published version the alias points at ("$LATEST" is not published)
   * @param snapStart whether SnapStart is on (it cannot be combined with provisioned concurrency)
   * @param latestDiffersFromAlias $LATEST's code differs from the version the alias serves: a
   *     pipeline has a change not yet promoted, which publishing $LATEST would ship with the fix
   */
  record LambdaFunction(
      String function,
      int memoryMb,
      int timeoutSeconds,
      String lastUpdateStatus,
      Optional<String> alias,
      Optional<String> aliasVersion,
      int provisionedConcurrency,
      boolean snapStart,
      int callerLimitSeconds,
      boolean latestDiffersFromAlias)
      implements ResourceState {

    /** The alias a configuration fix must move to a new version; "" when $LATEST serves traffic. */
    public String servingAlias() {
      return aliasVersion.filter(v -> !"$LATEST".equals(v)).flatMap(v -> alias).orElse("");
    }

    public String servingVersion() {
      return servingAlias().isEmpty() ? "" : aliasVersion.orElseThrow();
    }
  }

  /** Parsed REPORT lines: one per invocation, cold ones carry an init duration. */
  record LambdaInvocations(
      String function, int invocations, List<Double> initDurationsMs, double maxDurationMs)
      implements ResourceState {
    public LambdaInvocations {
      initDurationsMs = List.copyOf(initDurationsMs);
    }

    public int coldStarts() {
      return initDurationsMs.size();
    }
  }

  /**
   * @param iopsLimit the storage's IOPS ceiling (provisioned IOPS, or gp2's 3 per GB, min 100)
   * @param maxConnections the engine default for this class's memory (PostgreSQL's formula)
   * @param topSql statements by load from Performance Insights; empty with {@code piNote} saying
   *     why
   */
  record RdsInstance(
      String instance,
      String instanceClass,
      String status,
      List<String> pendingModifications,
      long iopsLimit,
      long maxConnections,
      boolean performanceInsights,
      List<TopSql> topSql,
      String piNote)
      implements ResourceState {
    public RdsInstance {
      pendingModifications = List.copyOf(pendingModifications);
      topSql = List.copyOf(topSql);
    }
  }

  record TopSql(String statement, double load) {}

  /** {@code contributorInsights} is ENABLED, DISABLED or UNKNOWN; top keys only when enabled. */
  record DynamoDbTable(
      String table,
      String billingMode,
      long readUnits,
      long writeUnits,
      String contributorInsights,
      List<String> topKeys)
      implements ResourceState {
    public DynamoDbTable {
      topKeys = List.copyOf(topKeys);
    }

    public boolean onDemand() {
      return "PAY_PER_REQUEST".equals(billingMode);
    }
  }

  /** Matching-event counts per term, in the order asked. */
  record LogCounts(String logGroup, Map<String, Integer> counts) implements ResourceState {
    public LogCounts {
      counts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counts));
    }

    public int count(String term) {
      return counts.getOrDefault(term, 0);
    }
  }

  record HttpProbes(String purpose, List<Probe> probes) implements ResourceState {
    public HttpProbes {
      probes = List.copyOf(probes);
    }
  }

  /** {@code status} 0 means no answer; {@code error} says why. */
  record Probe(String url, int status, long latencyMs, String error) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  /** The adapter looked and the resource is not there. */
  record Missing(String key, String why) implements ResourceState {}
}
