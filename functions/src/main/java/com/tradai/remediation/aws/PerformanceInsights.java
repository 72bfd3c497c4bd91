package com.tradai.remediation.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradai.remediation.core.ResourceState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Performance Insights' DescribeDimensionKeys (top SQL by db.load.avg), without the {@code pi} SDK
 * module: the Maven mirror has it only up to 2.40.2, and mixing that with the 2.58 core is unsafe.
 * The call is small (one awsJson1_1 POST, see {@link AwsJsonCall}). Tested at the wire against a
 * local server.
 */
public final class PerformanceInsights {
  static final String TARGET = "PerformanceInsightsv20180227.DescribeDimensionKeys";

  private final AwsJsonCall pi;

  /** {@code pi}: calls signed as "pi" to the Performance Insights endpoint. */
  public PerformanceInsights(AwsJsonCall pi) {
    this.pi = pi;
  }

  /** The top {@code limit} SQL statements by average load for an instance's DbiResourceId. */
  public List<ResourceState.TopSql> topSql(
      String dbiResourceId, Instant from, Instant to, int limit) {
    ObjectNode body =
        AwsJsonCall.body()
            .put("ServiceType", "RDS")
            .put("Identifier", dbiResourceId)
            .put("StartTime", from.getEpochSecond())
            .put("EndTime", to.getEpochSecond())
            .put("Metric", "db.load.avg");
    body.putObject("GroupBy").put("Group", "db.sql_tokenized").put("Limit", limit);
    JsonNode json = pi.call(TARGET, body);
    List<ResourceState.TopSql> out = new ArrayList<>();
    for (JsonNode key : json.path("Keys")) {
      out.add(
          new ResourceState.TopSql(
              key.path("Dimensions")
                  .path("db.sql_tokenized.statement")
                  .asText("(unknown statement)"),
              key.path("Total").asDouble()));
    }
    return out;
  }
}
