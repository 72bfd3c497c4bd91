package com.tradai.remediation.cli.snapstart;

/** A resource's afterRestore failed; the others' failures are suppressed into it. */
public class RestoreException extends Exception {
  public RestoreException() {
    super("a resource failed after the restore");
  }
}
