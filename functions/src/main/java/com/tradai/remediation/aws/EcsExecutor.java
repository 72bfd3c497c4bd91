package com.tradai.remediation.aws;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.ChangedSince;
import com.tradai.remediation.core.Recheck;
import com.tradai.remediation.core.ResourceRef;
import com.tradai.remediation.core.ResourceState;
import com.tradai.remediation.ports.Executor;
import com.tradai.remediation.ports.ResourceReader;
import java.util.List;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

/** Reads and changes ECS services: desired count, and task memory through a new revision. */
public final class EcsExecutor implements Executor, ResourceReader {
  private final java.util.function.Supplier<EcsClient> client;

  /** Takes a supplier so the client is built only when an ECS call is really made. */
  public EcsExecutor(java.util.function.Supplier<EcsClient> client) {
    this.client = client;
  }

  /** ListTasks returns at most 100 ARNs per page and DescribeTasks takes at most 100. */
  static final int MAX_STOPPED = 100;

  @Override
  public boolean supports(ResourceRef ref) {
    return ref instanceof ResourceRef.EcsService || ref instanceof ResourceRef.EcsStoppedTasks;
  }

  @Override
  public ResourceState read(ResourceRef ref) {
    if (ref instanceof ResourceRef.EcsStoppedTasks st) {
      return stopped(st);
    }
    ResourceRef.EcsService r = (ResourceRef.EcsService) ref;
    var described =
        client.get().describeServices(b -> b.cluster(r.cluster()).services(r.service()));
    List<Service> services =
        described.services().stream().filter(s -> !"INACTIVE".equals(s.status())).toList();
    if (services.isEmpty()) {
      return new ResourceState.Missing(
          ref.key(), "ECS service " + r.service() + " not found in cluster " + r.cluster());
    }
    Service s = services.getFirst();
    if (!r.taskSize()) {
      return new ResourceState.EcsService(
          r.cluster(), r.service(), s.desiredCount(), s.runningCount(), s.taskDefinition(), 0, 0);
    }
    TaskDefinition td =
        client
            .get()
            .describeTaskDefinition(b -> b.taskDefinition(s.taskDefinition()))
            .taskDefinition();
    return new ResourceState.EcsService(
        r.cluster(),
        r.service(),
        s.desiredCount(),
        s.runningCount(),
        s.taskDefinition(),
        parse(td.cpu()),
        parse(td.memory()));
  }

  /**
   * Tasks of the family that ECS still lists as STOPPED (about an hour), newest first, each with
   * its stoppedReason, container reasons and exit code, and its task definition's size.
   */
  private ResourceState stopped(ResourceRef.EcsStoppedTasks r) {
    List<String> arns =
        client
            .get()
            .listTasks(
                b ->
                    b.cluster(r.cluster())
                        .family(r.family())
                        .desiredStatus(DesiredStatus.STOPPED)
                        .maxResults(MAX_STOPPED))
            .taskArns();
    if (arns.isEmpty()) {
      return new ResourceState.EcsStoppedTasks(r.cluster(), r.family(), List.of());
    }
    List<Task> tasks = client.get().describeTasks(b -> b.cluster(r.cluster()).tasks(arns)).tasks();
    java.util.Map<String, TaskDefinition> defs = new java.util.HashMap<>();
    List<ResourceState.StoppedTask> out = new java.util.ArrayList<>();
    for (Task t :
        tasks.stream()
            .sorted(
                java.util.Comparator.comparing(
                        (Task t) -> t.stoppedAt() == null ? java.time.Instant.EPOCH : t.stoppedAt())
                    .reversed())
            .toList()) {
      TaskDefinition td =
          defs.computeIfAbsent(
              t.taskDefinitionArn(),
              arn ->
                  client.get().describeTaskDefinition(b -> b.taskDefinition(arn)).taskDefinition());
      List<String> reasons = new java.util.ArrayList<>();
      if (t.stoppedReason() != null) {
        reasons.add(t.stoppedReason());
      }
      java.util.Optional<Integer> exit = java.util.Optional.empty();
      for (Container c : t.containers()) {
        if (c.reason() != null) {
          reasons.add(c.reason());
        }
        if (c.exitCode() != null && exit.isEmpty()) {
          exit = java.util.Optional.of(c.exitCode());
        }
      }
      out.add(
          new ResourceState.StoppedTask(
              t.taskArn(),
              t.taskDefinitionArn(),
              parse(t.cpu() != null ? t.cpu() : td.cpu()),
              parse(t.memory() != null ? t.memory() : td.memory()),
              reasons,
              exit));
    }
    return new ResourceState.EcsStoppedTasks(r.cluster(), r.family(), out);
  }

