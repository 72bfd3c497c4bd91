package com.tradai.remediation.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.InsightRuleContributor;

/** Contributor Insights top keys of the last hour via CloudWatch GetInsightRuleReport. */
public final class CloudWatchInsightRules implements DynamoDbExecutor.ContributorInsights {
  private final Supplier<CloudWatchClient> cloudWatch;
  private final Clock clock;

  public CloudWatchInsightRules(Supplier<CloudWatchClient> cloudWatch, Clock clock) {
    this.cloudWatch = cloudWatch;
    this.clock = clock;
  }

  @Override
  public List<String> topKeys(List<String> ruleNames) {
    Instant end = clock.instant();
    List<String> out = new ArrayList<>();
    for (String rule : ruleNames) {
      for (InsightRuleContributor c :
          cloudWatch
              .get()
              .getInsightRuleReport(
                  b ->
                      b.ruleName(rule)
                          .startTime(end.minus(Duration.ofHours(1)))
                          .endTime(end)
                          .period(300)
                          .maxContributorCount(5)
                          .orderBy("Sum"))
              .contributors()) {
        out.add(
            String.join("/", c.keys()) + " (" + Math.round(c.approximateAggregateValue()) + ")");
      }
    }
    return out;
  }
}
