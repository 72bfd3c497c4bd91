#!/usr/bin/env bash
# Lists the arrows between the functions module's packages and every cycle among them, from the
# compiled classes (jdeps reads the bytecode, so only real uses count, not javadoc mentions).
# Usage: scripts/dev/package-deps.sh [classes-dir]   (default functions/target/classes; compile
# first, e.g. ./mvnw -B -q -pl functions compile). Prints "from -> to  (uses)  e.g. A -> B", then
# each elementary cycle. ArchitectureTest enforces the same rules in the build; this is for reading.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/jdk.sh
use_jdk
classes="${1:-functions/target/classes}"
[ -d "$classes/com/tradai/remediation" ] || { echo "no classes in $classes: compile first" >&2; exit 1; }
jdeps -verbose:class -filter:none -e 'com\.tradai\.remediation\..*' "$classes" | python3 -c '
import sys, collections
prefix = "com.tradai.remediation."
uses = collections.defaultdict(set)
for line in sys.stdin:
    parts = line.split()
    if len(parts) < 3 or parts[1] != "->" or not parts[0].startswith(prefix):
        continue
    a, b = (p[len(prefix):].split("$")[0] for p in (parts[0], parts[2]))
    pa, pb = a.split(".")[0], b.split(".")[0]
    if pa != pb:
        uses[(pa, pb)].add(a + " -> " + b)
for (pa, pb), pairs in sorted(uses.items()):
    print(f"{pa} -> {pb}  ({len(pairs)})  e.g. {sorted(pairs)[0]}")
graph = collections.defaultdict(set)
for pa, pb in uses:
    graph[pa].add(pb)
nodes = sorted(set(graph) | {b for bs in graph.values() for b in bs})
cycles = []
def walk(start, node, path):
    for nxt in sorted(graph[node]):
        if nxt == start:
            cycles.append(path + [start])
        elif nxt > start and nxt not in path:
            walk(start, nxt, path + [nxt])
for start in nodes:
    walk(start, start, [start])
print(f"\n{len(cycles)} cycles, shortest first")
for c in sorted(cycles, key=lambda c: (len(c), c)):
    print("  " + " -> ".join(c))
sys.exit(1 if cycles else 0)
'
