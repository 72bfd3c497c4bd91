package com.tradai.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.StringConditions;
import software.amazon.awscdk.services.sns.SubscriptionFilter;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.SqsSubscription;
import software.amazon.awscdk.services.sns.subscriptions.SqsSubscriptionProps;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The stack's doors and dead ends: the alarm, results and escalation topics (one KMS key), the
 * verification queue fed by the results topic, the operator command queue, and the dead-letter
 * queues. Each topic and queue lets in only its writers: CloudWatch for the alarm topics, the
 * stack's roles for the rest ({@link StackOnlyWrites}), operators for commands ({@link
 * ChatActions}).
 *
 * <p>Not a construct of its own: it builds into the stack's scope, so the resources keep the
 * logical ids and construct paths they had, and a deployed stack updates in place.
 */
final class Messaging {

  /**
   * Receives of a verification check before its dead-letter queue: a throttle or a transient
   * failure costs a receive, and a check should outlive a few of them.
   */
  static final int MAX_RECEIVES = 5;

  private final Construct scope;
  private final EnvConfig cfg;
  private final StackOnlyWrites stackOnly;
  private final Key topicKey;
  private final Topic alarmTopic;
  private final Topic resultsTopic;
  private final Topic escalationTopic;
  private final Queue failureQueue;
  private final Queue verifyDeadLetters;
  private final Queue deliveryDeadLetters;
  private final Queue verifyQueue;
  private final Queue commandQueue;

  /**
   * @param verificationDelaySeconds how long the verification queue holds a fix's report before its
   *     first check ({@link PolicyFile#verificationDelaySeconds})
   */
  Messaging(Construct scope, EnvConfig cfg, int verificationDelaySeconds) {
    this.scope = scope;
    this.cfg = cfg;
    this.stackOnly = new StackOnlyWrites(cfg.stackName());
    topicKey = createTopicKey();
    alarmTopic = topic("AlarmTopic", "alarms", "Alarm state changes delivered to remediation");
    allowCloudWatchAlarms(alarmTopic, cfg.envPrefix());
    resultsTopic = topic("ResultsTopic", "results", "Remediation reports");
    resultsTopic.addToResourcePolicy(stackOnly.publishOnlyByStackRoles(resultsTopic.getTopicArn()));
    escalationTopic =
        topic("EscalationTopic", "escalation", "Needs a human: blocked, failed, approval");
    allowCloudWatchAlarms(escalationTopic, cfg.stackName() + "-");

    failureQueue = queue("FailureQueue", "failures", null, Duration.minutes(1), 0);
    verifyDeadLetters = queue("VerifyDeadLetterQueue", "verify-dlq", null, Duration.minutes(1), 0);
    deliveryDeadLetters =
        queue("DeliveryDeadLetterQueue", "delivery-dlq", null, Duration.minutes(1), 0);
    verifyQueue =
        queue(
            "VerifyQueue",
            "verify",
            verifyDeadLetters,
            // Six times the verifier's timeout, as Lambda advises for SQS event sources.
            Duration.seconds(6L * cfg.functions().verifier().timeoutSeconds()),
            verificationDelaySeconds);
    verifyQueue.addToResourcePolicy(
        stackOnly.sendOnlyByStackRolesAndTopic(
            verifyQueue.getQueueArn(), resultsTopic.getTopicArn()));
    commandQueue = ChatActions.commandQueue(scope, cfg);
    subscribeVerificationsToResults();
    deadEnd(
        failureQueue, "it is the on-failure destination of the asynchronously invoked functions");
    deadEnd(
        deliveryDeadLetters,
        "the dead-letter queue of the EventBridge rule targets and of the alarm topic's Lambda"
            + " subscription");
  }

  /** Where alarms arrive: CloudWatch publishes here, and the remediation function subscribes. */
  Topic alarmTopic() {
    return alarmTopic;
  }

  /** The functions' reports; a fix's report is also its verification check. */
  Topic resultsTopic() {
    return resultsTopic;
  }

  /** Needs a human: failed runs, plans waiting for approval, an open breaker, the own alarms. */
  Topic escalationTopic() {
    return escalationTopic;
  }

  /** Encrypts the topics. */
  Key topicKey() {
    return topicKey;
  }

  /** The verifier's checks, each held for the policy's delay. */
  Queue verifyQueue() {
    return verifyQueue;
  }

  /** Checks received {@value #MAX_RECEIVES} times without an answer. */
  Queue verifyDeadLetters() {
    return verifyDeadLetters;
  }

  /** The on-failure destination of the asynchronously invoked functions. */
  Queue failureQueue() {
    return failureQueue;
  }

