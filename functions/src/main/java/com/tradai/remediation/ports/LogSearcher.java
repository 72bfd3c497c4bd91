package com.tradai.remediation.ports;

import java.time.Instant;
import java.util.List;

/** Port: log events in a group that contain one plain term. */
public interface LogSearcher {

  /**
   * Messages of events in [from, to] containing {@code term}, oldest first, at most {@code limit}.
   * One term per call: CloudWatch's OR syntax is not portable (moto serves only a quoted term).
   */
  List<String> search(String logGroup, String term, Instant from, Instant to, int limit);
}
