package com.tradai.remediation.cli;

import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.config.PolicyLoader;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.report.VerificationStatus;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A tradai-{env} environment on an emulator: the ECS cluster with the backend service, the results
 * topic and a queue subscribed to it, the verification queue, the escalation topic with a queue
 * subscribed to it, the ledger table and the kill-switch parameter (off). Used by the demo and by
 * the end-to-end tests.
 */
public final class DemoEnvironment implements AutoCloseable {
  public static final String REGION = "eu-west-1";
  public static final String ACCOUNT = "123456789012";

  /**
   * Ten years: recorded alarms are replayed here, however old; a deployed function keeps 15 min.
   */
  public static final String REPLAYS_MAX_AGE_MINUTES = "5256000";

  private final String env;
  private final Map<String, String> variables;
  private final AwsClients clients;
  private final SqsClient sqs;
  private String resultsQueueUrl;
  private String resultsTopicArn;
  private String verifyQueueUrl;
  private String verifyQueueArn;
  private String escalationTopicArn;
  private String escalationQueueUrl;

  /**
   * Fake credentials (moto accepts any), distinctive so that a leak is findable: the whole test
   * suite's captured output is scanned for them ({@code WholeSuiteLogScanTest}).
   */
  public static final String ACCESS_KEY_ID = "AKIA" + "TRADAI0DEMO0KEYS";

  public static final String SECRET_ACCESS_KEY = "tradai-demo-secret/" + "Zq4Lw8Nx2Vb6Mc0Ht3Jr7Kp1";

