package com.tradai.remediation.testing;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.ResourceRef;
import com.tradai.remediation.core.ResourceState;
import com.tradai.remediation.ports.Executor;
import com.tradai.remediation.ports.ResourceReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every resource but ECS services, in memory, as the sample events' runbooks find them in dev: a
 * Lambda function (512 MB, 30 s, alias live on version 7) whose REPORT lines show long warm runs,
 * an RDS db.t4g.micro that is available, a provisioned table (5/5), logs with timeouts and 429s, an
 * answering exchange, and a strategy-service task stopped by the OOM killer. Changes are applied in
 * memory and say what the value is now. For the golden reports of every runbook family.
 */
public final class CannedAws implements ResourceReader, Executor {

  @Override
  public boolean supports(ResourceRef ref) {
    return !(ref instanceof ResourceRef.EcsService);
  }

  @Override
  public ResourceState read(ResourceRef ref) {
    return switch (ref) {
      case ResourceRef.LambdaFunction f ->
          new ResourceState.LambdaFunction(
              f.function(),
              512,
              30,
              "Successful",
              Optional.of("live"),
              Optional.of("7"),
              0,
              false,
              f.callerLimitSeconds(),
              false);
      case ResourceRef.LambdaInvocations i ->
          new ResourceState.LambdaInvocations(i.function(), 120, List.of(), 29_400);
      case ResourceRef.RdsInstance r ->
          new ResourceState.RdsInstance(
              r.instance(),
              "db.t4g.micro",
              "available",
              List.of(),
              3000,
              112,
              false,
              List.of(),
              "Performance Insights is not enabled on this instance");
      case ResourceRef.DynamoDbTable t ->
          new ResourceState.DynamoDbTable(t.table(), "PROVISIONED", 5, 5, "DISABLED", List.of());
      case ResourceRef.LogCounts l -> {
        Map<String, Integer> counts = new LinkedHashMap<>();
        l.terms()
            .forEach(
                term ->
                    counts.put(
                        term,
                        switch (term) {
                          case "Task timed out" -> 4;
                          case "429" -> 12;
                          case "rate limit" -> 3;
                          default -> 0;
                        }));
        yield new ResourceState.LogCounts(l.logGroup(), counts);
      }
      case ResourceRef.HttpProbes h ->
          new ResourceState.HttpProbes(
              h.purpose(),
              h.urls().stream().map(u -> new ResourceState.Probe(u, 200, 140, null)).toList());
      case ResourceRef.EcsStoppedTasks s ->
          new ResourceState.EcsStoppedTasks(
              s.cluster(),
              s.family(),
              List.of(
                  new ResourceState.StoppedTask(
                      "arn:aws:ecs:eu-west-1:123456789012:task/"
                          + s.cluster()
                          + "/0f1e2d3c4b5a69788796a5b4c3d2e1f0",
                      "arn:aws:ecs:eu-west-1:123456789012:task-definition/" + s.family() + ":4",
                      1024,
                      2048,
                      List.of(
                          "Essential container in task exited",
                          "OutOfMemoryError: Container killed due to memory usage"),
                      Optional.of(137))));
      default -> new ResourceState.Missing(ref.key(), "not canned");
    };
  }

  @Override
  public boolean supports(Action action) {
    return !(action instanceof Action.ScaleEcsService) && !(action instanceof Action.NotifyOnly);
  }

  @Override
  public Applied apply(Action action) {
    return new Applied(action, action.change() + " applied");
  }
}
