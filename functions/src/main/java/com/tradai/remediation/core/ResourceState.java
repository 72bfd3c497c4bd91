package com.tradai.remediation.core;

/** What a resource looks like now, as read by an adapter. */
public sealed interface ResourceState {

  record EcsService(
      String cluster, String service, int desiredCount, int runningCount, String taskDefinitionArn,
      int taskCpu, int taskMemoryMb) implements ResourceState {}

  /** The adapter looked and the resource is not there. */
  record Missing(String key, String why) implements ResourceState {}
}
