#!/usr/bin/env python3
"""Benchmark: cleave analyze against the parse floor, cold, warm and after an edit, side by side.

The floor is every TU parsed once by clang -fsyntax-only, on the same number of workers. Then
cleave runs cold (an empty fact cache), warm (the same cache, nothing changed), after a comment is
appended to the project header included by the most TUs, and after one is appended to a leaf .cpp.
Every edited file is restored (content and times) in a `finally`, even on Ctrl-C. Prints one table
with wall time, ratio to the floor, peak RSS, TUs served from the cache and cleave's per-stage times
(`--timings`), then the targets of issue 14 as PASS/FAIL lines; exits 1 when a target fails.
Then the drift check (issue 13): `cleave accept` into a scratch architecture.yaml, `cleave check`
with nothing changed (target: <= 10 % of the cold analysis) and with the leaf touched (target: it
re-parses that TU only).
Usage:
  scripts/bench.py -p BUILD_DIR [-j N] [--cleave build/default/cleave] [--clang clang++-16] [--runs 1]
                   [--header FILE] [--leaf FILE] [--cold-only]
A cleave without --cache/--timings gets the floor and the cold run only (the old benchmark).
"""
import argparse, collections, concurrent.futures, json, os, re, shlex, signal, subprocess, sys, tempfile, time

DROP_WITH_VALUE = {"-o", "-MF", "-MT", "-MQ"}
DROP = {"-c", "-MD", "-MMD", "-MP", "-M", "-MM"}
RENAMES = {"-std=c++23": "-std=c++2b", "-std=gnu++23": "-std=gnu++2b"}
STAGES = ["plan", "parse", "sql", "model", "decompose", "findings", "reports"]
WARM_SHARE, LEAF_FACTOR = 0.03, 2.0  # issue 14: warm <= 3 % of cold; leaf <= 2 x its parse + 3 % of cold
CHECK_SHARE = 0.10  # issue 13: cleave check with nothing changed <= 10 % of the cold analysis

Run = collections.namedtuple("Run", "wall rss_kb summary cached timings")


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


