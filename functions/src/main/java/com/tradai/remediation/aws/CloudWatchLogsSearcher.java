package com.tradai.remediation.aws;

import com.tradai.remediation.ports.LogSearcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

/**
 * FilterLogEvents with the term as a quoted filter pattern, following nextToken up to the limit.
 */
public final class CloudWatchLogsSearcher implements LogSearcher {
  private final Supplier<CloudWatchLogsClient> logs;

  public CloudWatchLogsSearcher(Supplier<CloudWatchLogsClient> logs) {
    this.logs = logs;
  }

  static String pattern(String term) {
    return "\"" + term.replace("\"", "") + "\"";
  }

  @Override
  public List<String> search(String logGroup, String term, Instant from, Instant to, int limit) {
    List<String> out = new ArrayList<>();
    for (var page :
        logs.get()
            .filterLogEventsPaginator(
                b ->
                    b.logGroupName(logGroup)
                        .filterPattern(pattern(term))
                        .startTime(from.toEpochMilli())
                        .endTime(to.toEpochMilli()))) {
      for (FilteredLogEvent e : page.events()) {
        if (out.size() >= limit) {
          return out;
        }
        out.add(e.message());
      }
    }
    return out;
  }
}
