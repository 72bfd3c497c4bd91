package com.tradai.remediation.cli.snapstart;

/** A resource's beforeCheckpoint failed; the others' failures are suppressed into it. */
public class CheckpointException extends Exception {
  private static final long serialVersionUID = 1L;

  public CheckpointException() {
    super("a resource failed before the checkpoint");
  }
}