  /** Alarm events EventBridge or SNS could not deliver to a function. */
  Queue deliveryDeadLetters() {
    return deliveryDeadLetters;
  }

  /** One chat click per message ({@link ChatActions}). */
  Queue commandQueue() {
    return commandQueue;
  }

  /**
   * A rule target's retries: two within {@code maxEventAge}, then the delivery dead-letter queue.
   */
  LambdaFunctionProps targetRetries(Duration maxEventAge) {
    return LambdaFunctionProps.builder()
        .retryAttempts(2)
        .maxEventAge(maxEventAge)
        .deadLetterQueue(deliveryDeadLetters)
        .build();
  }

  private Key createTopicKey() {
    Key key =
        Key.Builder.create(scope, "TopicKey")
            .alias("alias/" + cfg.stackName())
            .description("Encrypts the " + cfg.stackName() + " SNS topics")
            .enableKeyRotation(true)
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    LogicalIds.set(key, "TopicKey");
    // CloudWatch must encrypt what its alarms publish to the topics. The statement is AWS's
    // documented one, without conditions: which alarms may publish is decided by the topic
    // policies (source ARN and account), and this key serves only these topics.
    key.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid("CloudWatchAlarmsPublish")
            .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
            .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
            .resources(List.of("*")) // in a key policy "*" means this key
            .build());
    return key;
  }

  private Topic topic(String id, String thing, String displayName) {
    Topic topic =
        Topic.Builder.create(scope, id)
            .topicName(cfg.envPrefix() + "remediation-" + thing)
            .displayName(displayName)
            .masterKey(topicKey)
            .enforceSsl(true)
            .build();
    LogicalIds.set(topic, id);
    return topic;
  }

  /** Lets alarms whose names start with {@code alarmPrefix} publish to the topic. */
  private void allowCloudWatchAlarms(Topic topic, String alarmPrefix) {
    // In a fixed order: Map.of's differs from one JVM to the next, and so would the template's
    // text.
    Map<String, Object> conditions = new LinkedHashMap<>();
    conditions.put(
        "ArnLike", Map.of("aws:SourceArn", Arns.sub("cloudwatch", "alarm:" + alarmPrefix + "*")));
    conditions.put("StringEquals", Map.of("aws:SourceAccount", Stack.of(scope).getAccount()));
    topic.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid("CloudWatchAlarmsPublish")
            .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
            .actions(List.of("sns:Publish"))
            .resources(List.of(topic.getTopicArn()))
            .conditions(conditions)
            .build());
    // Nothing else publishes alarms: an IAM principal of this account with a broad sns:Publish is
    // refused too, unless it is one of this stack's roles.
    topic.addToResourcePolicy(stackOnly.publishOnlyByServicesAndStackRoles(topic.getTopicArn()));
  }

  private Queue queue(
      String id, String thing, Queue deadLetters, Duration visibility, int delaySeconds) {
    Queue.Builder builder =
        Queue.Builder.create(scope, id)
            .queueName(cfg.envPrefix() + "remediation-" + thing)
            .encryption(QueueEncryption.SQS_MANAGED)
            .enforceSsl(true)
            .retentionPeriod(Duration.days(14))
            .visibilityTimeout(visibility);
    if (delaySeconds > 0) {
      builder.deliveryDelay(Duration.seconds(delaySeconds));
    }
    if (deadLetters != null) {
      builder.deadLetterQueue(
          DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(MAX_RECEIVES).build());
    }
    Queue queue = builder.build();
    LogicalIds.set(queue, id);
    return queue;
  }

  /**
   * A fix's report is its verification check: the queue takes only reports whose verification is
   * SCHEDULED (the message attribute SnsReportPublisher sets), raw (the report JSON itself), and
   * holds each for the policy's delaySeconds. No function sends the first check itself.
   */
  private void subscribeVerificationsToResults() {
    resultsTopic.addSubscription(
        new SqsSubscription(
            verifyQueue,
            SqsSubscriptionProps.builder()
                .rawMessageDelivery(true)
                .filterPolicy(
                    Map.of(
                        "verification",
                        SubscriptionFilter.stringFilter(
                            StringConditions.builder().allowlist(List.of("SCHEDULED")).build())))
                .build()));
  }

  /** A queue that is itself the dead end needs no dead-letter queue; an alarm watches its depth. */
  private static void deadEnd(Queue queue, String whatItIs) {
    NagSuppressions.addResourceSuppressions(
        queue,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-SQS3")
                .reason(
                    "This queue is itself the dead end: "
                        + whatItIs
                        + "; an alarm watches its"
                        + " depth.")
                .build()));
  }
}