def run_measured(cmd, cwd=None, capture=False):
    """Runs one child; returns (seconds, peak RSS in kB of that child alone, returncode, stdout, stderr)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.monotonic()
        p = subprocess.Popen(cmd, cwd=cwd, stdout=out if capture else subprocess.DEVNULL,
                             stderr=err if capture else subprocess.DEVNULL)
        # wait4 on this pid gives this child's own rusage (RUSAGE_CHILDREN would be the max over all).
        _, status, usage = os.wait4(p.pid, 0)
        elapsed = time.monotonic() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return elapsed, usage.ru_maxrss, p.returncode, out.read(), err.read()


def tu_path(entry):
    return os.path.normpath(os.path.join(entry["directory"], entry["file"]))


def run_floor(db, jobs, clang):
    commands = [(e["directory"], c, tu_path(e)) for e in db if (c := syntax_only_command(e, clang))]
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(lambda dc: run_measured(dc[1], cwd=dc[0]), commands))
    wall = time.monotonic() - start
    per_tu = {path: (r[0], cmd, cwd) for (cwd, cmd, path), r in zip(commands, results)}
    return wall, len(commands), sum(1 for r in results if r[2] != 0), max(r[1] for r in results), per_tu


def cleave_supports(cleave):
    r = subprocess.run([cleave, "analyze", "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return "--timings" in r.stdout and "--no-cache" in r.stdout


def run_cleave(cleave, build_dir, jobs, out, cache=None):
    cmd = [cleave, "analyze", "--no-progress", "-j", str(jobs), "-p", build_dir, "-o", out]
    if cache:
        cmd += ["--cache", cache, "--timings"]
    wall, rss, rc, stdout, stderr = run_measured(cmd, capture=True)
    if rc != 0:
        sys.exit(f"cleave failed with exit code {rc}: {' '.join(cmd)}\n{stderr[-2000:]}")
    summary = stdout.strip().splitlines()[0] if stdout.strip() else ""
    m = re.search(r"(\d+) from the cache", summary)
    timings = {}
    for line in stderr.splitlines():
        if line.startswith("cleave: timings:"):
            timings = {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", line)}
    return Run(wall, rss, summary, int(m.group(1)) if m else 0, timings)


def run_check(cleave, build_dir, jobs, cache, architecture):
    """cleave check through the cache; exit 0 (clean) or 1 (violations) both count as a run."""
    cmd = [cleave, "check", "--no-progress", "-j", str(jobs), "-p", build_dir, "--cache", cache,
           "--architecture", architecture]
    wall, rss, rc, stdout, stderr = run_measured(cmd, capture=True)
    if rc not in (0, 1):
        sys.exit(f"cleave check failed with exit code {rc}: {' '.join(cmd)}\n{stderr[-2000:]}")
    m = re.search(r"(\d+) TUs, (\d+) from the cache", stderr)
    summary = stdout.strip().splitlines()[-1] if stdout.strip() else ""
    return Run(wall, rss, summary, int(m.group(2)) if m else 0, {})


def check_rows(a, out, cache, cold, n, per_tu_leaf):
    """The drift check on the cache the analysis filled: rows, PASS/FAIL checks and notes."""
    architecture = os.path.join(os.path.dirname(out), "architecture.yaml")
    cmd = [a.cleave, "accept", "-o", out, "--architecture", architecture]
    if subprocess.run(cmd, stdout=subprocess.DEVNULL).returncode != 0:
        sys.exit(f"cleave accept failed: {' '.join(cmd)}")
    rows, checks = [], []
    warm = run_check(a.cleave, a.build_dir, a.jobs, cache, architecture)
    rows.append(("check, nothing changed", warm.wall, warm.rss_kb, f"{warm.cached}/{n}", {}))
    checks.append((warm.wall <= CHECK_SHARE * cold.wall,
                   f"check {warm.wall:.2f} s <= 10 % of the cold analysis ({CHECK_SHARE * cold.wall:.2f} s)"))
    with Touched(per_tu_leaf):
        lt = run_check(a.cleave, a.build_dir, a.jobs, cache, architecture)
    rows.append((f"check, leaf touched", lt.wall, lt.rss_kb, f"{lt.cached}/{n}", {}))
    checks.append((lt.cached == n - 1, f"check with the leaf touched re-parses 1 TU ({n - lt.cached} re-parsed)"))
    return rows, checks, ["check: " + warm.summary]


def most_included_header(model_path, tus):
    """The project header reached (transitively) from the most TUs, from model.json's include edges."""
    model = json.load(open(model_path))
    root = model.get("root", "")
    includes = collections.defaultdict(set)
    for e in model.get("file_edges", []):
        if e.get("kind") == "include":
            includes[e["from"]].add(e["to"])
    reach = collections.Counter()
    for tu in tus:
        seen, todo = set(), ["file:" + os.path.relpath(tu, root)]
        while todo:
            for nxt in includes.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        reach.update(seen)
    if not reach:
        return None, 0
    name, count = min(reach.items(), key=lambda kv: (-kv[1], kv[0]))
    return os.path.join(root, name[len("file:"):]), count


class Touched:
    """Appends a comment to a file and restores its bytes and times on exit, whatever happens."""

    def __init__(self, path):
        self.path = path

    def __enter__(self):
        st = os.stat(self.path)
        self.times = (st.st_atime_ns, st.st_mtime_ns)
        with open(self.path, "rb") as f:
            self.original = f.read()
        with open(self.path, "ab") as f:
            f.write(b"\n// touched by scripts/bench.py\n")
        return self

    def __exit__(self, *exc):
        try:
            with open(self.path, "wb") as f:
                f.write(self.original)
        finally:
            os.utime(self.path, ns=self.times)
        return False


def fmt_row(label, wall, floor, rss_kb, cached, timings):
    stages = " ".join(f"{timings[s]:9.2f}" if s in timings else f"{'-':>9}" for s in STAGES)
    return (f"  {label:<34} {wall:8.2f} {wall / floor:7.2f}x {rss_kb / 1024:8.0f} {cached:>7} {stages}")


