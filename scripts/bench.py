#!/usr/bin/env python3
"""Benchmark: cleave analyze against the parse floor, side by side.

The floor is every TU parsed once by clang -fsyntax-only, on the same number of
workers. Prints both wall times and the ratio. Usage:
  scripts/bench.py -p BUILD_DIR [-j N] [--cleave build/default/cleave] [--clang clang++-16] [--runs 1]
"""
import argparse, concurrent.futures, json, os, shlex, subprocess, sys, tempfile, time

DROP_WITH_VALUE = {"-o", "-MF", "-MT", "-MQ"}
DROP = {"-c", "-MD", "-MMD", "-MP", "-M", "-MM"}
RENAMES = {"-std=c++23": "-std=c++2b", "-std=gnu++23": "-std=gnu++2b"}


def syntax_only_command(entry, clang):
    args = entry.get("arguments") or shlex.split(entry["command"])
    if "-x" in args and any(a.endswith("-header") for a in args):
        return None  # builds a precompiled header
    out, skip = [clang, "-fsyntax-only", "-Wno-unknown-warning-option"], False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a in DROP_WITH_VALUE:
            skip = True
            continue
        if a in DROP or a.startswith("-Werror"):
            continue
        out.append(RENAMES.get(a, a))
    return out


def run_floor(db, jobs, clang):
    commands = [(e["directory"], c) for e in db if (c := syntax_only_command(e, clang))]
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(lambda dc: subprocess.run(dc[1], cwd=dc[0], stdout=subprocess.DEVNULL,
                                                          stderr=subprocess.DEVNULL).returncode, commands))
    return time.monotonic() - start, len(commands), sum(1 for r in results if r != 0)


def run_cleave(cleave, build_dir, jobs):
    with tempfile.TemporaryDirectory() as out:
        start = time.monotonic()
        r = subprocess.run([cleave, "analyze", "--no-progress", "-j", str(jobs), "-p", build_dir, "-o", out],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        elapsed = time.monotonic() - start
    if r.returncode != 0:
        sys.exit(f"cleave failed with exit code {r.returncode}")
    return elapsed, r.stdout.strip().splitlines()[0] if r.stdout else ""


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-p", "--build-dir", required=True)
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count())
    ap.add_argument("--cleave", default=os.path.join(here, "..", "build", "default", "cleave"))
    ap.add_argument("--clang", default="clang++-16")
    ap.add_argument("--runs", type=int, default=1)
    a = ap.parse_args()
    db = json.load(open(os.path.join(a.build_dir, "compile_commands.json")))
    for run in range(a.runs):
        floor, n, failed = run_floor(db, a.jobs, a.clang)
        ours, summary = run_cleave(a.cleave, a.build_dir, a.jobs)
        print(f"run {run + 1}: {n} TUs, -j{a.jobs}")
        print(f"  baseline  clang -fsyntax-only  {floor:8.1f} s   ({failed} TUs with errors)")
        print(f"  cleave    analyze              {ours:8.1f} s   ratio {ours / floor:.2f}x")
        print(f"  {summary}")


if __name__ == "__main__":
    main()
