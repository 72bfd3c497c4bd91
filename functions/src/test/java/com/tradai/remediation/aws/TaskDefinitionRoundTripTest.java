package com.tradai.remediation.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.ports.Executor;
import com.tradai.remediation.testing.Moto;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.IpcMode;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PidMode;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

/**
 * The ECS memory fix registers a revision that keeps everything of the running one: every field
 * RegisterTaskDefinition accepts (checked against the SDK's models, so a field AWS adds later fails
 * the first test until the fixture sets it), the tags, and container hard limits raised with the
 * task.
 */
@ExtendWith(Moto.class)
class TaskDefinitionRoundTripTest {
  static final String ROLE = "arn:aws:iam::123456789012:role/trading-backend-task";
  static final String EXEC_ROLE = "arn:aws:iam::123456789012:role/ecs-exec-shared";

  /**
   * A task definition with every field RegisterTaskDefinition accepts set to a non-default value.
   */
  // every field is set, the deprecated inference accelerators too, so the copy is checked against
  // all
  @SuppressWarnings({"unchecked", "deprecation"})
  static RegisterTaskDefinitionRequest rich(String family) {
    return RegisterTaskDefinitionRequest.builder()
        .family(family)
        .taskRoleArn(ROLE)
        .executionRoleArn(EXEC_ROLE)
        .networkMode(NetworkMode.AWSVPC)
        .containerDefinitions(
            ContainerDefinition.builder()
                .name("app")
                .image("tradai/backend:7")
                .essential(true)
                .memory(2048)
                .memoryReservation(1024)
                .environment(e -> e.name("MODE").value("live"))
                .build(),
            ContainerDefinition.builder()
                .name("envoy")
                .image("envoyproxy/envoy:v1.31")
                .essential(true)
                .memoryReservation(128)
                .build())
        .volumes(v -> v.name("scratch"))
        .placementConstraints(p -> p.type("memberOf").expression("attribute:ecs.os-type == linux"))
        .requiresCompatibilities(Compatibility.FARGATE)
        .cpu("1024")
        .memory("2048")
        .tags(Tag.builder().key("team").value("trading").build())
        .pidMode(PidMode.TASK)
        .ipcMode(IpcMode.NONE)
        .proxyConfiguration(
            p ->
                p.type("APPMESH")
                    .containerName("envoy")
                    .properties(kv -> kv.name("ProxyIngressPort").value("15000")))
        .inferenceAccelerators(a -> a.deviceName("device1").deviceType("eia2.medium"))
        .ephemeralStorage(s -> s.sizeInGiB(60))
        .runtimePlatform(p -> p.cpuArchitecture("ARM64").operatingSystemFamily("LINUX"))
        .enableFaultInjection(true)
        .trustedExecutionConfiguration(t -> t.isolationMode("NONE"))
        .build();
  }

  /** What DescribeTaskDefinition answers for {@link #rich}: the same values, field by field. */
  static TaskDefinition described(RegisterTaskDefinitionRequest r) {
    TaskDefinition.Builder td = TaskDefinition.builder();
    var target = td.sdkFields().stream().collect(Collectors.toMap(SdkField::memberName, f -> f));
    for (SdkField<?> f : r.sdkFields()) {
      if (target.containsKey(f.memberName())) {
        target.get(f.memberName()).set(td, f.getValueOrDefault(r));
      }
    }
    return td.taskDefinitionArn(
            "arn:aws:ecs:eu-west-1:123456789012:task-definition/" + r.family() + ":1")
        .revision(1)
        .build();
  }

  @Test
  void everyFieldRegisterTaskDefinitionAcceptsIsCarriedOver_andTheFixtureSetsThemAll() {
    RegisterTaskDefinitionRequest original = rich("tradai-backend-prod");

    RegisterTaskDefinitionRequest copy =
        TaskDefinitionCopy.withMemory(described(original), original.tags(), 3072).request();

    Set<String> checked = new java.util.TreeSet<>();
    for (SdkField<?> field : RegisterTaskDefinitionRequest.builder().sdkFields()) {
      Object value = field.getValueOrDefault(original);
      assertThat(value)
          .as("the fixture sets %s", field.memberName())
          .isNotNull()
          .isNotInstanceOf(SdkAutoConstructList.class);
      if (!TaskDefinitionCopy.CHANGED.contains(field.memberName())) {
        assertThat(field.getValueOrDefault(copy)).as(field.memberName()).isEqualTo(value);
      }
      checked.add(field.memberName());
    }
    assertThat(checked)
        .contains(
            "ephemeralStorage",
            "pidMode",
            "ipcMode",
            "proxyConfiguration",
            "inferenceAccelerators",
            "enableFaultInjection",
            "tags");
    assertThat(copy.memory()).isEqualTo("3072");
    assertThat(copy.containerDefinitions())
        .extracting(ContainerDefinition::memory)
        .containsExactly(3072, null);
    assertThat(copy.containerDefinitions().getFirst().toBuilder().memory(2048).build())
        .isEqualTo(original.containerDefinitions().getFirst());
    assertThat(copy.containerDefinitions().get(1))
        .isEqualTo(original.containerDefinitions().get(1));
  }

