package com.tradai.remediation.ports;

import com.tradai.remediation.core.MetricQuery;
import com.tradai.remediation.core.Series;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Port: fetches every query of a runbook in one batch, keyed by query id. */
public interface MetricReader {
  Map<String, Series> read(List<MetricQuery> queries, Instant start, Instant end);
}
