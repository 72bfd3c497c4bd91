package com.tradai.remediation.aws;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.Recheck;
import com.tradai.remediation.core.ResourceRef;
import com.tradai.remediation.core.ResourceState;
import com.tradai.remediation.ports.Executor;
import com.tradai.remediation.ports.ResourceReader;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DescribeContributorInsightsResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Reads a table's billing mode, provisioned capacity and Contributor Insights status (with the top
 * keys from its rules, through {@link ContributorInsights}); raises provisioned read or write
 * capacity, keeping the other unchanged, only while the table still has the capacity the action was
 * planned on ({@link Recheck}).
 */
public final class DynamoDbExecutor implements Executor, ResourceReader {
  private final Supplier<DynamoDbClient> client;
  private final ContributorInsights insights;

  /** Top keys of the table's Contributor Insights rules, most frequent first. */
  public interface ContributorInsights {
    List<String> topKeys(List<String> ruleNames);
  }

  public DynamoDbExecutor(Supplier<DynamoDbClient> client, ContributorInsights insights) {
    this.client = client;
    this.insights = insights;
  }

  @Override
  public boolean supports(ResourceRef ref) {
    return ref instanceof ResourceRef.DynamoDbTable;
  }

  @Override
  public ResourceState read(ResourceRef ref) {
    ResourceRef.DynamoDbTable r = (ResourceRef.DynamoDbTable) ref;
    TableDescription t;
    try {
      t = client.get().describeTable(b -> b.tableName(r.table())).table();
    } catch (ResourceNotFoundException e) {
      return new ResourceState.Missing(ref.key(), "DynamoDB table " + r.table() + " not found");
    }
    BillingMode mode =
        t.billingModeSummary() == null || t.billingModeSummary().billingMode() == null
            ? BillingMode.PROVISIONED
            : t.billingModeSummary().billingMode();
    String status = "UNKNOWN";
    List<String> keys = List.of();
    try {
      DescribeContributorInsightsResponse ci =
          client.get().describeContributorInsights(b -> b.tableName(r.table()));
      status = ci.contributorInsightsStatusAsString();
      if ("ENABLED".equals(status)) {
        keys = insights.topKeys(ci.contributorInsightsRuleList());
      }
    } catch (DynamoDbException | IllegalStateException e) {
      status = "UNKNOWN (" + e.getMessage() + ")";
    }
    long rcu =
        t.provisionedThroughput() == null ? 0 : t.provisionedThroughput().readCapacityUnits();
    long wcu =
        t.provisionedThroughput() == null ? 0 : t.provisionedThroughput().writeCapacityUnits();
    return new ResourceState.DynamoDbTable(r.table(), mode.toString(), rcu, wcu, status, keys);
  }

  @Override
  public boolean supports(Action action) {
    return action instanceof Action.RaiseDynamoDbCapacity;
  }

  @Override
  public Applied apply(Action action) {
    if (!(action instanceof Action.RaiseDynamoDbCapacity c)) {
      throw new IllegalArgumentException("DynamoDbExecutor cannot apply " + action);
    }
    TableDescription t = client.get().describeTable(b -> b.tableName(c.table())).table();
    Recheck.require(
        c,
        new Recheck.TableNow(
            t.billingModeSummary() == null || t.billingModeSummary().billingMode() == null
                ? "PROVISIONED"
                : t.billingModeSummary().billingModeAsString(),
            t.provisionedThroughput() == null ? 0 : t.provisionedThroughput().readCapacityUnits(),
            t.provisionedThroughput() == null
                ? 0
                : t.provisionedThroughput().writeCapacityUnits()));
    long read =
        "read".equals(c.capacity())
            ? c.afterUnits()
            : t.provisionedThroughput().readCapacityUnits();
    long write =
        "write".equals(c.capacity())
            ? c.afterUnits()
            : t.provisionedThroughput().writeCapacityUnits();
    TableDescription updated =
        client
            .get()
            .updateTable(
                b ->
                    b.tableName(c.table())
                        .provisionedThroughput(
                            p -> p.readCapacityUnits(read).writeCapacityUnits(write)))
            .tableDescription();
    return new Applied(
        c,
        c.capacity()
            + " capacity is now "
            + ("read".equals(c.capacity())
                ? updated.provisionedThroughput().readCapacityUnits()
                : updated.provisionedThroughput().writeCapacityUnits())
            + " (table "
            + updated.tableStatusAsString()
            + ")");
  }
}
