package com.tradai.remediation.core;

/** A resource whose current state a runbook needs before it can plan. */
public sealed interface ResourceRef {

  /** How evidence and plans refer to the resource. */
  String key();

  record EcsService(String cluster, String service) implements ResourceRef {
    public String key() {
      return "ecs:" + cluster + "/" + service;
    }
  }
}