  @Override
  public boolean supports(Action action) {
    return action instanceof Action.ScaleEcsService || action instanceof Action.RaiseEcsTaskMemory;
  }

  @Override
  public Applied apply(Action action) {
    return switch (action) {
      case Action.ScaleEcsService s -> scale(s);
      case Action.RaiseEcsTaskMemory m -> raiseMemory(m);
      default -> throw new IllegalArgumentException("EcsExecutor cannot apply " + action);
    };
  }

  /**
   * Sets the desired count only while it is still the one planned on: someone who scaled since
   * wins.
   */
  private Applied scale(Action.ScaleEcsService s) {
    Service now = service(s.cluster(), s.service());
    Recheck.require(s, new Recheck.EcsNow(now.desiredCount(), now.taskDefinition(), List.of(), 0));
    Service updated =
        client
            .get()
            .updateService(
                b -> b.cluster(s.cluster()).service(s.service()).desiredCount(s.afterCount()))
            .service();
    return new Applied(s, "desiredCount is now " + updated.desiredCount());
  }

  /**
   * Copies the revision the service runs now with the new task memory (every other field and the
   * tags, see {@link TaskDefinitionCopy}), registers it, and points the service at it; only while
   * the service still runs the revision the action names with the memory it was planned on. For a
   * fix that is the revision read at plan time; for a rollback, the revision the fix registered, so
   * the copy keeps whatever else that revision holds and sets back only the task memory and the
   * container limits the fix raised. The registered revision is what the change created.
   */
  private Applied raiseMemory(Action.RaiseEcsTaskMemory m) {
    Service service = service(m.cluster(), m.service());
    var described =
        client
            .get()
            .describeTaskDefinition(
                b -> b.taskDefinition(service.taskDefinition()).include(TaskDefinitionField.TAGS));
    TaskDefinition running = described.taskDefinition();
    Recheck.require(
        m,
        new Recheck.EcsNow(
            service.desiredCount(),
            service.taskDefinition(),
            running.containerDefinitions().stream()
                .map(c -> c.image())
                .filter(java.util.Objects::nonNull)
                .toList(),
            parse(running.memory())));
    TaskDefinitionCopy.Copy copy =
        TaskDefinitionCopy.withMemory(running, described.tags(), m.afterMb());
    TaskDefinition registered =
        client.get().registerTaskDefinition(copy.request()).taskDefinition();
    refuseUnexpectedChanges(described.taskDefinition(), registered);
    Service updated =
        client
            .get()
            .updateService(
                b ->
                    b.cluster(m.cluster())
                        .service(m.service())
                        .taskDefinition(registered.taskDefinitionArn()))
            .service();
    return new Applied(
        m,
        "service now runs "
            + updated.taskDefinition()
            + " with "
            + registered.memory()
            + " MB"
            + TaskDefinitionCopy.describe(copy.containerLimits()),
        null,
        registered.taskDefinitionArn());
  }

  private Service service(String cluster, String name) {
    List<Service> found =
        client.get().describeServices(b -> b.cluster(cluster).services(name)).services().stream()
            .filter(s -> !"INACTIVE".equals(s.status()))
            .toList();
    if (found.isEmpty()) {
      throw new ChangedSince(
          "ECS service " + name + " is no longer in cluster " + cluster + "; a person decides");
    }
    return found.getFirst();
  }

  /**
   * The detective check on the forward fix: the registered revision must be the copied one with
   * more memory. Anything else (an image above all) and the service is not pointed at it; the fix
   * fails, its FAILED report escalates and names the fields.
   */
  private static void refuseUnexpectedChanges(TaskDefinition copied, TaskDefinition registered) {
    List<String> changed = TaskDefinitionCopy.unexpectedChanges(copied, registered);
    if (!changed.isEmpty()) {
      throw new IllegalStateException(
          "registered "
              + registered.taskDefinitionArn()
              + " differs from "
              + copied.taskDefinitionArn()
              + " beyond memory in "
              + String.join(", ", changed)
              + "; the service was not pointed at it (deregister it after reading why)");
    }
  }

  private static int parse(String units) {
    return TaskDefinitionCopy.parse(units);
  }
}
