package com.tradai.infra;

import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudtrail.AddEventSelectorOptions;
import software.amazon.awscdk.services.cloudtrail.ReadWriteType;
import software.amazon.awscdk.services.cloudtrail.Trail;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.constructs.Construct;

/**
 * With {@code operators.cloudTrailDataEvents}, a trail of the operator function's Lambda data
 * events only (each Invoke, with the caller's {@code userIdentity}): no management events, so it
 * does not duplicate an account trail. Its bucket is encrypted, TLS-only, private and versioned,
 * kept when the stack is deleted, and logs its access to a second bucket. Off by default: data
 * events cost per event, and an organization trail may already record them.
 */
final class OperatorTrail {
  static final String KEY = "operators.cloudTrailDataEvents";

  private OperatorTrail() {}

  static boolean enabled(EnvConfig cfg) {
    return cfg.operators() != null && Boolean.TRUE.equals(cfg.operators().cloudTrailDataEvents());
  }

  static void addIfEnabled(Construct stack, EnvConfig cfg, Alias operator) {
    if (!enabled(cfg)) {
      return;
    }
    Bucket accessLogs = bucket(stack, "OperatorTrailAccessLogs", null, cfg.logRetentionDays());
    Bucket logs = bucket(stack, "OperatorTrailBucket", accessLogs, cfg.logRetentionDays());
    Trail trail =
        Trail.Builder.create(stack, "OperatorTrail")
            .trailName(cfg.stackName() + "-operator")
            .bucket(logs)
            .managementEvents(ReadWriteType.NONE)
            .includeGlobalServiceEvents(false)
            .isMultiRegionTrail(false)
            .enableFileValidation(true)
            .build();
    trail.addLambdaEventSelector(
        List.of(operator.getVersion().getLambda()),
        AddEventSelectorOptions.builder()
            .includeManagementEvents(false)
            .readWriteType(ReadWriteType.ALL)
            .build());
    CfnOutput.Builder.create(stack, "OperatorTrailBucketName")
        .value(logs.getBucketName())
        .description("who invoked the operator function: CloudTrail Lambda data events")
        .build();
  }

  private static Bucket bucket(Construct stack, String id, Bucket accessLogs, int retentionDays) {
    Bucket.Builder b =
        Bucket.Builder.create(stack, id)
            .encryption(BucketEncryption.S3_MANAGED)
            .enforceSsl(true)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .versioned(true)
            .removalPolicy(RemovalPolicy.RETAIN)
            .lifecycleRules(
                List.of(
                    LifecycleRule.builder()
                        .expiration(Duration.days(Math.max(retentionDays, 90)))
                        .noncurrentVersionExpiration(Duration.days(30))
                        .build()));
    if (accessLogs != null) {
      b.serverAccessLogsBucket(accessLogs).serverAccessLogsPrefix("operator-trail/");
    }
    return b.build();
  }
}