  @Test
  void everyRequestFieldIsReadFromTheDescribedDefinitionOrBesideIt() {
    Set<String> described =
        TaskDefinition.builder().sdkFields().stream()
            .map(SdkField::memberName)
            .collect(Collectors.toSet());
    List<String> unaccounted =
        RegisterTaskDefinitionRequest.builder().sdkFields().stream()
            .map(SdkField::memberName)
            .filter(
                n ->
                    !described.contains(n) && !TaskDefinitionCopy.BESIDE_THE_DEFINITION.contains(n))
            .toList();
    assertThat(unaccounted).isEmpty();
  }

  private static final String FAMILY = "tradai-backend-prod";

  /** The rich revision registered on moto (without what moto drops) and a service running it. */
  private static String deployed(DemoEnvironment env) {
    env.ecs().createCluster(b -> b.clusterName("tradai-prod"));
    String arn =
        env.ecs()
            .registerTaskDefinition(
                rich(FAMILY).toBuilder()
                    .enableFaultInjection((Boolean) null)
                    .trustedExecutionConfiguration(
                        (software.amazon.awssdk.services.ecs.model.TrustedExecutionConfiguration)
                            null)
                    .build())
            .taskDefinition()
            .taskDefinitionArn();
    env.ecs()
        .createService(
            b ->
                b.cluster("tradai-prod")
                    .serviceName(FAMILY)
                    .taskDefinition(arn)
                    .desiredCount(1)
                    .launchType(LaunchType.FARGATE));
    return arn;
  }

  private static String serving(DemoEnvironment env) {
    return env.ecs()
        .describeServices(b -> b.cluster("tradai-prod").services(FAMILY))
        .services()
        .getFirst()
        .taskDefinition();
  }

  /** Fields AWS sets on every new revision: they differ from the copied one's by design. */
  static final Set<String> NEW_REVISION =
      Set.of("taskDefinitionArn", "revision", "registeredAt", "registeredBy");

