package com.tradai.remediation.cli.snapstart;

/** CRaC's Context, as the Lambda runtime's compat package declares it (see {@link Core}). */
public abstract class Context<R extends Resource> implements Resource {
  protected Context() {}

  @Override
  public abstract void beforeCheckpoint(Context<? extends Resource> context)
      throws CheckpointException;

  @Override
  public abstract void afterRestore(Context<? extends Resource> context) throws RestoreException;

  public abstract void register(R resource);
}
