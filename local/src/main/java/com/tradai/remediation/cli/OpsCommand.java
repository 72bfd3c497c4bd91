package com.tradai.remediation.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradai.remediation.config.PolicyLoader;
import com.tradai.remediation.guard.KillSwitch;
import com.tradai.remediation.guard.Policy;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.ledger.ActionCodec;
import com.tradai.remediation.ledger.DynamoDbLedger;
import com.tradai.remediation.ledger.Ledger;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * {@code ops}: an operator's commands against a deployed environment, with the operator's own AWS
 * credentials (the SDK's default chain, or {@code --profile}). It finds every name in the stack's
 * outputs. What changes something in the targets (approve, reject, rollback, reset-breaker) and
 * list-actions go through the operator function, so they take the same guarded path as an alarm;
 * the changing ones carry a proof of the operator's identity signed with their credentials ({@link
 * SignedPayload}), which the function has STS check. The kill switch is the SSM parameter itself;
 * status reads the parameters and the ledger.
 */
final class OpsCommand {
  static final Set<String> FLAGS =
      Set.of(
          "--env",
          "--region",
          "--profile",
          "--endpoint",
          "--project",
          "--by",
          "--target",
          "--limit",
          "--json?",
          "--reason",
          "--force?");
  static final String USAGE =
      """
      tradai-remediation ops --env ENV [--region R] [--profile P] [--endpoint URL] [--json] COMMAND

        approve PLAN                 approve a pending plan (p-... from a NEEDS_APPROVAL report):
                                     every guard runs again, then the plan is applied once
        reject PLAN                  reject a pending plan; nothing changes
        rollback AUDIT               restore what an applied change replaced (its audit id)
        list-actions [--target NAME] [--limit N]
                                     the newest audit records, of one resource with --target
        reset-breaker                close the environment's circuit breaker
        kill-switch on REASON        stop every change at once, e.g. kill-switch on incident 4711
        kill-switch off              let the guardrails decide again
        mode RUNBOOK shadow|approve|act [--reason TEXT] [--force]
                                     set a runbook's mode now (audited); a looser mode must
                                     clear the policy's track-record bar unless --force
        promote RUNBOOK [--force --reason TEXT]
                                     shadow -> approve -> act, one step; prints the track record
                                     first and refuses below the bar unless --force with a reason
        status                       kill switch, breaker, modes and track records, pending
                                     plans, last actions, and the escalation topic's
                                     confirmed and pending subscriptions

        --env ENV        dev, staging or prod (the stack is {project}-remediation-{env})
        --project NAME   the name prefix (default tradai)
        --region R       the stack's region (default: AWS_REGION, AWS_DEFAULT_REGION, then the
                         profile's region, as the AWS CLI does)
        --profile P      the credentials profile (default: the SDK's default chain)
        --endpoint URL   send every AWS call to URL (an emulator)
        --by NAME        a note recorded beside your identity (default: your user name); who
                         you are is what AWS authenticates from your credentials
        --json           print JSON instead of a table
      Exit status: 0 done, 1 refused or failed (the reason is printed), 2 bad arguments.
      """;
  static final List<String> ENVIRONMENTS = List.of("dev", "staging", "prod");
  private static final Pattern PLAN = Pattern.compile("^p-\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{8}$");
  private static final Pattern AUDIT = Pattern.compile("^\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{8}$");
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9._-]{1,140}$");
  private static final Pattern WHO = Pattern.compile("[^A-Za-z0-9@._+-]");

  /** The parsed command line: the flags and the words (the command and its arguments). */
  record Args(Options options, List<String> words) {
    static Args parse(String[] args) {
      List<String> flags = new ArrayList<>();
      List<String> words = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        if (args[i].startsWith("--")) {
          flags.add(args[i]);
          if (FLAGS.contains(args[i]) && i + 1 < args.length) {
            flags.add(args[++i]);
          }
        } else {
          words.add(args[i]);
        }
      }
      return new Args(Options.parse(flags.toArray(String[]::new), FLAGS), List.copyOf(words));
    }
  }

  private final Args args;
  private final Clock clock;

  OpsCommand(Args args, Clock clock) {
    this.args = args;
    this.clock = clock;
  }

  int run(PrintStream out, PrintStream err) {
    String env =
        args.options()
            .get("--env")
            .orElseThrow(
                () -> new Options.UsageException("--env is required: one of " + ENVIRONMENTS));
    if (!ENVIRONMENTS.contains(env)) {
      throw new Options.UsageException(
          "--env must be one of " + ENVIRONMENTS + ", got '" + env + "'");
    }
    if (args.words().isEmpty()) {
      throw new Options.UsageException(
          "ops needs a command: approve, reject, rollback, list-actions,"
              + " reset-breaker, kill-switch, mode, promote or status");
    }
    Request request = request(env);
    try (Clients aws = new Clients(args.options())) {
      OpsStack stack =
          OpsStack.find(
              aws.cloudFormation(),
              OpsStack.stackName(args.options().get("--project").orElse("tradai"), env));
      return switch (request) {
        case Request.Invoke i ->
            invoke(
                aws,
                stack,
                i.payload().get("command").asText().equals("list-actions")
                    ? i.payload().toString()
                    : aws.signed(i.payload(), stack, clock),
                out,
                err);
        case Request.KillSwitch k -> killSwitch(aws, stack, k.value(), out);
        case Request.Status s -> status(aws, stack, env, out);
      };
    } catch (OpsStack.OpsException e) {
      err.println("ops: " + e.getMessage());
      return 1;
    } catch (SdkException | PolicyLoader.InvalidPolicyException e) {
      err.println("ops: " + e.getMessage());
      return 1;
    }
  }

  /** What the words ask for, checked before any AWS call; a bad word is named. */
  sealed interface Request {
    record Invoke(ObjectNode payload) implements Request {}

    record KillSwitch(String value) implements Request {}

    record Status() implements Request {}
  }

  Request request(String env) {
    List<String> w = args.words();
    String verb = w.getFirst();
    ObjectNode payload = Json.MAPPER.createObjectNode().put("command", verb);
    switch (verb) {
      case "approve", "reject" -> {
        payload.put(
            "planId", single(w, "PLAN", PLAN, "a plan id like p-20261127T101530.000Z-1a2b3c4d"));
        payload.put("by", by());
      }
      case "rollback" -> {
        payload.put(
            "auditId", single(w, "AUDIT", AUDIT, "an audit id like 20261127T101530.000Z-1a2b3c4d"));
        payload.put("by", by());
      }
      case "reset-breaker" -> {
        none(w);
        payload.put("by", by());
      }
      case "list-actions" -> {
        none(w);
        args.options()
            .get("--target")
            .ifPresent(
                t ->
                    payload.put(
                        "target",
                        checked(
                            "--target", t, NAME, "a resource name like tradai-backend-" + env)));
        args.options().get("--limit").ifPresent(l -> payload.put("limit", limit(l)));
      }
      case "kill-switch" -> {
        if (w.size() == 2 && w.get(1).equals("off")) {
          return new Request.KillSwitch("off");
        }
        if (w.size() >= 3 && w.get(1).equals("on")) {
          String reason = String.join(" ", w.subList(2, w.size())).strip();
          if (reason.length() > 200 || reason.chars().anyMatch(Character::isISOControl)) {
            throw new Options.UsageException("REASON must be one line of at most 200 characters");
          }
          return new Request.KillSwitch("on: " + reason);
        }
        throw new Options.UsageException(
            "kill-switch takes 'on REASON' or 'off', got "
                + String.join(" ", w.subList(1, w.size())).strip());
      }
      case "mode", "promote" -> RolloutArgs.fill(payload, w, args.options());
      case "status" -> {
        none(w);
        return new Request.Status();
      }
      default ->
          throw new Options.UsageException(
              "unknown ops command '"
                  + verb
                  + "'; expected approve,"
                  + " reject, rollback, list-actions, reset-breaker, kill-switch, mode, promote or status");
    }
    if (payload.has("runbook")) {
      payload.put("by", by());
    }
    return new Request.Invoke(payload);
  }

  private static String single(List<String> w, String what, Pattern shape, String like) {
    if (w.size() != 2) {
      throw new Options.UsageException(w.getFirst() + " takes one " + what);
    }
    return checked(what, w.get(1), shape, like);
  }

  private static void none(List<String> w) {
    if (w.size() != 1) {
      throw new Options.UsageException(w.getFirst() + " takes no argument, got '" + w.get(1) + "'");
    }
  }

  private static String checked(String what, String value, Pattern shape, String like) {
    if (!shape.matcher(value).matches()) {
      throw new Options.UsageException(what + " must be " + like + ", got '" + value + "'");
    }
    return value;
  }

  private static int limit(String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= 100) {
        return n;
      }
    } catch (NumberFormatException e) {
      // named below
    }
    throw new Options.UsageException(
        "--limit must be a whole number from 1 to 100, got '" + value + "'");
  }

  /** --by, else the local user name in the characters the function accepts. */
  private String by() {
    String raw = args.options().get("--by").orElse(System.getProperty("user.name", "operator"));
    String clean = WHO.matcher(raw).replaceAll("");
    clean = clean.length() > 64 ? clean.substring(0, 64) : clean;
    if (args.options().has("--by") && !clean.equals(raw)) {
      throw new Options.UsageException(
          "--by must be 1-64 letters, digits or @._+-, got '" + raw + "'");
    }
    return clean.isEmpty() ? "operator" : clean;
  }

  private int invoke(
      Clients aws, OpsStack stack, String payload, PrintStream out, PrintStream err) {
    InvokeResponse response =
        aws.lambda()
            .invoke(
                b ->
                    b.functionName(stack.operatorFunction())
                        .payload(SdkBytes.fromUtf8String(payload)));
    JsonNode report = read(response.payload().asUtf8String());
    if (response.functionError() != null) {
      err.println(
          "ops: the operator function failed ("
              + response.functionError()
              + "): "
              + report.path("errorMessage").asText(report.toString()));
      return 1;
    }
    out.print(
        json() ? Json.MAPPER.valueToTree(report).toPrettyString() + "\n" : OpsView.report(report));
    String outcome = report.path("outcome").asText();
    return outcome.equals("REJECTED") || outcome.equals("FAILED") ? 1 : 0;
  }

  private int killSwitch(Clients aws, OpsStack stack, String value, PrintStream out) {
    aws.ssm()
        .putParameter(
            b ->
                b.name(stack.killSwitchParameter())
                    .value(value)
                    .type(ParameterType.STRING)
                    .overwrite(true));
    boolean engaged =
        KillSwitch.engaged(stack.killSwitchParameter(), Optional.of(value)).isPresent();
    OpsView.KillSwitchState state =
        new OpsView.KillSwitchState(stack.killSwitchParameter(), value, engaged);
    out.print(
        json()
            ? Json.MAPPER.valueToTree(state).toPrettyString() + "\n"
            : "Kill switch "
                + (engaged ? "ENGAGED" : "off")
                + ": "
                + stack.killSwitchParameter()
                + " = '"
                + value
                + "' (the functions read it within 5 s)\n");
    return 0;
  }

  private int status(Clients aws, OpsStack stack, String env, PrintStream out) {
    GetParametersResponse read =
        aws.ssm().getParameters(b -> b.names(stack.killSwitchParameter(), stack.policyParameter()));
    Map<String, String> values =
        read.parameters().stream().collect(Collectors.toMap(Parameter::name, Parameter::value));
    String kill = values.get(stack.killSwitchParameter());
    PolicyLoader loader = new PolicyLoader(Json.MAPPER);
    Policy policy =
        Optional.ofNullable(values.get(stack.policyParameter()))
            .map(json -> loader.withOverride(env, json, "ssm:" + stack.policyParameter()))
            .orElseGet(() -> loader.forEnvironment(env));
    DynamoDbLedger ledger =
        new DynamoDbLedger(aws::dynamoDb, stack.ledgerTable(), new ActionCodec(Json.MAPPER));
    Instant now = clock.instant();
    Policy.Guards g = policy.guards();
    Ledger.Facts facts =
        ledger.facts(env, "-", List.of(), g.rateLimit().window(), g.breaker().window(), now);
    OpsView.Status status =
        new OpsView.Status(
            stack.stackName(),
            new OpsView.KillSwitchState(
                stack.killSwitchParameter(),
                kill,
                KillSwitch.engaged(stack.killSwitchParameter(), Optional.ofNullable(kill))
                    .isPresent()),
            new OpsView.BreakerState(
                facts.breaker().open(),
                facts.breaker().why(),
                facts.breaker().failures(),
                facts.breaker().actions(),
                g.breaker().maxFailures(),
                g.breaker().maxActions(),
                g.breaker().window().toMinutes()),
            ledger.pendingApprovals(env).stream().map(p -> OpsView.plan(p, now)).toList(),
            ledger.recent(env, Optional.empty(), 10).stream().map(OpsView::action).toList(),
            RolloutTable.rows(policy, facts.standing(), now));
    EscalationSubscriptions escalation =
        EscalationSubscriptions.read(aws.cloudFormation(), aws.sns(), stack.stackName());
    out.print(
        json()
            ? ((ObjectNode) Json.MAPPER.valueToTree(status))
                    .set("escalation", Json.MAPPER.valueToTree(escalation))
                    .toPrettyString()
                + "\n"
            : OpsView.status(status) + escalation.line());
    return 0;
  }

  private boolean json() {
    return args.options().has("--json");
  }

  private static JsonNode read(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The operator's clients: one region, one credentials provider, optionally one endpoint. */
  static final class Clients implements AutoCloseable {
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Optional<URI> endpoint;
    private final Map<Class<?>, AutoCloseable> opened = new java.util.LinkedHashMap<>();

    Clients(Options options) {
      Optional<String> profile = options.get("--profile");
      this.region =
          OpsRegion.resolve(
              options.get("--region"), System.getenv(), OpsRegion::fromConfigFile, profile);
      this.credentials =
          DefaultCredentialsProvider.builder().profileName(profile.orElse(null)).build();
      this.endpoint = options.get("--endpoint").map(URI::create);
    }

    /** One client per service, built on first use. */
    private <B extends AwsClientBuilder<B, C>, C extends AutoCloseable> C client(
        Class<C> type, java.util.function.Supplier<B> builder) {
      return type.cast(
          opened.computeIfAbsent(
              type,
              t -> {
                B b = builder.get().region(region).credentialsProvider(credentials);
                endpoint.ifPresent(b::endpointOverride);
                return b.build();
              }));
    }

    /**
     * The command wrapped with a proof of the operator's identity, for the stack's operator
     * function.
     */
    String signed(ObjectNode payload, OpsStack stack, Clock clock) {
      return SignedPayload.of(
          payload, stack.operatorFunction(), region, credentials, endpoint, clock);
    }

    CloudFormationClient cloudFormation() {
      return client(CloudFormationClient.class, CloudFormationClient::builder);
    }

    LambdaClient lambda() {
      return client(LambdaClient.class, LambdaClient::builder);
    }

    SsmClient ssm() {
      return client(SsmClient.class, SsmClient::builder);
    }

    software.amazon.awssdk.services.sns.SnsClient sns() {
      return client(
          software.amazon.awssdk.services.sns.SnsClient.class,
          software.amazon.awssdk.services.sns.SnsClient::builder);
    }

    DynamoDbClient dynamoDb() {
      return client(DynamoDbClient.class, DynamoDbClient::builder);
    }

    @Override
    public void close() {
      for (AutoCloseable c : opened.values()) {
        try {
          c.close();
        } catch (Exception e) {
          // closing a client frees its connections; nothing to report
        }
      }
    }
  }
}
