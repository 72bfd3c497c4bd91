package com.tradai.remediation.aws;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * A new revision of a task definition with another task memory, carrying everything else over. The
 * copy is driven by the SDK's own field models: every field RegisterTaskDefinition accepts is
 * copied from the field of the same name that DescribeTaskDefinition returns, so a field AWS adds
 * later (ephemeralStorage, enableFaultInjection, trustedExecutionConfiguration came that way) is
 * carried without a code change. Tags are not part of the task definition: DescribeTaskDefinition
 * returns them beside it, and only when asked with include=TAGS.
 *
 * <p>Containers with a hard {@code memory} limit keep their share of the task: a limit is what
 * kills a container with OOM, so a bigger task whose containers keep their old limits would not fix
 * anything. Soft limits ({@code memoryReservation}) are left alone. A copy with less memory (a
 * rollback, made from the revision the fix registered) sets each hard limit back to the value the
 * fix raised it from: the raise is {@code floor(limit × after / before)}, strictly increasing in
 * the limit, so {@code ceil(raised × before / after)} is exactly the limit it came from.
 */
public final class TaskDefinitionCopy {
  /** Request fields that the task definition itself does not hold. */
  static final Set<String> BESIDE_THE_DEFINITION = Set.of("tags");

  /** Request fields this copy sets itself rather than copying. */
  static final Set<String> CHANGED = Set.of("memory", "containerDefinitions");

  private TaskDefinitionCopy() {}

  /** The container hard limits before and after, by container name, for the report. */
  public record Copy(RegisterTaskDefinitionRequest request, Map<String, int[]> containerLimits) {}

  /**
   * A copy of {@code td} with task memory {@code afterMb} and its containers' hard limits scaled.
   */
  public static Copy withMemory(TaskDefinition td, List<Tag> tags, int afterMb) {
    RegisterTaskDefinitionRequest.Builder req = RegisterTaskDefinitionRequest.builder();
    Map<String, SdkField<?>> source =
        td.sdkFields().stream()
            .collect(Collectors.toMap(SdkField::memberName, Function.identity()));
    for (SdkField<?> field : req.sdkFields()) {
      SdkField<?> from = source.get(field.memberName());
      if (from != null && !CHANGED.contains(field.memberName())) {
        field.set(req, from.getValueOrDefault(td));
      }
    }
    if (!tags.isEmpty()) {
      req.tags(tags);
    }
    int beforeMb = parse(td.memory());
    Map<String, int[]> limits = new java.util.LinkedHashMap<>();
    List<ContainerDefinition> containers =
        td.containerDefinitions().stream()
            .map(
                c -> {
                  if (c.memory() == null || beforeMb <= 0 || afterMb <= 0 || afterMb == beforeMb) {
                    return c;
                  }
                  int scaled =
                      afterMb > beforeMb
                          ? (int) ((long) c.memory() * afterMb / beforeMb)
                          : (int) Math.ceilDiv((long) c.memory() * afterMb, beforeMb);
                  limits.put(c.name(), new int[] {c.memory(), scaled});
                  return c.toBuilder().memory(scaled).build();
                })
            .toList();
    return new Copy(
        req.containerDefinitions(containers).memory(String.valueOf(afterMb)).build(), limits);
  }

  /**
   * What a registered revision may hold differently from the one it copied: AWS's bookkeeping of
   * the new revision (ARN, number, when and by whom, its own status) and the memory the copy
   * raised.
   */
  static final Set<String> BOOKKEEPING =
      Set.of(
          "taskDefinitionArn",
          "revision",
          "registeredAt",
          "registeredBy",
          "status",
          "deregisteredAt",
          "deleteRequestedAt");

  /**
   * Every field of {@code registered} that differs from {@code copied} beyond memory, e.g. {@code
   * containerDefinitions[app].image}: empty when the new revision is the old one with more memory.
   * A copy that changed an image (or anything else) would run other code under the same task role,
   * so the executor refuses to point the service at it.
   */
  public static List<String> unexpectedChanges(TaskDefinition copied, TaskDefinition registered) {
    List<String> changed =
        new java.util.ArrayList<>(
            differing(
                copied,
                registered,
                union(BOOKKEEPING, Set.of("memory", "containerDefinitions")),
                ""));
    List<ContainerDefinition> before = copied.containerDefinitions();
    List<ContainerDefinition> after = registered.containerDefinitions();
    if (before.size() != after.size()) {
      changed.add("containerDefinitions (" + before.size() + " → " + after.size() + " containers)");
      return changed;
    }
    for (int i = 0; i < before.size(); i++) {
      changed.addAll(
          differing(
              before.get(i),
              after.get(i),
              Set.of("memory"),
              "containerDefinitions[" + before.get(i).name() + "]."));
    }
    return changed;
  }

  private static <T extends software.amazon.awssdk.core.SdkPojo> List<String> differing(
      T a, T b, Set<String> ignored, String prefix) {
    return a.sdkFields().stream()
        .filter(f -> !ignored.contains(f.memberName()))
        .filter(f -> !java.util.Objects.equals(f.getValueOrDefault(a), f.getValueOrDefault(b)))
        .map(f -> prefix + f.memberName())
        .toList();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return all;
  }

  /** "; container app memory 2048 → 3072 MB", or "" when no container has a hard limit. */
  public static String describe(Map<String, int[]> limits) {
    return limits.entrySet().stream()
        .map(
            e ->
                "; container "
                    + e.getKey()
                    + " memory "
                    + e.getValue()[0]
                    + " → "
                    + e.getValue()[1]
                    + " MB")
        .collect(Collectors.joining());
  }

  static int parse(String units) {
    try {
      return units == null ? 0 : Integer.parseInt(units.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
