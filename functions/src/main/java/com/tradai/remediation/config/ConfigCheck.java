package com.tradai.remediation.config;

import com.tradai.remediation.alarm.AlarmIntake;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The shape of every variable a function reads, checked once when the function starts, so that a
 * bad value is answered with one message naming the variable instead of a stack trace on the first
 * AWS call. Pure: the environment in, the problems out. An unset or empty optional variable is
 * never a problem: it keeps its documented meaning (no topic: nothing published; no ledger: plan
 * only).
 *
 * <p>{@code sam local invoke} sets a variable whose template value is a {@code Ref} to the
 * resource's logical id ({@code LEDGER_TABLE=LedgerTable}); such a value is named as that, with
 * what to do about it.
 */
public final class ConfigCheck {
  private ConfigCheck() {}

  private static final String REGION = "[a-z]{2}(-[a-z]+)+-\\d";
  private static final Pattern SNS_TOPIC_ARN =
      Pattern.compile(
          "arn:aws(-[a-z]+)*:sns:" + REGION + ":\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?");
  private static final Pattern SQS_QUEUE_ARN =
      Pattern.compile("arn:aws(-[a-z]+)*:sqs:" + REGION + ":\\d{12}:[A-Za-z0-9_-]{1,80}(\\.fifo)?");

  /** Path of an SQS queue URL: /{account}/{queue name}. */
  private static final Pattern SQS_QUEUE_PATH =
      Pattern.compile("/\\d{12}/[A-Za-z0-9_-]{1,80}(\\.fifo)?");

  private static final Pattern DYNAMODB_TABLE = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

  /** An SSM parameter name: a path (/a/b) or a plain name; letters, digits and _.-/ only. */
  private static final Pattern SSM_PARAMETER =
      Pattern.compile("/?[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");

  private static final Pattern AWS_REGION = Pattern.compile(REGION);

  /** What a CloudFormation logical id looks like: a capital, then letters and digits only. */
  private static final Pattern LOGICAL_ID = Pattern.compile("[A-Z][A-Za-z0-9]*");

  /** What sam local invoke sets for any {@code Fn::GetAtt [X, Arn]}: a Lambda ARN named X. */
  private static final Pattern SAM_GET_ATT_ARN =
      Pattern.compile("arn:aws:lambda:" + REGION + ":\\d{12}:function:[A-Z][A-Za-z0-9]*");

  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern ALB = Pattern.compile("app/[A-Za-z0-9-]{1,32}(/[0-9a-f]+)?");
  private static final Pattern TARGET_GROUP =
      Pattern.compile("targetgroup/[A-Za-z0-9-]{1,32}(/[0-9a-f]+)?");

