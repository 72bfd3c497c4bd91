#!/usr/bin/env bash
# Moves the classes that made the functions module's packages depend on each other both ways into
# the packages docs/architecture.md names (core, config, commands, ports, handler), and rewrites
# every reference to them, in the functions, local and infra modules, main and test code, and
# every mention as package/Class in the docs.
#
# Usage: scripts/dev/move-packages.sh            moves, rewrites, prints what it did
#        scripts/dev/move-packages.sh --dry-run  prints what it would do, changes nothing
# Then compile (./mvnw -B -q -pl functions,local,infra test-compile) and run ArchitectureTest.
#
# Safe to run again: a class already at its new place is not moved twice, and the rewrites find
# nothing left to change. It stops before changing anything when a class it moves is neither at its
# old place nor at its new one, or is at both. What it cannot do (say so when it happens):
# - widen the access of a member that was package-private and is now used across packages, beyond
#   those listed under WIDEN below (the compiler names each new one: make it public, add it there);
# - add an import where the file already has another class of the same simple name (it prints
#   WARNING with the file);
# - rewrite prose that names a class without its package: docs/architecture.md's list of packages
#   is kept by hand (mentions as package/Class, in docs and code, are rewritten).
set -euo pipefail
cd "$(dirname "$0")/../.."

# old-package/Class  new-package   (main classes first, then the tests that follow them)
MOVES='
alarm/LogSafe                 core
alarm/AlarmConfirmer          handler
aws/AlarmDefinitions          ports
aws/AlarmLookup               ports
aws/Executor                  ports
aws/LogSearcher               ports
aws/MetricReader              ports
aws/OperatorRoleIds           ports
aws/ResourceReader            ports
aws/TransientAwsError         ports
verify/AlarmHistory           ports
verify/AlarmRef               ports
verify/AlarmStateReader       ports
verify/AlarmStatus            ports
verify/VerificationRequest    ports
verify/VerificationScheduler  ports
report/ReportPublisher        ports
report/EscalatingPublisher    handler
handler/ManualCommand         commands
handler/Config                config
handler/ConfigCheck           config
guard/PolicyLoader            config
verify/VerificationPolicy     config
guard/PolicyLoaderTest               config
guard/VerificationPolicyLoaderTest   config
handler/ConfigCheckTest              config
'

MOVES="$MOVES" python3 - "$@" <<'PY'
import os, re, subprocess, sys

DRY = "--dry-run" in sys.argv[1:]
BASE = "com.tradai.remediation"
ROOTS = [r for r in ("functions/src/main/java", "functions/src/test/java", "local/src/main/java",
                     "local/src/test/java", "infra/src/main/java", "infra/src/test/java")
         if os.path.isdir(r)]
PKG_DIR = BASE.replace(".", "/")
moves = [line.split() for line in os.environ["MOVES"].strip().splitlines() if line.strip()]
moves = [(old.split("/")[0], old.split("/")[1], new) for old, new in moves]

def say(*a):
    print(*a, flush=True)

def git(*args):
    if DRY:
        say("would run: git", *args)
    else:
        subprocess.run(["git", *args], check=True)

# 1. Where each class is now; stop before touching anything if one is missing or doubled.
plan = []
problems = []
for old_pkg, cls, new_pkg in moves:
    olds = [f"{r}/{PKG_DIR}/{old_pkg}/{cls}.java" for r in ROOTS]
    news = [f"{r}/{PKG_DIR}/{new_pkg}/{cls}.java" for r in ROOTS]
    at_old = [p for p in olds if os.path.isfile(p)]
    at_new = [p for p in news if os.path.isfile(p)]
    if at_old and at_new:
        problems.append(f"{cls}: both at {at_old[0]} and at {at_new[0]}")
    elif not at_old and not at_new:
        problems.append(f"{cls}: found neither in {old_pkg}/ nor in {new_pkg}/ (renamed or deleted?)")
    elif len(at_old) > 1:
        problems.append(f"{cls}: more than one {old_pkg}/{cls}.java: {at_old}")
    else:
        plan.append((old_pkg, cls, new_pkg, at_old[0] if at_old else None))
if problems:
    for p in problems:
        say("ERROR:", p)
    sys.exit(1)

# The top-level types of every package before the moves (a package may span several roots).
def types_by_package():
    found = {}
    for r in ROOTS:
        for d, _, files in os.walk(r):
            pkg = os.path.relpath(d, r).replace(os.sep, ".")
            for f in files:
                if f.endswith(".java") and f != "package-info.java":
                    found.setdefault(pkg, set()).add(f[:-5])
    return found

before = types_by_package()
moved_to = {(f"{BASE}.{o}", c): f"{BASE}.{n}" for o, c, n, _ in plan}

def package_now(pkg, cls):
    return moved_to.get((pkg, cls), pkg)

# 2. Move the files (git mv keeps their history) and note each file's old package.
old_package_of = {}
for old_pkg, cls, new_pkg, src in plan:
    if src is None:
        continue
    dst = src.replace(f"/{PKG_DIR}/{old_pkg}/", f"/{PKG_DIR}/{new_pkg}/")
    if not DRY:
        os.makedirs(os.path.dirname(dst), exist_ok=True)
    git("mv", src, dst)
    say(f"{'would move' if DRY else 'moved'} {old_pkg}/{cls} -> {new_pkg}/{cls}")
    old_package_of[dst] = f"{BASE}.{old_pkg}"

if DRY:
    sys.exit(0)

# 3. Rewrite every reference in every Java file.
CODE_NOISE = re.compile(r'"""(?:.|\n)*?"""|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])\'|//[^\n]*|/\*(?:.|\n)*?\*/')
DOC_REFS = re.compile(r'(?:\{@link(?:plain)?|@see|@throws)\s+([A-Z]\w*)')

