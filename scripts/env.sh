# Sourced by ./run and .ci/run: picks a JDK 25 and makes sure the tools the tests start are here.
# Installs only what is missing; prints what it did.

jdk_major() { "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print v[1]; exit}'; }

pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(jdk_major "$JAVA_HOME")" -ge 25 ] 2>/dev/null; then
    return 0
  fi
  for candidate in /usr/lib/jvm/temurin-25-jdk-* /usr/lib/jvm/java-25-* /usr/lib/jvm/*25*; do
    if [ -x "$candidate/bin/javac" ] && [ "$(jdk_major "$candidate")" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "setup: no JDK 25 found; installing openjdk-25-jdk-headless" >&2
    apt-get update -qq && apt-get install -y -qq openjdk-25-jdk-headless >/dev/null
    for candidate in /usr/lib/jvm/java-25-*; do
      [ -x "$candidate/bin/javac" ] && export JAVA_HOME="$candidate" && return 0
    done
  fi
  echo "setup: a JDK 25 is needed (set JAVA_HOME to one)" >&2
  return 1
}

ensure_python_tool() { # command, pip requirement
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "setup: $1 not found; installing $2 with pip" >&2
    python3 -m pip install -q "$2" >&2
    hash -r
  fi
}

pick_jdk
export PATH="$JAVA_HOME/bin:$PATH"
ensure_python_tool moto_server 'moto[server]'
ensure_python_tool cfn-lint cfn-lint
# Outside Lambda, Powertools metrics would otherwise probe the EC2 metadata address.
export AWS_EMF_ENVIRONMENT=Local AWS_EC2_METADATA_DISABLED=true
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CDK_DISABLE_CLI_TELEMETRY=true
