#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Mutation testing: does some test notice when a computed number changes?

Each mutant in scripts/mutants.txt replaces one exact piece of a source file: an operator flipped,
a check dropped, two arguments swapped, a bound moved by one. For each, this script writes the
mutant into a copy of the sources, builds the targets of the suites it names, runs those suites,
and puts the file back. A mutant is killed when its build fails with one of the library's
compile-time refusals (a static_assert, a count that overflows at compile time, a consteval check, a
constraint) or a suite's tests fail (or one of its commands runs past ten times the suite's
unmutated time, two minutes at least). It survives when every suite it names builds and passes.
Name the suite most likely to kill a mutant first: the others are not built once one has.

    scripts/mutants.py                   every mutant (four to five hours on two cores)
    scripts/mutants.py --only vocab      the mutants whose name contains "vocab"
    scripts/mutants.py --list            the mutants and their suites, nothing run
    scripts/mutants.py --tests-at v1.2   the sources of now against the tests of v1.2

The copy and its build live in build/mutants/ (--work). Your working tree is only read: the copy
is brought up to date with it at the start of each run, so a run tests the sources and tests as
they are then. The first run builds the copy's targets once (several minutes); later runs rebuild
only what changed. Exit status: 1 when a mutant survives that mutants.txt does not mark
`equivalent`, when a mutant's build fails for another reason than a compile-time refusal (it tests
nothing, or the build itself failed), or when a mutant's text does not occur exactly once in its
file; otherwise 0.
"""

import argparse
import os
import pathlib
import re
import signal
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEED = ["--rng-seed", "0x5EED"]
TIMEOUT = 3600  # seconds, for one build; a mutant's suite has its own limit (`limits` in main)


def binaries(*names):
    """The suite of tests/runtime's Catch2 binaries `names`."""
    return [f"shapeproof_{n}" for n in names], [[f"tests/runtime/shapeproof_{n}", *SEED] for n in names]

CTEST = ["ctest", "--output-on-failure", "-R"]

# suite: (targets to build, commands to run in the build directory)
SUITES = {
    "proofs": (["shapeproof_proofs"], []),
    "unit": (["shapeproof_tests"], [["tests/shapeproof_tests", *SEED]]),
    "formats": (["shapeproof_format_tests"], [["tests/shapeproof_format_tests", *SEED]]),
    "runtime": binaries("runtime_tests", "workspace_tests"),  # forward, io, bandwidth, workspace
    "dyn_model": binaries("dyn_model_tests"),  # run-time models, GGUF layers, quantized kernels (portable)
    "native": binaries("runtime_native_tests", "gguf_native_tests"),  # the same, built -march=native (and AVX2)
    "cli": (["shapeproof_cli", "shapeproof_make_checkpoints"],
            [[*CTEST, r"^(tool\.(end_to_end|untrusted_input)|docs\.transcripts)$"]]),
    "mpi": (["shapeproof_cli", "shapeproof_make_checkpoints"], [[*CTEST, r"^tool\.mpi$"]]),
}
KEYS = ("mutant", "file", "from", "to", "suites", "equivalent")


def parse(path):
    """mutants.txt: blocks of `key value` lines, separated by blank lines; # starts a comment line."""
    mutants, block = [], {}
    for number, line in enumerate(path.read_text().splitlines() + [""], 1):
        if line.startswith("#"):
            continue
        if not line.strip():
            if block:
                missing = [k for k in KEYS[:5] if k not in block]
                if missing:
                    sys.exit(f"{path}:{number}: the mutant before this line has no `{missing[0]}`")
                block["suites"] = block["suites"].split()
                for suite in block["suites"]:
                    if suite not in SUITES:
                        sys.exit(f"{path}:{number}: {block['mutant']}: no suite named {suite}")
                mutants.append(block)
                block = {}
            continue
        key, _, value = line.partition(" ")
        if key not in KEYS:
            sys.exit(f"{path}:{number}: unknown key {key!r}")
        block[key] = value.lstrip(" ")
    names = [m["mutant"] for m in mutants]
    for name in set(names):
        if names.count(name) > 1:
            sys.exit(f"{path}: two mutants are named {name}")
    return mutants