def referenced_names(text):
    code = CODE_NOISE.sub(" ", text)
    names = set(re.findall(r"\b[A-Z]\w*\b", code))
    names |= set(DOC_REFS.findall(text))
    return names

def declared_types(text):
    return set(re.findall(r"\b(?:class|interface|record|enum)\s+([A-Z]\w*)", CODE_NOISE.sub(" ", text)))

IMPORT = re.compile(r"^import\s+(static\s+)?([\w.]+)\s*;\s*$", re.M)

def fix_imports(text, package, wanted, unchanged):
    """Adds the wanted imports, drops those of the file's own package, sorts the block."""
    lines = text.split("\n")
    idx = [i for i, l in enumerate(lines) if IMPORT.match(l)]
    imports = [IMPORT.match(lines[i]) for i in idx]
    statics = {m.group(2) for m in imports if m.group(1)}
    plain = {m.group(2) for m in imports if not m.group(1)} | set(wanted)
    own = re.compile(re.escape(package) + r"\.[A-Z]\w*$")
    plain = {p for p in plain if not own.match(p)}
    if (statics, plain) == unchanged:
        return text  # the same imports: leave the file's own order alone
    block = [f"import static {s};" for s in sorted(statics)]
    if statics and plain:
        block.append("")
    block += [f"import {p};" for p in sorted(plain)]
    if idx:
        start, end = idx[0], idx[-1]
        old_block = lines[start:end + 1]
        if any(l.strip() and not IMPORT.match(l) for l in old_block):
            return None  # comments inside the import block: leave it to a person
        lines[start:end + 1] = block
    elif block:
        pkg_line = next(i for i, l in enumerate(lines) if l.startswith("package "))
        lines[pkg_line + 1:pkg_line + 1] = [""] + block
    return "\n".join(lines)

changed = 0
for r in ROOTS:
    for d, _, files in os.walk(r):
        for f in files:
            if not f.endswith(".java"):
                continue
            path = os.path.join(d, f)
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            original = text
            m = re.search(r"^package\s+([\w.]+)\s*;", text, re.M)
            if not m:
                continue
            package_was = m.group(1)
            package = os.path.relpath(d, r).replace(os.sep, ".")
            package_was = old_package_of.get(path, package_was)
            text = text[:m.start(1)] + package + text[m.end(1):]
            # Qualified names, in imports, code, javadoc and strings.
            for (old_pkg, cls), new_pkg in moved_to.items():
                text = re.sub(re.escape(f"{old_pkg}.{cls}") + r"\b", f"{new_pkg}.{cls}", text)
            # Names that needed no import because they shared a package before the moves.
            names = referenced_names(text)
            own_types = declared_types(text)
            imported_simple = {i.group(2).rsplit(".", 1)[1]: i.group(2)
                               for i in IMPORT.finditer(text) if not i.group(1)}
            wanted = set()
            for cls in sorted(before.get(package_was, ())):
                target = package_now(package_was, cls)
                if target == package or cls not in names or f == f"{cls}.java":
                    continue
                fqn = f"{target}.{cls}"
                if cls in own_types or imported_simple.get(cls, fqn) != fqn:
                    say(f"WARNING: {path} uses {cls}, now {fqn}, but also has another {cls}: fix by hand")
                    continue
                wanted.add(fqn)
            was = [(i.group(1), i.group(2)) for i in IMPORT.finditer(original)]
            unchanged = ({n for st, n in was if st}, {n for st, n in was if not st})
            fixed = fix_imports(text, package, wanted, unchanged)
            if fixed is None:
                say(f"WARNING: {path}: comments among the imports; imports left as they were")
            else:
                text = fixed
            if text != original:
                with open(path, "w", encoding="utf-8") as fh:
                    fh.write(text)
                changed += 1

# 4. Mentions as package/Class (source paths in strings, comments, the docs).
tracked = subprocess.run(["git", "ls-files", "*.java", "*.md"], check=True, capture_output=True,
                         text=True).stdout.split()
mentions = [(re.compile(r"\b" + o.rsplit(".", 1)[1] + "/" + c + r"\b"), n.rsplit(".", 1)[1] + "/" + c)
            for (o, c), n in moved_to.items()]
for path in tracked:
    if not os.path.isfile(path):
        continue
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    new_text = text
    for pattern, replacement in mentions:
        new_text = pattern.sub(replacement, new_text)
    if new_text != text:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(new_text)
        say(f"rewrote mentions in {path}")

# 5. Members that were package-private and are now used from another package (found by compiling).
WIDEN = [
    ("functions/src/main/java", "config/Config.java", "  static List<String> list(String csv) {"),
    ("functions/src/test/java", "config/ConfigCheckTest.java", "class ConfigCheckTest {"),
    ("functions/src/test/java", "config/ConfigCheckTest.java", "  static Map<String, String> valid() {"),
    ("functions/src/test/java", "config/ConfigCheckTest.java", "  static Map<String, String> asSamSetsThem() {"),
]
for root, rel, line in WIDEN:
    path = f"{root}/{PKG_DIR}/{rel}"
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    indent = line[:len(line) - len(line.lstrip())]
    wider = indent + "public " + line.lstrip()
    if line in lines:
        lines[lines.index(line)] = wider
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines))
        say(f"made public in {rel}: {line.strip()}")
    elif wider not in lines:
        say(f"WARNING: {rel} no longer has '{line.strip()}': check its access by compiling")
say(f"rewrote {changed} files; now compile: ./mvnw -B -q -pl functions,local,infra test-compile")
PY
