package com.tradai.remediation.handler;

import com.tradai.remediation.alarm.AlarmIntake;
import java.io.IOException;
import java.io.InputStream;

/** Reads at most one byte past the size limit, so an oversized input is refused unparsed. */
final class StreamInput {
  private StreamInput() {}

  static byte[] readLimited(InputStream in) throws IOException {
    return in.readNBytes(AlarmIntake.MAX_BYTES + 1);
  }
}
