package com.tradai.remediation.cli.snapstart;

/** A resource's afterRestore failed; the others' failures are suppressed into it. */
public class RestoreException extends Exception {
  private static final long serialVersionUID = 1L;

  public RestoreException() {
    super("a resource failed after the restore");
  }
}
