package com.tradai.remediation.aws;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.core.warmup.http.CannedResponseHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The SDK half of priming: twins of the clients make each call once against canned answers; run on
 * the remediation function's {@code ColdStartWarmUp} thread, which SnapStart's {@code
 * SnapStartPriming} waits for.
 *
 * <p>The SDK's request path of every call a remediation makes (GetParameters, Query,
 * TransactWriteItems, DescribeServices, UpdateService, Publish), run once against canned answers:
 * the SDK's own {@link CannedResponseHttpClient} replies in-process, so request marshalling,
 * endpoint rules, signing, the retry strategy and response parsing are loaded and linked while no
 * request leaves the process. Twins of the real clients do it (same region, retry strategy and
 * endpoint rules; a canned HTTP client, made-up credentials, no interceptors), so nothing is
 * counted as an AWS call and the real clients stay as they are.
 */
public final class SdkClientPriming {
  /** The services a remediation calls on every alarm it acts on, in the order a run calls them. */
  public enum Service {
    SSM,
    DYNAMODB,
    ECS,
    SNS
  }

  private static final String PARAMETERS =
      """
      {"Parameters":[{"Name":"/tradai/primed/kill-switch","Type":"String","Value":"off","Version":1}],
       "InvalidParameters":["/tradai/primed/policy"]}""";
  private static final String ITEMS =
      """
      {"Count":1,"ScannedCount":1,"Items":[{"pk":{"S":"AUDIT#primed"},"sk":{"S":"~ATTEMPT#primed"},
       "expiresAt":{"N":"1"},"changes":{"L":[{"M":{"kind":{"S":"primed"}}}]},"done":{"BOOL":true}}]}""";
  // One body for reads and writes: the JSON parsers skip members an operation does not have.
  private static final String SERVICES =
      """
      {"services":[{"serviceName":"primed","clusterArn":"arn:aws:ecs:eu-west-1:123456789012:cluster/primed",
       "status":"ACTIVE","desiredCount":2,"runningCount":2,"pendingCount":0,
       "taskDefinition":"arn:aws:ecs:eu-west-1:123456789012:task-definition/primed:1",
       "deployments":[{"id":"ecs-svc/1","status":"PRIMARY","desiredCount":2,"runningCount":2,
       "rolloutState":"COMPLETED"}]}],"failures":[],
       "service":{"serviceName":"primed","desiredCount":3,"status":"ACTIVE"}}""";
  private static final String PUBLISHED =
      """
      <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>\
      <MessageId>primed</MessageId></PublishResult></PublishResponse>""";

  private SdkClientPriming() {}

  /** Primes these services; returns what failed, one line each (empty: every call completed). */
  public static List<String> prime(AwsClients aws, Set<Service> services) {
    List<String> failed = new ArrayList<>();
    for (Service service : services) {
      try {
        switch (service) {
          case SSM ->
              call(
                  aws.twin(SsmClient.builder(), canned(PARAMETERS)),
                  ssm ->
                      ssm.getParameters(
                          b ->
                              b.names("/tradai/primed/kill-switch", "/tradai/primed/policy")
                                  .withDecryption(true)));
          case DYNAMODB ->
              call(aws.twin(DynamoDbClient.builder(), canned(ITEMS)), SdkClientPriming::ledger);
          case ECS ->
              call(
                  aws.twin(EcsClient.builder(), canned(SERVICES)),
                  ecs -> {
                    ecs.describeServices(b -> b.cluster("primed").services("primed"));
                    ecs.updateService(b -> b.cluster("primed").service("primed").desiredCount(3));
                  });
          case SNS ->
              call(
                  aws.twin(SnsClient.builder(), canned(PUBLISHED)),
                  sns ->
                      sns.publish(
                          b ->
                              b.topicArn("arn:aws:sns:eu-west-1:123456789012:primed")
                                  .subject("primed")
                                  .messageStructure("json")
                                  .message("{\"default\":\"primed\"}")
                                  .messageAttributes(
                                      Map.of(
                                          "env",
                                          MessageAttributeValue.builder()
                                              .dataType("String")
                                              .stringValue("primed")
                                              .build()))));
        }
      } catch (RuntimeException e) {
        failed.add(service + ": " + e);
      }
    }
    return failed;
  }

  /**
   * The ledger's shapes: a key-condition Query, and a transaction of a conditional put and an
   * update.
   */
  private static void ledger(DynamoDbClient ddb) {
    AttributeValue pk = AttributeValue.fromS("AUDIT#primed");
    ddb.query(
        b ->
            b.tableName("primed")
                .keyConditionExpression("pk = :pk AND sk >= :from")
                .expressionAttributeValues(Map.of(":pk", pk, ":from", AttributeValue.fromS("~")))
                .consistentRead(true));
    ddb.transactWriteItems(
        b ->
            b.transactItems(
                TransactWriteItem.builder()
                    .put(
                        p ->
                            p.tableName("primed")
                                .item(
                                    Map.of(
                                        "pk",
                                        pk,
                                        "sk",
                                        AttributeValue.fromS("CLAIM"),
                                        "expiresAt",
                                        AttributeValue.fromN("1"),
                                        "changes",
                                        AttributeValue.fromL(
                                            List.of(
                                                AttributeValue.fromM(
                                                    Map.of("n", AttributeValue.fromN("2"))))),
                                        "done",
                                        AttributeValue.fromBool(false)))
                                .conditionExpression("attribute_not_exists(pk)"))
                    .build(),
                TransactWriteItem.builder()
                    .update(
                        u ->
                            u.tableName("primed")
                                .key(Map.of("pk", pk, "sk", AttributeValue.fromS("LOCK")))
                                .updateExpression("SET #s = :s")
                                .expressionAttributeNames(Map.of("#s", "status"))
                                .expressionAttributeValues(
                                    Map.of(":s", AttributeValue.fromS("APPLIED"))))
                    .build()));
  }

  private static <C extends SdkAutoCloseable> void call(C client, Consumer<C> calls) {
    try (client) {
      calls.accept(client);
    }
  }

  private static CannedResponseHttpClient canned(String body) {
    return CannedResponseHttpClient.builder()
        .statusCode(200)
        .responseBody(body.getBytes(StandardCharsets.UTF_8))
        .build();
  }
}
