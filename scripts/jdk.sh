# Sourced by ./run, .ci/run and infra/app.sh: the one place that finds a JDK 25.
# Keeps JAVA_HOME when it already is a JDK 25 or newer; else takes one from /usr/lib/jvm.
# Installs nothing: scripts/test-tools.sh does that, for the commands that need it.

jdk_major() { "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print v[1]; exit}'; }

# find_jdk: sets JAVA_HOME to a JDK 25 or newer if one is here; returns 1 otherwise.
find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(jdk_major "$JAVA_HOME")" -ge 25 ] 2>/dev/null; then
    return 0
  fi
  local candidate
  for candidate in /usr/lib/jvm/temurin-25-jdk-* /usr/lib/jvm/java-25-* /usr/lib/jvm/*25*; do
    if [ -x "$candidate/bin/javac" ] && [ "$(jdk_major "$candidate")" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  return 1
}

# use_jdk: find_jdk, or say what is needed; puts the JDK first on PATH.
use_jdk() {
  find_jdk || { echo "a JDK 25 is needed: set JAVA_HOME to one (none in /usr/lib/jvm)" >&2; return 1; }
  export PATH="$JAVA_HOME/bin:$PATH"
}