def write_if_changed(path, data):
    """Writes `data` to `path` unless it already holds it (an unchanged file keeps its time, and
    the copy's build stays incremental)."""
    if not path.is_file() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def sync_copy(source):
    """Makes `source` a copy of the working tree's files (tracked, and untracked but not ignored),
    rewriting only those that differ, so that the copy's build stays incremental."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            check=True, capture_output=True).stdout.decode().split("\0")
    wanted = {name for name in listed if name and (ROOT / name).is_file()}
    for name in wanted:
        original = ROOT / name
        write_if_changed(source / name, original.read_bytes())
        os.chmod(source / name, original.stat().st_mode)
    for path in source.rglob("*"):
        if path.is_file() and str(path.relative_to(source)) not in wanted:
            path.unlink()


def tests_at(source, revision):
    """Replaces the copy's tests/ with revision's, so that a run measures the tests of then (the
    kill rate before a change) against the sources of now."""
    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True).stdout
    names = set(git("ls-tree", "-r", "-z", "--name-only", revision, "tests/").decode().split("\0")) - {""}
    for path in (source / "tests").rglob("*"):
        if path.is_file() and str(path.relative_to(source)) not in names:
            path.unlink()
    for name in names:
        write_if_changed(source / name, git("show", f"{revision}:{name}"))


class Runner:
    """Runs commands with their output in one log, each in its own process group, so that an
    interrupted run leaves no build behind."""

    def __init__(self, log):
        self.log = log
        log.write_text("")

    def __call__(self, command, cwd, timeout=TIMEOUT):
        with open(self.log, "a") as out:
            out.write(f"\n$ {' '.join(command)}\n")
            out.flush()
            process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                       env={**os.environ, "LC_ALL": "C"})
            try:
                # A mutant that hangs a test is killed by the timeout
                return process.wait(timeout=timeout) == 0
            except subprocess.TimeoutExpired:
                out.write(f"\n(stopped after {timeout:.0f} s)\n")
                stop(process)
                return False
            except BaseException:
                stop(process)
                raise


def stop(process):
    """SIGTERM first: ninja runs each job in a process group of its own, and stops them only when it
    is asked to stop."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# The library's compile-time refusals: a static_assert (a proof, a rule), a count evaluated at
# compile time that overflows or throws (rule 9 calls a function that is not constexpr), a
# consteval check, a requires clause. The build runs with LC_ALL=C, so these are g++'s words.
REFUSAL = re.compile(r"static assert|constant expression|constexpr|consteval|constraint")


def build_failure(said, suite):
    """A failed build of a mutant: a kill when its first error is a compile-time refusal; else the
    mutant is not valid C++ and tests nothing (a warning under -Werror, a syntax error), or the
    build itself failed (no compiler error at all: out of memory, say)."""
    errors = [line for line in said.splitlines() if "error:" in line]
    if not errors:
        return "build failed"
    if REFUSAL.search(errors[0]):
        return f"killed (build of {suite})"
    return "does not compile: " + errors[0].split("error:", 1)[1].strip()[:80]


