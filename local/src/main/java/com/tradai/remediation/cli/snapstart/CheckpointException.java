package com.tradai.remediation.cli.snapstart;

/** A resource's beforeCheckpoint failed; the others' failures are suppressed into it. */
public class CheckpointException extends Exception {
  public CheckpointException() {
    super("a resource failed before the checkpoint");
  }
}
