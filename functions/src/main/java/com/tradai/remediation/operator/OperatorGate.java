package com.tradai.remediation.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * What the operator function lets through: a command that changes something runs only signed by an
 * operator role, as STS authenticated it ({@link SignedCommand}); the identity STS named becomes
 * the command's {@code by}, and a {@code by} the sender wrote is kept only as a {@code note}. An
 * unsigned payload runs only a read-only command. Anything else is refused before any command runs,
 * so nothing is read from or written to the ledger or the targets.
 */
public final class OperatorGate {
  /** The environment variable (set by the stack from {@code operators.roleArns}). */
  public static final String ROLES_VARIABLE = "OPERATOR_ROLE_ARNS";

  private static final int MAX_NOTE = 64;

  private final List<String> operatorRoles;
  private final String function;
  private final CallerIdentity identity;
  private final BiPredicate<String, JsonNode> changesThings;
  private final ObjectMapper json;

  /**
   * @param function this operator function's name, which a proof must be signed for
   * @param changesThings whether the named command, with this body, may change something (a command
   *     not known answers false: the function rejects it as unknown and runs nothing)
   */
  public OperatorGate(
      List<String> operatorRoles,
      String function,
      CallerIdentity identity,
      BiPredicate<String, JsonNode> changesThings,
      ObjectMapper json) {
    this.operatorRoles = List.copyOf(operatorRoles);
    this.function = function;
    this.identity = identity;
    this.changesThings = changesThings;
    this.json = json;
  }

  /** Run these bytes, or refuse with why. */
  public sealed interface Admission {
    record Run(byte[] command) implements Admission {}

    record Refused(String why) implements Admission {}
  }

  public Admission admit(byte[] input) {
    JsonNode payload;
    try {
      payload = json.readTree(input);
    } catch (IOException e) {
      return new Admission.Run(input); // the intake names what is wrong with it
    }
    if (payload == null) {
      return new Admission.Run(input);
    }
    Optional<SignedCommand> signed = SignedCommand.parse(payload);
    if (signed.isPresent()) {
      return admitSigned(signed.get());
    }
    JsonNode command = payload.path("command");
    if (command.isTextual() && changesThings.test(command.asText(), payload)) {
      return new Admission.Refused(
          "command '"
              + command.asText()
              + "' changes things, so it is"
              + " accepted only from an operator role that AWS authenticated, and this request carries"
              + " no identity proof (a plain Invoke never does); send it with ./run ops, which signs it"
              + " with your credentials, as "
              + needed());
    }
    return new Admission.Run(input);
  }

  private Admission admitSigned(SignedCommand signed) {
    String command = signed.command();
    if (command.isBlank() || command.length() > SignedCommand.MAX_COMMAND) {
      return new Admission.Refused(
          "signedCommand must be the command's JSON text (at most "
              + SignedCommand.MAX_COMMAND
              + " characters)");
    }
    Optional<String> shape = proofProblem(signed);
    if (shape.isPresent()) {
      return new Admission.Refused("the identity proof " + shape.get());
    }
    return switch (identity.whoSigned(signed.headers())) {
      case CallerIdentity.Answer.NotAuthenticated n ->
          new Admission.Refused("AWS did not authenticate the sender: " + n.why());
      case CallerIdentity.Answer.Authenticated a ->
          OperatorIdentity.operatorRole(a.arn(), operatorRoles).isEmpty()
              ? new Admission.Refused(
                  "the sender " + a.arn() + " is not an operator: it takes " + needed())
              : run(command, a.arn());
    };
  }

  /** The command as it runs: {@code by} is the authenticated identity, the sender's word a note. */
  private Admission run(String command, String caller) {
    JsonNode body;
    try {
      body = json.readTree(command);
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      return new Admission.Run(command.getBytes(StandardCharsets.UTF_8)); // the intake names it
    }
    ObjectNode run = (ObjectNode) body;
    Optional<String> note = note(run.path("by")).or(() -> note(run.path("note")));
    run.put("by", caller);
    run.remove("note");
    note.ifPresent(n -> run.put("note", n));
    return new Admission.Run(run.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** What is wrong with the proof before STS is asked, if anything. */
  private Optional<String> proofProblem(SignedCommand signed) {
    List<String> names = signed.signedHeaderNames();
    for (String required :
        List.of("host", "x-amz-date", SignedCommand.COMMAND_DIGEST, SignedCommand.FUNCTION)) {
      if (!names.contains(required)) {
        return Optional.of("does not sign the header " + required + " (signed: " + names + ")");
      }
    }
    if (!SignedCommand.digest(signed.command())
        .equals(signed.headers().get(SignedCommand.COMMAND_DIGEST))) {
      return Optional.of(
          "was signed for another command ("
              + SignedCommand.COMMAND_DIGEST
              + " is not the SHA-256 of signedCommand)");
    }
    if (!function.equals(signed.headers().get(SignedCommand.FUNCTION))) {
      return Optional.of(
          "was signed for the function "
              + signed.headers().get(SignedCommand.FUNCTION)
              + ", not for "
              + function);
    }
    String host = identity.endpoint().getRawAuthority();
    if (!host.equals(signed.headers().get("host"))) {
      return Optional.of(
          "was signed for STS at "
              + signed.headers().get("host")
              + ", but this function asks STS at "
              + host
              + " (sign for the function's region)");
    }
    return Optional.empty();
  }

  private String needed() {
    return operatorRoles.isEmpty()
        ? "an operator role, and this function names none ("
            + ROLES_VARIABLE
            + " is empty; set"
            + " operators.roleArns in the infra config)"
        : "a session of one of the operator roles "
            + operatorRoles
            + " (assume one, e.g. with"
            + " --profile)";
  }

  /** The sender's own words about who they are: letters, digits and @._+- only, at most 64. */
  private static Optional<String> note(JsonNode value) {
    if (!value.isTextual()) {
      return Optional.empty();
    }
    String clean = value.asText().replaceAll("[^A-Za-z0-9@._+-]", "");
    clean = clean.length() > MAX_NOTE ? clean.substring(0, MAX_NOTE) : clean;
    return clean.isEmpty() ? Optional.empty() : Optional.of(clean);
  }
}
