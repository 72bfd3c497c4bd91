package com.tradai.remediation.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.ports.AlarmHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmHistoryItem;
import software.amazon.awssdk.services.cloudwatch.model.HistoryItemType;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * DescribeAlarmHistory (state updates, newest first, the day before the OK): the newest item whose
 * historyData says newState ALARM. Any failure is "unknown", never an error.
 */
public final class CloudWatchAlarmHistory implements AlarmHistory {
  private static final Logger LOG = LoggerFactory.getLogger(CloudWatchAlarmHistory.class);
  static final Duration LOOKBACK = Duration.ofDays(1);

  private final Supplier<CloudWatchClient> cloudWatch;
  private final ObjectMapper mapper;

  public CloudWatchAlarmHistory(Supplier<CloudWatchClient> cloudWatch, ObjectMapper mapper) {
    this.cloudWatch = cloudWatch;
    this.mapper = mapper;
  }

  @Override
  public Optional<Instant> lastAlarmBefore(String alarmName, Instant okAt) {
    try {
      for (AlarmHistoryItem item :
          cloudWatch
              .get()
              .describeAlarmHistory(
                  b ->
                      b.alarmName(alarmName)
                          .historyItemType(HistoryItemType.STATE_UPDATE)
                          .scanBy(ScanBy.TIMESTAMP_DESCENDING)
                          .startDate(okAt.minus(LOOKBACK))
                          .endDate(okAt)
                          .maxRecords(20))
              .alarmHistoryItems()) {
        JsonNode data = mapper.readTree(item.historyData() == null ? "{}" : item.historyData());
        if ("ALARM".equals(data.path("newState").path("stateValue").asText())
            && item.timestamp() != null
            && !item.timestamp().isAfter(okAt)) {
          return Optional.of(item.timestamp());
        }
      }
    } catch (Exception e) {
      LOG.warn(
          "alarm history of {} could not be read: {}",
          LogSafe.clean(alarmName),
          LogSafe.clean(e.getMessage()));
    }
    return Optional.empty();
  }
}