  public DemoEnvironment(String endpoint, String env) {
    this.env = env;
    Map<String, String> v = new HashMap<>();
    v.put("TRADAI_PROJECT", "tradai");
    v.put("TRADAI_ENV", env);
    v.put("AWS_REGION", REGION);
    v.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
    v.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
    v.put("AWS_ENDPOINT_URL", endpoint);
    v.put("AWS_MAX_ATTEMPTS", "2");
    // the operator function accepts a change only from this role's sessions
    // (testing.OperatorSigning)
    v.put("OPERATOR_ROLE_ARNS", com.tradai.remediation.testing.OperatorSigning.ONCALL_ROLE);
    v.put("OWN_ACCOUNT_ID", ACCOUNT);
    // the emulated environment replays recorded alarms (2026-11-27): let them act whatever their
    // age
    v.put("ALARM_MAX_AGE_MINUTES", REPLAYS_MAX_AGE_MINUTES);
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
  @SuppressWarnings("unchecked") // the SDK's builder-Consumer varargs; javac cannot prove them safe
  public DemoEnvironment seed(int desired, int cpu, int memoryMb) {
    EcsClient ecs = clients.ecs();
    String cluster = "tradai-" + env;
    String service = "tradai-backend-" + env;
    ecs.createCluster(b -> b.clusterName(cluster));
    String taskDef =
        ecs.registerTaskDefinition(
                b ->
                    b.family(service)
                        .requiresCompatibilities(Compatibility.FARGATE)
                        .networkMode(NetworkMode.AWSVPC)
                        .cpu(String.valueOf(cpu))
                        .memory(String.valueOf(memoryMb))
                        .containerDefinitions(
                            c ->
                                c.name("backend")
                                    .image("tradai/backend:1.0")
                                    .essential(true)
                                    .portMappings(p -> p.containerPort(8000))))
            .taskDefinition()
            .taskDefinitionArn();
    ecs.createService(
        b ->
            b.cluster(cluster)
                .serviceName(service)
                .taskDefinition(taskDef)
                .desiredCount(desired)
                .launchType(LaunchType.FARGATE));
    settle(cluster, service, desired);
    resultsTopicArn =
        clients.sns().createTopic(b -> b.name("tradai-" + env + "-remediation-results")).topicArn();
    resultsQueueUrl = subscribedQueue(resultsTopicArn, "tradai-" + env + "-results-inbox");
    variables.put("RESULTS_TOPIC_ARN", resultsTopicArn);
    verifyQueueUrl = verificationQueue();
    variables.put("VERIFY_QUEUE_URL", verifyQueueUrl);
    variables.put("VERIFICATION_QUEUE_ARN", verifyQueueArn);
    escalationTopicArn =
        clients
            .sns()
            .createTopic(b -> b.name("tradai-" + env + "-remediation-escalations"))
            .topicArn();
    escalationQueueUrl =
        subscribedQueue(escalationTopicArn, "tradai-" + env + "-escalations-inbox");
    variables.put("ESCALATION_TOPIC_ARN", escalationTopicArn);
    ensureLedger();
    return this;
  }

  private boolean ledgerReady;

  /** Every emulated environment has its ledger and kill switch (off), as the stack deploys them. */
  private void ensureLedger() {
    if (!ledgerReady) {
      createLedger();
      killSwitch("off");
      seedSampleAlarms();
      ledgerReady = true;
    }
  }

  /**
   * The sample events (events/) whose alarm is in ALARM: each names an alarm CloudWatch must hold.
   * The composite's is not among them: moto cannot create composite alarms (PutCompositeAlarm
   * answers 500), and a composite is not confirmed itself; each alarm it follows is.
   */
  public static final List<String> SAMPLE_ALARM_EVENTS =
      List.of(
          "alarm-action-api-latency-alarm.json",
          "alarm-action-dynamodb-throttle-alarm.json",
          "eventbridge-api-latency-alarm.json",
          "eventbridge-ecs-memory-alarm.json",
          "eventbridge-lambda-errors-alarm.json",
          "sns-api-latency-alarm.json",
          "sns-backtest-memory-alarm.json",
          "sns-ecs-cpu-alarm.json",
          "sns-exchange-errors-alarm.json",
          "sns-lambda-duration-alarm.json",
          "sns-rds-cpu-alarm.json");

  /**
   * Creates in CloudWatch (moto) the alarm of every sample event, renamed for this environment
   * ("-dev" → "-{env}"), each in ALARM, as the stack's alarms would be when they fire: the
   * remediation function acts only on an alarm CloudWatch confirms. Every seeded environment has
   * them ({@link #seed} and the other seed methods call this once).
   */
  public DemoEnvironment seedSampleAlarms() {
    for (String event : SAMPLE_ALARM_EVENTS) {
      String text = new String(readEvent(event), StandardCharsets.UTF_8);
      seedAlarms(text.replace("-dev", "-" + env).getBytes(StandardCharsets.UTF_8));
    }
    return this;
  }

  /**
   * Creates in CloudWatch (moto) the alarm each delivery names, with the delivery's own definition
   * (namespace, metric, dimensions, statistic, period, threshold, comparison), and sets it to the
   * delivery's state. A test that sends a delivery of its own making seeds it with this first; one
   * it means to be forged, it does not. A composite delivery is skipped (moto cannot hold one).
   */
  public DemoEnvironment seedAlarms(byte[]... deliveries) {
    for (byte[] delivery : deliveries) {
      if (new com.tradai.remediation.alarm.AlarmIntake("tradai").parse(delivery)
              instanceof com.tradai.remediation.alarm.Intake.Accepted a
          && !a.alarm().isComposite()) {
        putAlarm(a.alarm());
      }
    }
    return this;
  }

  /** Creates (or redefines) one alarm in CloudWatch with the alarm's definition and state. */
  public DemoEnvironment putAlarm(com.tradai.remediation.alarm.Alarm alarm) {
    Map<String, String> p = new java.util.LinkedHashMap<>();
    p.put("AlarmName", alarm.name());
    var m =
        alarm
            .metric()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "only single-metric alarms are seeded; " + alarm.name() + " has none"));
    p.put("Namespace", m.namespace());
    p.put("MetricName", m.name());
    int i = 1;
    for (var d : new java.util.TreeMap<>(m.dimensions()).entrySet()) {
      p.put("Dimensions.member." + i + ".Name", d.getKey());
      p.put("Dimensions.member." + i++ + ".Value", d.getValue());
    }
    boolean plain =
        java.util.Set.of("SampleCount", "Average", "Sum", "Minimum", "Maximum")
            .contains(m.statistic());
    p.put(plain ? "Statistic" : "ExtendedStatistic", m.statistic());
    p.put("Period", String.valueOf(m.periodSeconds()));
    p.put("EvaluationPeriods", "1");
    p.put("Threshold", String.valueOf(m.threshold().orElse(0.0)));
    p.put("ComparisonOperator", m.comparison().orElse("GreaterThanThreshold"));
    cloudWatch().call("PutMetricAlarm", p);
    return alarmState(alarm.name(), alarm.state().name());
  }

  /**
   * Sets an alarm's state in CloudWatch, as an evaluation (or a person with SetAlarmState) would.
   */
  public DemoEnvironment alarmState(String alarmName, String state) {
    cloudWatch()
        .call(
            "SetAlarmState",
            Map.of(
                "AlarmName",
                alarmName,
                "StateValue",
                state,
                "StateReason",
                "seeded by the test environment"));
    return this;
  }

  /**
   * CloudWatch's alarms as the remediation function reads them (query protocol, on this emulator).
   */
  public com.tradai.remediation.ports.AlarmLookup alarms() {
    return clients.alarms();
  }

  private com.tradai.remediation.aws.AwsQueryCall cloudWatch() {
    if (cloudWatchQuery == null) {
      cloudWatchQuery = clients.cloudWatchQuery();
    }
    return cloudWatchQuery;
  }

  private com.tradai.remediation.aws.AwsQueryCall cloudWatchQuery;

  private static byte[] readEvent(String name) {
    try (java.io.InputStream in = DemoEnvironment.class.getResourceAsStream("/events/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample event /events/" + name);
      }
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The ledger table as the stack creates it: pk/sk strings, on demand, TTL on expiresAt. */
  @SuppressWarnings("unchecked") // the SDK's builder-Consumer varargs; javac cannot prove them safe
  private void createLedger() {
    DynamoDbClient ddb = clients.dynamoDb();
    String table = ledgerTable();
    ddb.createTable(
        b ->
            b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                    a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                .keySchema(
                    k -> k.attributeName("pk").keyType(KeyType.HASH),
                    k -> k.attributeName("sk").keyType(KeyType.RANGE)));
    ddb.updateTimeToLive(
        b ->
            b.tableName(table)
                .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
  }

  /**
   * Drops every ledger record (idempotency, locks, cooldowns, audits): a fresh start for the bench.
   */
  public void emptyLedger() {
    clients.dynamoDb().deleteTable(b -> b.tableName(ledgerTable()));
    createLedger();
  }

  public String ledgerTable() {
    return variables.get("LEDGER_TABLE");
  }

  /**
   * Sets the kill-switch parameter: "off", or anything else (e.g. "on: incident 4711") to engage.
   */
  public DemoEnvironment killSwitch(String value) {
    putParameter(variables.get("KILL_SWITCH_PARAMETER"), value);
    return this;
  }

  /** Sets the run-time policy override: a JSON object merged over policy/{env}.json. */
  public DemoEnvironment policyOverride(String json) {
    putParameter(variables.get("POLICY_PARAMETER"), json);
    return this;
  }

  /** Writes a String parameter (overwriting), as an operator would; never on a fix's path. */
  private void putParameter(String name, String value) {
    clients
        .ssm()
        .putParameter(
            b ->
                b.name(name)
                    .value(value)
                    .type(software.amazon.awssdk.services.ssm.model.ParameterType.STRING)
                    .overwrite(true));
  }

  public DynamoDbClient dynamoDb() {
    return clients.dynamoDb();
  }

  public software.amazon.awssdk.services.ssm.SsmClient ssm() {
    return clients.ssm();
  }

  /** A new queue subscribed (sqs protocol, envelope delivery) to the topic; returns its URL. */
  public String subscribedQueue(String topicArn, String queueName) {
    String url = sqs.createQueue(b -> b.queueName(queueName)).queueUrl();
    String arn =
        sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    clients.sns().subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(arn));
    return url;
  }

  /**
   * The verification queue as the stack builds it: a queue delay of the policy's verification
   * delaySeconds, subscribed to the results topic with raw delivery and a filter on the message
   * attribute verification = SCHEDULED, so only a fix's report arrives, and only when it is due.
   */
  private String verificationQueue() {
    int delay = new PolicyLoader(Json.MAPPER).verificationFor(env).delaySeconds();
    String url =
        sqs.createQueue(
                b ->
                    b.queueName("tradai-" + env + "-verification")
                        .attributes(
                            Map.of(QueueAttributeName.DELAY_SECONDS, String.valueOf(delay))))
            .queueUrl();
    String arn =
        sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    verifyQueueArn = arn;
    clients
        .sns()
        .subscribe(
            b ->
                b.topicArn(resultsTopicArn)
                    .protocol("sqs")
                    .endpoint(arn)
                    .attributes(
                        Map.of(
                            "RawMessageDelivery",
                            "true",
                            "FilterPolicy",
                            "{\"verification\":[\""
                                + VerificationStatus.SCHEDULED.name()
                                + "\"]}")));
    return url;
  }

  /**
   * The queue scheduled checks wait on (the queue's DelaySeconds; the verifier's re-checks set
   * their own).
   */
  public String verifyQueueUrl() {
    return verifyQueueUrl;
  }

  /**
   * The verification queue's ARN: the eventSourceARN of the records Lambda would deliver from it.
   */
  public String verifyQueueArn() {
    return verifyQueueArn;
  }

  /**
   * An SQS event of one record from the verification queue, as Lambda's event source mapping sends
   * it.
   */
  public byte[] verificationEvent(String messageId, String body) {
    var event = Json.MAPPER.createObjectNode();
    event
        .putArray("Records")
        .addObject()
        .put("messageId", messageId)
        .put("eventSource", "aws:sqs")
        .put("eventSourceARN", verifyQueueArn)
        .put("body", body);
    try {
      return Json.MAPPER.writeValueAsBytes(event);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
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

  public LambdaClient lambda() {
    return clients.lambda();
  }

  public RdsClient rds() {
    return clients.rds();
  }

  public CloudWatchLogsClient logs() {
    return clients.logs();
  }

  /**
   * moto starts no tasks, so a new service reports 0 running; an update-service to the same
   * desiredCount makes moto report every desired task running, as a steady service would.
   */
  private void settle(String cluster, String service, int desired) {
    clients.ecs().updateService(b -> b.cluster(cluster).service(service).desiredCount(desired));
  }

  /**
   * An ECS service in the cluster (created if missing) with its own task definition; with {@code
   * tasksRunning} false it stays at 0 running, like a service whose tasks cannot be placed.
   */
  @SuppressWarnings("unchecked") // the SDK's builder-Consumer varargs; javac cannot prove them safe
  public String seedService(
      String shortName, int desired, int cpu, int memoryMb, boolean tasksRunning) {
    ensureLedger();
    String cluster = "tradai-" + env;
    String service = "tradai-" + shortName + "-" + env;
    clients.ecs().createCluster(b -> b.clusterName(cluster));
    String taskDef =
        clients
            .ecs()
            .registerTaskDefinition(
                b ->
                    b.family(service)
                        .requiresCompatibilities(Compatibility.FARGATE)
                        .networkMode(NetworkMode.AWSVPC)
                        .cpu(String.valueOf(cpu))
                        .memory(String.valueOf(memoryMb))
                        .containerDefinitions(
                            c ->
                                c.name(shortName)
                                    .image("tradai/" + shortName + ":1.0")
                                    .essential(true)))
            .taskDefinition()
            .taskDefinitionArn();
    clients
        .ecs()
        .createService(
            b ->
                b.cluster(cluster)
                    .serviceName(service)
                    .taskDefinition(taskDef)
                    .desiredCount(desired)
                    .launchType(LaunchType.FARGATE));
    if (tasksRunning) {
      settle(cluster, service, desired);
    }
    return service;
  }

  /**
   * A Python function with a published version behind the alias "live". moto refuses a function
   * whose role does not exist, so the role is created first (one signed IAM query call: the IAM SDK
   * module would weigh on the Lambda jar for this alone).
   */
  public String seedLambda(String function, int memoryMb, int timeoutSeconds) {
    ensureLedger();
    String role = createRole("tradai-" + env + "-lambda-role");
    clients
        .lambda()
        .createFunction(
            b ->
                b.functionName(function)
                    .runtime(Runtime.PYTHON3_12)
                    .role(role)
                    .handler("handler.handle")
                    .memorySize(memoryMb)
                    .timeout(timeoutSeconds)
                    .code(
                        c ->
                            c.zipFile(
                                SdkBytes.fromByteArray(
                                    zip(
                                        "handler.py",
                                        "def handle(event, context):\n    return 1\n")))));
    String version = clients.lambda().publishVersion(b -> b.functionName(function)).version();
    clients
        .lambda()
        .createAlias(b -> b.functionName(function).name("live").functionVersion(version));
    return function;
  }

  public void seedRds(String instance, String instanceClass) {
    ensureLedger();
    clients
        .rds()
        .createDBInstance(
            b ->
                b.dbInstanceIdentifier(instance)
                    .dbInstanceClass(instanceClass)
                    .engine("postgres")
                    .masterUsername("tradai")
                    .masterUserPassword("not-a-secret-1")
                    .allocatedStorage(20));
  }

  /** A table keyed by "pk": on demand when {@code readUnits} is 0, else provisioned. */
  @SuppressWarnings("unchecked") // the SDK's builder-Consumer varargs; javac cannot prove them safe
  public void seedTable(String table, long readUnits, long writeUnits) {
    ensureLedger();
    clients
        .dynamoDb()
        .createTable(
            b -> {
              b.tableName(table)
                  .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                  .attributeDefinitions(
                      a -> a.attributeName("pk").attributeType(ScalarAttributeType.S));
              if (readUnits == 0) {
                b.billingMode(BillingMode.PAY_PER_REQUEST);
              } else {
                b.provisionedThroughput(
                    p -> p.readCapacityUnits(readUnits).writeCapacityUnits(writeUnits));
              }
            });
  }

  /** Writes {@code messages} to one stream of the group (created if missing), all at {@code at}. */
  public void seedLogs(String group, Instant at, List<String> messages) {
    if (clients.logs().describeLogGroups(b -> b.logGroupNamePrefix(group)).logGroups().stream()
        .noneMatch(g -> g.logGroupName().equals(group))) {
      clients.logs().createLogGroup(b -> b.logGroupName(group));
    }
    String stream = "seed-" + at.toEpochMilli();
    clients.logs().createLogStream(b -> b.logGroupName(group).logStreamName(stream));
    clients
        .logs()
        .putLogEvents(
            b ->
                b.logGroupName(group)
                    .logStreamName(stream)
                    .logEvents(
                        messages.stream()
                            .map(
                                m ->
                                    InputLogEvent.builder()
                                        .timestamp(at.toEpochMilli())
                                        .message(m)
                                        .build())
                            .toList()));
  }

  private String createRole(String name) {
    String policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + "{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    byte[] body =
        ("Action=CreateRole&Version=2010-05-08&RoleName="
                + name
                + "&AssumeRolePolicyDocument="
                + URLEncoder.encode(policy, StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(URI.create(variables.get("AWS_ENDPOINT_URL") + "/"))
            .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
            .build();
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY))
                        .request(request)
                        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "iam")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
    try (SdkHttpClient http = UrlConnectionHttpClient.create()) {
      HttpExecuteResponse r =
          http.prepareRequest(
                  HttpExecuteRequest.builder()
                      .request(signed.request())
                      .contentStreamProvider(signed.payload().orElse(null))
                      .build())
              .call();
      int status = r.httpResponse().statusCode();
      if (status != 200 && status != 409) {
        throw new IllegalStateException("moto CreateRole answered " + status);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
  }

  public static byte[] zip(String name, String content) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(out)) {
      z.putNextEntry(new java.util.zip.ZipEntry(name));
      z.write(content.getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
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
    return ecs()
        .describeServices(b -> b.cluster("tradai-" + env).services(serviceName))
        .services()
        .getFirst()
        .desiredCount();
  }

  @Override
  public void close() {
    sqs.close();
    clients.close();
  }
}