  /** Each problem names its variable; empty when the environment is fit to run. */
  public static List<String> problems(Map<String, String> env) {
    List<String> out = new ArrayList<>();
    String environment = env.get("TRADAI_ENV");
    if (environment == null || !AlarmIntake.ENVIRONMENTS.contains(environment)) {
      out.add(
          "TRADAI_ENV is '"
              + (environment == null ? "" : environment)
              + "'; set it to dev, staging or prod (the environment this function serves)");
    }
    shape(env, "TRADAI_PROJECT", out, NAME.asMatchPredicate(), "a name like tradai");
    shape(env, "AWS_REGION", out, AWS_REGION.asMatchPredicate(), "a region like eu-west-1");
    shape(
        env,
        "AWS_ENDPOINT_URL",
        out,
        ConfigCheck::httpUrl,
        "an http(s) URL like http://127.0.0.1:5000");
    for (String topic : List.of("RESULTS_TOPIC_ARN", "ESCALATION_TOPIC_ARN")) {
      shape(
          env,
          topic,
          out,
          SNS_TOPIC_ARN.asMatchPredicate(),
          "an SNS topic ARN like arn:aws:sns:eu-west-1:123456789012:tradai-dev-remediation-results");
    }
    shape(
        env,
        "VERIFY_QUEUE_URL",
        out,
        v -> httpUrl(v) && SQS_QUEUE_PATH.matcher(URI.create(v).getPath()).matches(),
        "an SQS queue URL like https://sqs.eu-west-1.amazonaws.com/123456789012/tradai-dev-remediation-verify");
    shape(
        env,
        "VERIFICATION_QUEUE_ARN",
        out,
        SQS_QUEUE_ARN.asMatchPredicate(),
        "an SQS queue ARN like arn:aws:sqs:eu-west-1:123456789012:tradai-dev-remediation-verify");
    shape(
        env,
        "CHAT_COMMAND_QUEUE_URL",
        out,
        v -> httpUrl(v) && SQS_QUEUE_PATH.matcher(URI.create(v).getPath()).matches(),
        "an SQS queue URL like https://sqs.eu-west-1.amazonaws.com/123456789012/tradai-prod-operator-commands");
    shape(
        env,
        "LEDGER_TABLE",
        out,
        named(DYNAMODB_TABLE),
        "a DynamoDB table name like tradai-dev-remediation-ledger");
    for (String parameter : List.of("KILL_SWITCH_PARAMETER", "POLICY_PARAMETER")) {
      shape(
          env,
          parameter,
          out,
          named(SSM_PARAMETER),
          "an SSM parameter name like /tradai/dev/remediation/kill-switch");
    }
    shape(env, "DRY_RUN", out, v -> Config.parseBool(v).isPresent(), "true or false");
    shape(
        env,
        "OWN_ACCOUNT_ID",
        out,
        v -> v.matches("\\d{12}"),
        "a 12-digit account id like 123456789012");
    for (String number :
        List.of(
            "AWS_MAX_ATTEMPTS",
            "API_CALLER_TIMEOUT_SECONDS",
            "HTTP_PROBE_TIMEOUT_MS",
            "ALARM_MAX_AGE_MINUTES")) {
      shape(env, number, out, ConfigCheck::positiveInt, "a whole number above 0");
    }
    for (String file : List.of("METRICS_REPLAY_FILE", "ROUTING_FILE", "POLICY_FILE")) {
      shape(env, file, out, v -> Files.isReadable(Path.of(v)), "a readable file");
    }
    for (String urls : List.of("EXCHANGE_ENDPOINTS", "HEALTH_ENDPOINTS")) {
      shape(
          env,
          urls,
          out,
          v -> Config.list(v).stream().allMatch(ConfigCheck::httpUrl),
          "comma-separated http(s) URLs");
    }
    for (String names : List.of("LAMBDA_FUNCTIONS", "API_FUNCTIONS", "HEALTH_SERVICES")) {
      shape(
          env,
          names,
          out,
          v -> Config.list(v).stream().allMatch(NAME.asMatchPredicate()),
          "comma-separated names (letters, digits, - and _)");
    }
    shape(env, "LAMBDA_ALIAS", out, NAME.asMatchPredicate(), "an alias name like live");
    shape(
        env,
        "OPERATOR_ROLE_ARNS",
        out,
        v -> Config.list(v).stream().allMatch(ROLE_ARN.asMatchPredicate()),
        "comma-separated IAM role ARNs like arn:aws:iam::123456789012:role/tradai-oncall");
    shape(env, "ECS_CLUSTER", out, NAME.asMatchPredicate(), "a cluster name like tradai-dev");
    shape(
        env,
        "RDS_INSTANCE",
        out,
        NAME.asMatchPredicate(),
        "a DB instance identifier like tradai-dev");
    shape(
        env,
        "ALB_LOAD_BALANCER",
        out,
        ALB.asMatchPredicate(),
        "the ALB dimension value app/<name>/<id>");
    shape(
        env,
        "ALB_BACKEND_TARGET_GROUP",
        out,
        TARGET_GROUP.asMatchPredicate(),
        "the target group dimension value targetgroup/<name>/<id>");
    return out;
  }

  /** All problems in one sentence, or nothing. */
  public static java.util.Optional<String> message(Map<String, String> env) {
    List<String> problems = problems(env);
    return problems.isEmpty()
        ? java.util.Optional.empty()
        : java.util.Optional.of(
            "Configuration refused, nothing was done: " + String.join("; ", problems));
  }

  private static void shape(
      Map<String, String> env,
      String name,
      List<String> out,
      Predicate<String> fits,
      String expected) {
    String value = env.get(name);
    if (value == null || value.isBlank() || fits.test(value.trim())) {
      return;
    }
    String v = value.trim();
    String shown = v.length() > 80 ? v.substring(0, 80) + "…" : v;
    out.add(
        name
            + " is '"
            + shown
            + "'; expected "
            + expected
            + (looksLikeLogicalId(v)
                ? " (this is a CloudFormation logical id: sam local invoke sets a Ref to it; give the"
                    + " deployed value in --env-vars, or an empty one for a plan-only run)"
                : SAM_GET_ATT_ARN.matcher(v).matches()
                    ? " (this is sam local invoke's stand-in for the Fn::GetAtt Arn of a CloudFormation logical"
                        + " id; give the deployed value in --env-vars, or an empty one for a plan-only run)"
                    : ""));
  }

  /** A resource name that is not a bare logical id (those are what SAM puts where a Ref was). */
  private static Predicate<String> named(Pattern name) {
    return v -> name.matcher(v).matches() && !looksLikeLogicalId(v);
  }

  static boolean looksLikeLogicalId(String v) {
    return LOGICAL_ID.matcher(v).matches();
  }

  private static boolean httpUrl(String v) {
    try {
      URI uri = new URI(v);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static boolean positiveInt(String v) {
    try {
      return Integer.parseInt(v) > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
