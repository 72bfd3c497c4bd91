package com.tradai.remediation.core;

import java.time.Instant;
import java.util.List;

/**
 * A fact a runbook needs before it can plan: a resource's current state, or a bounded look at logs
 * or endpoints. The shell reads every ref of a request through the matching {@code ResourceReader}.
 */
public sealed interface ResourceRef {

  /** How evidence and plans refer to the resource. */
  String key();

  /**
   * An ECS service. {@code taskSize}: also read its task definition's CPU and memory (one more
   * call, DescribeTaskDefinition); without it the state's task size is 0 (not read).
   */
  record EcsService(String cluster, String service, boolean taskSize) implements ResourceRef {
    public EcsService(String cluster, String service) {
      this(cluster, service, true);
    }

    /** The same service, read without its task size. */
    public EcsService countOnly() {
      return new EcsService(cluster, service, false);
    }

    public String key() {
      return "ecs:" + cluster + "/" + service;
    }
  }

  /** Tasks of a task-definition family that stopped recently, with their stop reasons. */
  record EcsStoppedTasks(String cluster, String family) implements ResourceRef {
    public String key() {
      return "ecs-stopped:" + cluster + "/" + family;
    }
  }

  /**
   * A Lambda function's configuration and alias. {@code callerLimitSeconds} is the timeout of the
   * function's caller (API Gateway's 29 s for an API-facing function), 0 when it has none; the
   * reader copies it into the state so that planning stays a function of the evidence.
   */
  record LambdaFunction(String function, String alias, int callerLimitSeconds)
      implements ResourceRef {
    public String key() {
      return "lambda:" + function;
    }
  }

  /** The REPORT lines of a function's log group in [from, to]: durations and init durations. */
  record LambdaInvocations(String function, String logGroup, Instant from, Instant to)
      implements ResourceRef {
    public String key() {
      return "lambda-report:" + function;
    }
  }

  /**
   * An RDS instance: class, status, pending changes, and top SQL where Performance Insights is on.
   */
  record RdsInstance(String instance, Instant from, Instant to) implements ResourceRef {
    public String key() {
      return "rds:" + instance;
    }
  }

  record DynamoDbTable(String table) implements ResourceRef {
    public String key() {
      return "dynamodb:" + table;
    }
  }

  /** How many events in [from, to] match each plain term, one filter per term. */
  record LogCounts(String logGroup, List<String> terms, Instant from, Instant to)
      implements ResourceRef {
    public LogCounts {
      terms = List.copyOf(terms);
    }

    public String key() {
      return "logs:" + logGroup;
    }
  }

  /** One GET per URL with a short timeout: status and latency. */
  record HttpProbes(String purpose, List<String> urls) implements ResourceRef {
    public HttpProbes {
      urls = List.copyOf(urls);
    }

    public String key() {
      return "http:" + purpose;
    }
  }
}
