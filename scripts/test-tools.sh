# Sourced by ./run (test, demo, storm, bench) and .ci/run: makes sure a JDK 25 and the tools the
# tests start are here, installing only what is missing and saying so. Never sourced by `./run ops`,
# which runs on an operator's laptop and installs nothing.
source "$(dirname "${BASH_SOURCE[0]}")/jdk.sh"

install_jdk() {
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "setup: no JDK 25 found; installing openjdk-25-jdk-headless" >&2
    apt-get update -qq && apt-get install -y -qq openjdk-25-jdk-headless >/dev/null
  fi
}

ensure_python_tool() { # command, pip requirement
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "setup: $1 not found; installing $2 with pip" >&2
    python3 -m pip install -q "$2" >&2
    hash -r
  fi
}

find_jdk || install_jdk
use_jdk
ensure_python_tool moto_server 'moto[server]'
ensure_python_tool cfn-lint cfn-lint
