package com.tradai.remediation.cli;

import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.handler.Config;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A tradai-{env} environment on an emulator: the ECS cluster with the backend service, the results
 * topic and a queue subscribed to it, the verification queue, and the escalation topic with a
 * queue subscribed to it. Used by the demo and by the end-to-end tests.
 */
public final class DemoEnvironment implements AutoCloseable {
  public static final String REGION = "eu-west-1";
  public static final String ACCOUNT = "123456789012";

  private final String env;
  private final Map<String, String> variables;
  private final AwsClients clients;
  private final SqsClient sqs;
  private String resultsQueueUrl;
  private String resultsTopicArn;
  private String verifyQueueUrl;
  private String escalationTopicArn;
  private String escalationQueueUrl;

  public DemoEnvironment(String endpoint, String env) {
    this.env = env;
    Map<String, String> v = new HashMap<>();
    v.put("TRADAI_PROJECT", "tradai");
    v.put("TRADAI_ENV", env);
    v.put("AWS_REGION", REGION);
    v.put("AWS_ACCESS_KEY_ID", "testing");
    v.put("AWS_SECRET_ACCESS_KEY", "testing");
    v.put("AWS_ENDPOINT_URL", endpoint);
    v.put("AWS_MAX_ATTEMPTS", "2");
    v.put("ECS_CLUSTER", "tradai-" + env);
    v.put("ALB_LOAD_BALANCER", "app/tradai-" + env + "/50dc6c495c0c9188");
    v.put("ALB_BACKEND_TARGET_GROUP", "targetgroup/tradai-backend-" + env + "/6d0ecf831eec9f09");
    v.put("RDS_INSTANCE", "tradai-" + env);
    this.variables = v;
    this.clients = new AwsClients(Config.from(v));
    this.sqs = clients.configure(SqsClient.builder()).build();
  }

  /** Creates the cluster, a backend service with {@code desired} tasks, the topic and its queue. */
  public DemoEnvironment seed(int desired, int cpu, int memoryMb) {
    EcsClient ecs = clients.ecs();
    String cluster = "tradai-" + env;
    String service = "tradai-backend-" + env;
    ecs.createCluster(b -> b.clusterName(cluster));
    String taskDef = ecs.registerTaskDefinition(b -> b.family(service)
        .requiresCompatibilities(Compatibility.FARGATE)
        .networkMode(NetworkMode.AWSVPC)
        .cpu(String.valueOf(cpu))
        .memory(String.valueOf(memoryMb))
        .containerDefinitions(c -> c.name("backend").image("tradai/backend:1.0").essential(true)
            .portMappings(p -> p.containerPort(8000))))
        .taskDefinition().taskDefinitionArn();
    ecs.createService(b -> b.cluster(cluster).serviceName(service).taskDefinition(taskDef)
        .desiredCount(desired).launchType(LaunchType.FARGATE));
    resultsTopicArn = clients.sns().createTopic(b -> b.name("tradai-" + env + "-remediation-results")).topicArn();
    resultsQueueUrl = subscribedQueue(resultsTopicArn, "tradai-" + env + "-results-inbox");
    variables.put("RESULTS_TOPIC_ARN", resultsTopicArn);
    verifyQueueUrl = sqs.createQueue(b -> b.queueName("tradai-" + env + "-verification")).queueUrl();
    variables.put("VERIFY_QUEUE_URL", verifyQueueUrl);
    escalationTopicArn = clients.sns().createTopic(b -> b.name("tradai-" + env + "-remediation-escalations")).topicArn();
    escalationQueueUrl = subscribedQueue(escalationTopicArn, "tradai-" + env + "-escalations-inbox");
    variables.put("ESCALATION_TOPIC_ARN", escalationTopicArn);
    return this;
  }

  /** A new queue subscribed (sqs protocol, envelope delivery) to the topic; returns its URL. */
  public String subscribedQueue(String topicArn, String queueName) {
    String url = sqs.createQueue(b -> b.queueName(queueName)).queueUrl();
    String arn = sqs.getQueueAttributes(b -> b.queueUrl(url)
        .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
    clients.sns().subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(arn));
    return url;
  }

  /** The queue scheduled checks wait on (SQS DelaySeconds). */
  public String verifyQueueUrl() {
    return verifyQueueUrl;
  }

  public String escalationTopicArn() {
    return escalationTopicArn;
  }

  /** An SQS queue subscribed to the escalation topic. */
  public String escalationQueueUrl() {
    return escalationQueueUrl;
  }

  /** The function's environment variables for this emulated environment. */
  public Map<String, String> variables() {
    return Map.copyOf(variables);
  }

  public Map<String, String> variables(Map<String, String> extra) {
    Map<String, String> v = new HashMap<>(variables);
    v.putAll(extra);
    return v;
  }

  public EcsClient ecs() {
    return clients.ecs();
  }

  public SqsClient sqs() {
    return sqs;
  }

  public SnsClient sns() {
    return clients.sns();
  }

  public String resultsQueueUrl() {
    return resultsQueueUrl;
  }

  public String resultsTopicArn() {
    return resultsTopicArn;
  }

  public int desiredCount(String serviceName) {
    return ecs().describeServices(b -> b.cluster("tradai-" + env).services(serviceName))
        .services().getFirst().desiredCount();
  }

  @Override
  public void close() {
    sqs.close();
    clients.close();
  }
}