def try_mutant(mutant, source, build, run, limits):
    """'killed (...)', 'survived', or a failed build's `build_failure`; the copy's file is put back in
    every case."""
    path = source / mutant["file"]
    original = path.read_text()
    built = set()
    try:
        path.write_text(original.replace(mutant["from"], mutant["to"]))
        for suite in mutant["suites"]:
            targets = [t for t in SUITES[suite][0] if t not in built]
            log_at = run.log.stat().st_size
            if targets and not run(["cmake", "--build", str(build), "--target", *targets], source):
                with open(run.log, "rb") as log:
                    log.seek(log_at)
                    return build_failure(log.read().decode(errors="replace"), suite)
            built.update(targets)
            for command in SUITES[suite][1]:
                if not run(command, build, limits[suite]):
                    return f"killed ({suite})"
        return "survived"
    finally:
        path.write_text(original)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", default=str(ROOT / "build" / "mutants"), help="the copy and its build")
    parser.add_argument("--mutants", default=str(ROOT / "scripts" / "mutants.txt"))
    parser.add_argument("--only", help="run the mutants whose name contains this")
    parser.add_argument("--list", action="store_true", help="list the mutants, run none")
    parser.add_argument("--tests-at", metavar="REV", help="run the tests as they were at git revision REV")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    mutants = [m for m in parse(pathlib.Path(args.mutants)) if not args.only or args.only in m["mutant"]]
    if not mutants:
        sys.exit("no mutant to run")

    stale = [(m, (ROOT / m["file"]).read_text().count(m["from"])) for m in mutants]
    for m, count in stale:
        if count != 1:
            print(f"{m['mutant']}: its text occurs {count} times in {m['file']}, not once", file=sys.stderr)
    if any(count != 1 for _, count in stale):
        return 1
    if args.list:
        for m in mutants:
            print(f"{m['mutant']:45} {m['file']:45} {' '.join(m['suites'])}")
        print(f"{len(mutants)} mutants")
        return 0

    work = pathlib.Path(args.work).resolve()
    source, build = work / "src", work / "build"
    source.mkdir(parents=True, exist_ok=True)
    sync_copy(source)
    if args.tests_at:
        tests_at(source, args.tests_at)
    run = Runner(work / "mutants.log")
    suites = [s for s in SUITES if any(s in m["suites"] for m in mutants)]
    print(f"building the copy's targets in {build} (log: {run.log})", flush=True)
    # Configured at every run (quick once it exists), so that the cache read below is this machine's
    first = [] if build.joinpath("CMakeCache.txt").exists() else [
        "-G", "Ninja", "-DCMAKE_CXX_COMPILER=g++-12", "-DCMAKE_BUILD_TYPE=Release", "-DSHAPEPROOF_BUILD_FAIL_PROOFS=OFF"]
    configured = run(["cmake", "-S", str(source), "-B", str(build), *first], source)
    # Where -march=native takes AVX-512's kernels, the build has AVX2's beside them (tests/runtime):
    # the native suite runs both
    if configured and "SHAPEPROOF_NATIVE_HAS_AVX512:INTERNAL=1" in build.joinpath("CMakeCache.txt").read_text():
        avx2 = binaries("runtime_avx2_tests", "gguf_avx2_tests")
        SUITES["native"] = (SUITES["native"][0] + avx2[0], SUITES["native"][1] + avx2[1])
    targets = sorted({t for s in suites for t in SUITES[s][0]})
    if not configured or not run(["cmake", "--build", str(build), "--target", *targets], source):
        sys.exit(f"the unmutated copy does not build: see {run.log}")
    # A mutant's suite is stopped, and the mutant counted killed, at ten times the suite's unmutated
    # time (two minutes at least): a test binary whose heap a mutant corrupted can abort into a wait
    # that never ends ("double free or corruption", then a lock), which an hour's limit let stall a run.
    limits = {}
    for suite in suites:
        started = time.monotonic()
        if not all(run(command, build) for command in SUITES[suite][1]):
            sys.exit(f"the unmutated copy fails its {suite} suite: see {run.log}")
        limits[suite] = max(120.0, 10 * (time.monotonic() - started))

    results = []
    for index, mutant in enumerate(mutants, 1):
        start = time.monotonic()
        result = try_mutant(mutant, source, build, run, limits)
        if result == "survived" and "equivalent" in mutant:
            result = "equivalent"
        results.append((mutant, result))
        print(f"[{index}/{len(mutants)}] {mutant['mutant']:45} {result:26} {time.monotonic() - start:4.0f} s",
              flush=True)

    killed = sum(r.startswith("killed") for _, r in results)
    equivalent = sum(r == "equivalent" for _, r in results)
    survivors = [m for m, r in results if r == "survived"]
    broken = [(m, r) for m, r in results if r.startswith(("does not compile", "build failed"))]
    print(f"\n{killed} of {len(results)} mutants killed ({100 * killed / len(results):.0f}%), {equivalent} "
          f"marked equivalent, {len(survivors)} survived, {len(broken)} not built")
    for m in survivors:
        print(f"  survived: {m['mutant']} ({m['file']}: {m['from'].strip()!r} -> {m['to'].strip()!r})")
    for m, r in broken:
        print(f"  not built: {m['mutant']}: {r} (mend it in {args.mutants}, or rerun it)")
    return 1 if survivors or broken else 0


if __name__ == "__main__":
    sys.exit(main())
