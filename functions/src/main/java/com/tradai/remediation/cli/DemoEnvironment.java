package com.tradai.remediation.cli;

import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.handler.Config;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * A tradai-{env} environment on an emulator: the ECS cluster with the backend service, the results
 * topic and a queue subscribed to it, the ledger table, and the kill-switch parameter (off). Used by
 * the demo and by the end-to-end tests.
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
    v.put("LEDGER_TABLE", "tradai-" + env + "-remediation-ledger");
    v.put("KILL_SWITCH_PARAMETER", "/tradai/" + env + "/remediation/kill-switch");
    v.put("POLICY_PARAMETER", "/tradai/" + env + "/remediation/policy");
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
    SnsClient sns = clients.sns();
    resultsTopicArn = sns.createTopic(b -> b.name("tradai-" + env + "-remediation-results")).topicArn();
    resultsQueueUrl = sqs.createQueue(b -> b.queueName("tradai-" + env + "-results-inbox")).queueUrl();
    String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(resultsQueueUrl)
        .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
    sns.subscribe(b -> b.topicArn(resultsTopicArn).protocol("sqs").endpoint(queueArn));
    variables.put("RESULTS_TOPIC_ARN", resultsTopicArn);
    createLedger();
    killSwitch("off");
    return this;
  }

  /** The ledger table as the stack creates it: pk/sk strings, on demand, TTL on expiresAt. */
  private void createLedger() {
    DynamoDbClient ddb = clients.dynamoDb();
    String table = ledgerTable();
    ddb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
            a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH),
            k -> k.attributeName("sk").keyType(KeyType.RANGE)));
    ddb.updateTimeToLive(b -> b.tableName(table)
        .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
  }

  public String ledgerTable() {
    return variables.get("LEDGER_TABLE");
  }

  /** Sets the kill-switch parameter: "off", or anything else (e.g. "on: incident 4711") to engage. */
  public DemoEnvironment killSwitch(String value) {
    clients.ssm().putParameter(b -> b.name(variables.get("KILL_SWITCH_PARAMETER")).value(value)
        .type(ParameterType.STRING).overwrite(true));
    return this;
  }

  /** Sets the run-time policy override: a JSON object merged over policy/{env}.json. */
  public DemoEnvironment policyOverride(String json) {
    clients.ssm().putParameter(b -> b.name(variables.get("POLICY_PARAMETER")).value(json)
        .type(ParameterType.STRING).overwrite(true));
    return this;
  }

  public DynamoDbClient dynamoDb() {
    return clients.dynamoDb();
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