  /**
   * Written apart from the executor's own check (TaskDefinitionCopy.unexpectedChanges): every field
   * of the two describe answers, the task definition's and the tags, compared; only the new
   * revision's ARN, number and registration, and the memory fields (task, container hard limit) may
   * differ.
   */
  @Test
  void theMemoryFixChangesNothingButMemory_everyFieldOfTheDescribeAnswersCompared(MotoServer moto) {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "prod")) {
      String arn = deployed(env);
      new EcsExecutor(env::ecs)
          .apply(new Action.RaiseEcsTaskMemory("tradai-prod", FAMILY, arn, 1024, 2048, 3072));

      DescribeTaskDefinitionResponse before =
          env.ecs()
              .describeTaskDefinition(b -> b.taskDefinition(arn).include(TaskDefinitionField.TAGS));
      DescribeTaskDefinitionResponse after =
          env.ecs()
              .describeTaskDefinition(
                  b -> b.taskDefinition(serving(env)).include(TaskDefinitionField.TAGS));
      assertThat(after.taskDefinition().revision()).isEqualTo(2);
      assertThat(after.tags()).isEqualTo(before.tags());
      List<String> compared = new java.util.ArrayList<>();
      for (SdkField<?> field : TaskDefinition.builder().sdkFields()) {
        String name = field.memberName();
        if (NEW_REVISION.contains(name) || name.equals("memory")) {
          continue;
        }
        Object was = field.getValueOrDefault(before.taskDefinition());
        Object is = field.getValueOrDefault(after.taskDefinition());
        if (name.equals("containerDefinitions")) {
          was = withoutMemory(before.taskDefinition().containerDefinitions());
          is = withoutMemory(after.taskDefinition().containerDefinitions());
        }
        assertThat(is).as(name).isEqualTo(was);
        compared.add(name);
      }
      assertThat(compared)
          .contains(
              "containerDefinitions",
              "taskRoleArn",
              "executionRoleArn",
              "cpu",
              "networkMode",
              "volumes",
              "requiresCompatibilities",
              "runtimePlatform",
              "ephemeralStorage");
      // the fixture's image reached both, so the comparison above saw it
      assertThat(after.taskDefinition().containerDefinitions().getFirst().image())
          .isEqualTo("tradai/backend:7");
      assertThat(after.taskDefinition().memory()).isEqualTo("3072");
    }
  }

  private static List<ContainerDefinition> withoutMemory(List<ContainerDefinition> containers) {
    return containers.stream().map(c -> c.toBuilder().memory(null).build()).toList();
  }

  /**
   * The executor's detective check: a registered revision whose image differs from the copied one
   * is never served. An SDK interceptor changes the image in the RegisterTaskDefinition request, as
   * a faulty or tampered copy would; moto registers what it is sent.
   */
  @Test
  void aRegisteredRevisionWhoseImageDiffersIsRefusedAndTheServiceKeepsItsRevision(MotoServer moto) {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "prod");
        AwsClients tampering =
            new AwsClients(
                com.tradai.remediation.config.Config.from(env.variables()),
                List.of(
                    new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                      @Override
                      public software.amazon.awssdk.core.SdkRequest modifyRequest(
                          software.amazon.awssdk.core.interceptor.Context.ModifyRequest context,
                          software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                        if (context.request() instanceof RegisterTaskDefinitionRequest r) {
                          List<ContainerDefinition> containers =
                              new java.util.ArrayList<>(r.containerDefinitions());
                          containers.set(
                              0,
                              containers.getFirst().toBuilder().image("attacker/miner:1").build());
                          return r.toBuilder().containerDefinitions(containers).build();
                        }
                        return context.request();
                      }
                    }))) {
      String arn = deployed(env);

      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  new EcsExecutor(tampering::ecs)
                      .apply(
                          new Action.RaiseEcsTaskMemory(
                              "tradai-prod", FAMILY, arn, 1024, 2048, 3072)))
          .hasMessage(
              "registered arn:aws:ecs:eu-west-1:123456789012:task-definition/"
                  + FAMILY
                  + ":2 differs"
                  + " from "
                  + arn
                  + " beyond memory in containerDefinitions[app].image; the service was not"
                  + " pointed at it (deregister it after reading why)");
      assertThat(serving(env)).isEqualTo(arn);
      assertThat(
              env.ecs()
                  .describeTaskDefinition(b -> b.taskDefinition(FAMILY + ":2"))
                  .taskDefinition()
                  .containerDefinitions()
                  .getFirst()
                  .image())
          .isEqualTo("attacker/miner:1");
    }
  }

  @Test
  void theCheckNamesEveryFieldBeyondMemoryAndNoneForAMemoryOnlyCopy() {
    RegisterTaskDefinitionRequest original = rich(FAMILY);
    TaskDefinition copied = described(original);
    TaskDefinition raised =
        described(TaskDefinitionCopy.withMemory(copied, original.tags(), 3072).request())
            .toBuilder()
            .taskDefinitionArn(copied.taskDefinitionArn().replace(":1", ":2"))
            .revision(2)
            .build();
    assertThat(TaskDefinitionCopy.unexpectedChanges(copied, raised)).isEmpty();

    TaskDefinition other =
        raised.toBuilder()
            .taskRoleArn("arn:aws:iam::123456789012:role/admin")
            .containerDefinitions(
                raised.containerDefinitions().getFirst(),
                raised.containerDefinitions().get(1).toBuilder()
                    .image("envoyproxy/envoy:latest")
                    .build())
            .build();
    assertThat(TaskDefinitionCopy.unexpectedChanges(copied, other))
        .containsExactly("taskRoleArn", "containerDefinitions[envoy].image");
  }

  /** moto keeps every field but enableFaultInjection and trustedExecutionConfiguration. */
  @Test
  void memoryFixOnMotoRegistersARevisionThatKeepsTheFieldsTagsAndRaisesTheContainerLimit(
      MotoServer moto) {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "prod")) {
      String family = FAMILY;
      String arn = deployed(env);

      Executor.Applied applied =
          new EcsExecutor(env::ecs)
              .apply(new Action.RaiseEcsTaskMemory("tradai-prod", family, arn, 1024, 2048, 3072));

      String serving = serving(env);
      assertThat(serving).endsWith(family + ":2");
      assertThat(applied.detail())
          .isEqualTo(
              "service now runs " + serving + " with 3072 MB; container app memory 2048 → 3072 MB");
      DescribeTaskDefinitionResponse before =
          env.ecs()
              .describeTaskDefinition(b -> b.taskDefinition(arn).include(TaskDefinitionField.TAGS));
      DescribeTaskDefinitionResponse after =
          env.ecs()
              .describeTaskDefinition(
                  b -> b.taskDefinition(serving).include(TaskDefinitionField.TAGS));
      assertThat(after.tags()).isEqualTo(before.tags()).isNotEmpty();
      TaskDefinition a = after.taskDefinition();
      TaskDefinition b = before.taskDefinition();
      assertThat(a.memory()).isEqualTo("3072");
      assertThat(a.ephemeralStorage()).isEqualTo(b.ephemeralStorage()).isNotNull();
      assertThat(a.pidMode()).isEqualTo(b.pidMode()).isEqualTo(PidMode.TASK);
      assertThat(a.ipcMode()).isEqualTo(b.ipcMode()).isEqualTo(IpcMode.NONE);
      assertThat(a.proxyConfiguration()).isEqualTo(b.proxyConfiguration()).isNotNull();
      assertThat(a.inferenceAccelerators()).isEqualTo(b.inferenceAccelerators()).isNotEmpty();
      assertThat(a.runtimePlatform()).isEqualTo(b.runtimePlatform()).isNotNull();
      assertThat(a.taskRoleArn()).isEqualTo(ROLE);
      assertThat(a.executionRoleArn()).isEqualTo(EXEC_ROLE);
      assertThat(a.volumes()).isEqualTo(b.volumes());
      assertThat(a.placementConstraints()).isEqualTo(b.placementConstraints());
      assertThat(a.containerDefinitions().getFirst().memory()).isEqualTo(3072);
      assertThat(a.containerDefinitions().get(1)).isEqualTo(b.containerDefinitions().get(1));
    }
  }
}
