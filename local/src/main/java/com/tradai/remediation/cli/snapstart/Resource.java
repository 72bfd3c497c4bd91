package com.tradai.remediation.cli.snapstart;

/** CRaC's Resource, as the Lambda runtime's compat package declares it (see {@link Core}). */
public interface Resource {
  void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

  void afterRestore(Context<? extends Resource> context) throws Exception;
}
