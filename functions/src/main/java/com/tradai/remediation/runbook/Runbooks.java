package com.tradai.remediation.runbook;

import com.tradai.remediation.alarm.Alarm;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the runbook for an alarm. With a {@link Routing} table (the standard set), the table
 * decides; without one, the first runbook whose {@link Runbook#handles} takes it.
 */
public final class Runbooks {
  private final List<Runbook> all;
  private final Optional<Routing> routing;

  public Runbooks(List<Runbook> all) {
    this(all, Optional.empty());
  }

  public Runbooks(List<Runbook> all, Optional<Routing> routing) {
    this.all = List.copyOf(all);
    this.routing = routing;
  }

  public static Runbooks standard() {
    return standard(Routing.defaults());
  }

  /**
   * Every section of the on-call runbook, routed by {@code routing}, each reading the alarm's own
   * metric too.
   */
  public static Runbooks standard(Routing routing) {
    return new Runbooks(
        Stream.of(
                new ApiLatencyRunbook(),
                new EcsServiceRunbook(),
                new LambdaColdStartRunbook(),
                new LambdaTimeoutRunbook(),
                new RdsSlowQueriesRunbook(),
                new DynamoDbThrottlingRunbook(),
                new BacktestRunbook(),
                new ExchangeApiRunbook(),
                new QuickHealthCheck())
            .<Runbook>map(AlarmMetric::new)
            .toList(),
        Optional.of(routing));
  }

  public Optional<Runbook> route(Alarm alarm) {
    if (routing.isPresent()) {
      return routing.get().runbookFor(alarm).flatMap(this::byId);
    }
    return all.stream().filter(r -> r.handles(alarm)).findFirst();
  }

  public Optional<Runbook> byId(String id) {
    return all.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  public List<Runbook> all() {
    return all;
  }
}