def one_run(a, db, support):
    floor, n, failed, floor_rss, per_tu = run_floor(db, a.jobs, a.clang)
    rows, checks, notes = [("floor: clang -fsyntax-only", floor, floor_rss, "", {})], [], []
    with tempfile.TemporaryDirectory(prefix="cleave-bench-") as tmp:
        out, cache = os.path.join(tmp, "out"), os.path.join(tmp, "cache") if support else None
        cold = run_cleave(a.cleave, a.build_dir, a.jobs, out, cache)
        rows.append(("cleave cold" + (" (empty cache)" if support else ""), cold.wall, cold.rss_kb,
                     f"{cold.cached}/{n}" if support else "", cold.timings))
        if support and not a.cold_only:
            warm = run_cleave(a.cleave, a.build_dir, a.jobs, out, cache)
            rows.append(("cleave warm (nothing changed)", warm.wall, warm.rss_kb, f"{warm.cached}/{n}", warm.timings))
            checks.append((warm.wall <= WARM_SHARE * cold.wall,
                           f"warm {warm.wall:.2f} s <= 3 % of cold ({WARM_SHARE * cold.wall:.2f} s)"))
            header, reached = (a.header, None) if a.header else most_included_header(os.path.join(out, "model.json"),
                                                                                    per_tu)
            if header:
                with Touched(header):
                    h = run_cleave(a.cleave, a.build_dir, a.jobs, out, cache)
                rows.append((f"header touched ({os.path.basename(header)})", h.wall, h.rss_kb, f"{h.cached}/{n}",
                             h.timings))
                notes.append(f"header: {header}" + (f" (reached from {reached} of {n} TUs)" if reached else ""))
                run_cleave(a.cleave, a.build_dir, a.jobs, out, cache)  # back to warm for the restored header
            leaf = a.leaf or sorted(p for p in per_tu if p.endswith((".cpp", ".cc", ".cxx")))[len(per_tu) // 2]
            # Its own parse, alone: the best of three, since other work shares the machine.
            parse_alone = min(run_measured(per_tu[leaf][1], cwd=per_tu[leaf][2])[0] for _ in range(3))
            with Touched(leaf):
                lt = run_cleave(a.cleave, a.build_dir, a.jobs, out, cache)
            rows.append((f"leaf touched ({os.path.basename(leaf)})", lt.wall, lt.rss_kb, f"{lt.cached}/{n}",
                         lt.timings))
            budget = LEAF_FACTOR * parse_alone + WARM_SHARE * cold.wall
            notes.append(f"leaf: {leaf} (clang -fsyntax-only alone, best of 3: {parse_alone:.2f} s)")
            checks.append((lt.wall <= budget, f"leaf touched {lt.wall:.2f} s <= 2 x its parse ({parse_alone:.2f} s)"
                                              f" + 3 % of cold = {budget:.2f} s"))
            run_cleave(a.cleave, a.build_dir, a.jobs, out, cache)  # back to warm for the restored leaf
            c_rows, c_checks, c_notes = check_rows(a, out, cache, cold, n, leaf)
            rows += c_rows
            checks += c_checks
            notes += c_notes
    return n, failed, floor, rows, checks, ["cold: " + cold.summary] + notes


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-p", "--build-dir", required=True)
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count())
    ap.add_argument("--cleave", default=os.path.join(here, "..", "build", "default", "cleave"))
    ap.add_argument("--clang", default="clang++-16")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--header", help="Header to touch (default: the project header reached from the most TUs)")
    ap.add_argument("--leaf", help="TU to touch (default: the middle .cpp of the database, by path)")
    ap.add_argument("--cold-only", action="store_true", help="Only the floor and the cold run")
    a = ap.parse_args()
    a.header = os.path.abspath(a.header) if a.header else None
    a.leaf = os.path.abspath(a.leaf) if a.leaf else None
    # A SIGTERM unwinds like Ctrl-C, so a touched file is always restored.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    db = json.load(open(os.path.join(a.build_dir, "compile_commands.json")))
    support = cleave_supports(a.cleave)
    if not support:
        print("note: this cleave has no --cache/--timings; measuring the floor and a cold run only")
    failures = 0
    for run in range(a.runs):
        n, failed, floor, rows, checks, notes = one_run(a, db, support)
        print(f"run {run + 1}: {n} TUs, -j{a.jobs} ({failed} TUs with errors under clang)")
        print(f"  {'':<34} {'wall s':>8} {'/floor':>8} {'RSS MB':>8} {'cached':>7} "
              + " ".join(f"{s:>9}" for s in STAGES))
        for label, wall, rss, cached, timings in rows:
            print(fmt_row(label, wall, floor, rss, cached, timings))
        for note in notes:
            print(f"  {note}")
        for ok, what in checks:
            print(f"  {'PASS' if ok else 'FAIL'}  {what}")
            failures += not ok
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
