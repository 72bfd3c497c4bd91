package com.tradai.remediation.cli;

import java.io.PrintStream;
import java.util.Arrays;

/** {@code java -jar tradai-remediation-local.jar <invoke|demo|bench|ops> [options]}. */
public final class Main {
  static final String USAGE =
      """
      tradai-remediation: runs the tradai auto-remediation functions without deploying them.

      Usage:
        tradai-remediation invoke --event FILE [--env-vars FILE] [--function ID] [--metrics FILE]
                                  [--template FILE] [--endpoint URL] [--dry-run]
        tradai-remediation demo [--dry-run] [--worse]
        tradai-remediation bench [--cold N] [--warm N] [--cli] [--jar FILE] [--jvm-args "..."] [--aot] [--snapstart]
        tradai-remediation ops --env ENV [--region R] [--profile P] [--json] approve PLAN | reject PLAN
                               | rollback AUDIT | list-actions [--target NAME] | reset-breaker
                               | kill-switch on REASON | kill-switch off | status
                               | mode RUNBOOK shadow|approve|act | promote RUNBOOK
        tradai-remediation --help

      invoke   Runs a handler in-process on one event, like `sam local invoke`, and prints the
               handler's JSON result on stdout (logs go to stderr).
                 --event FILE      the event (SNS, EventBridge, alarm action or manual command);
                                   '-' reads stdin
                 --env-vars FILE   environment variables in the SAM CLI's env-vars format:
                                   {"Parameters": {...}, "RemediationFunction": {...}}
                 --function ID     which function: RemediationFunction (default),
                                   VerifierFunction (an SQS event of verification requests),
                                   HealthCheckFunction (the scheduled quick health check) or
                                   OperatorFunction (a person's commands: events/manual-*.json)
                 --template FILE   take the handler and environment of function ID from a
                                   CloudFormation template, as `sam local invoke -t` does, e.g.
                                   infra/cdk.out/tradai-remediation-dev.template.json; values
                                   that are references (Ref, GetAtt) come from --env-vars
                 --metrics FILE    replay recorded metrics from FILE instead of reading CloudWatch
                 --endpoint URL    send AWS calls to URL (same as AWS_ENDPOINT_URL), e.g. moto
                 --dry-run         plan and report, change nothing (same as DRY_RUN=true)
               Without --endpoint or AWS_ENDPOINT_URL it talks to real AWS with your credentials.
               An alarm acts only if CloudWatch there holds it in ALARM with the event's
               definition (on moto: put-metric-alarm + set-alarm-state first); else REJECTED.

      demo     Starts moto_server on a free loopback port, seeds a tradai-dev environment, replays
               a recorded load spike, runs the real handler on an SNS latency alarm, prints the
               report and the state before -> after; then runs the fix's scheduled check on a
               replay of what came after (recovered, or with --worse: escalated and rolled back),
               then stops moto. Needs no AWS account.

      ops      An operator's commands against a deployed environment, with your own AWS
               credentials: approve or reject a pending plan, roll back a change, list actions,
               reset the breaker, set the kill switch, show the status. `ops --help` for details.

      bench    The performance benchmark (see BENCHMARKS.md): N cold invokes in fresh JVMs with
               Lambda's flags (default 10), N warm invokes (default 200), AWS calls per fix, peak
               RSS, jar size; --cli also times the on-call runbook's manual AWS CLI path;
               --jvm-args adds flags to the cold JVMs; --aot trains a JDK AOT cache and measures cold invokes with
               it; --snapstart instead times each function's first event after its SnapStart
               priming (run as the Lambda runtime's beforeCheckpoint), N JVMs each (--cold)
               alternating with unprimed ones, and splits the classes that event still loads by
               package. Prints figures; never fails because a machine is slow.
      """;

  private Main() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    if (args.length > 0
        && args[0].equals("ops")
        && (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h"))) {
      out.print(OpsCommand.USAGE);
      return 0;
    }
    if (args.length == 0
        || Arrays.asList(args).contains("--help")
        || Arrays.asList(args).contains("-h")) {
      (args.length == 0 ? err : out).print(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      return switch (args[0]) {
        case "invoke" -> new InvokeCommand(Options.parse(rest, InvokeCommand.FLAGS)).run(out, err);
        case "demo" -> new DemoCommand(Options.parse(rest, DemoCommand.FLAGS)).run(out, err);
        case "bench" -> new BenchCommand(Options.parse(rest, BenchCommand.FLAGS)).run(out, err);
        case "ops" ->
            new OpsCommand(OpsCommand.Args.parse(rest), java.time.Clock.systemUTC()).run(out, err);
        default -> {
          err.println(
              "unknown command '"
                  + args[0]
                  + "'; expected invoke, demo, bench or ops (see --help)");
          yield 2;
        }
      };
    } catch (Options.UsageException e) {
      err.println(e.getMessage() + " (see --help)");
      return 2;
    }
  }
}
