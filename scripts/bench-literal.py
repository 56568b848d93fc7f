#!/usr/bin/env python3
"""Benchmark: peak memory of cleave on one TU holding a 5 MB SQL literal.

For each shape of literal, writes a TU (and its compile_commands.json) into a
temporary directory, then prints side by side the peak RSS and wall time of
  - clang -fsyntax-only on the TU (the parse floor),
  - cleave analyze on the same TU with the literal cut to a few rows (baseline),
  - cleave analyze on the TU with the whole literal,
and the ratio of the last to the baseline. The budget is 300 MB (issue 18).
Usage: scripts/bench-literal.py [--cleave build/default/cleave] [--clang clang++-16] [--mb 5]
"""
import argparse, json, os, subprocess, sys, tempfile, time

BUDGET_KB = 300 * 1024


def rows(n):
    return ",".join(f"({i}, 'name {i}', {i * 3}, NULL)" for i in range(n))


def ids(n):
    return ",".join(str(i) for i in range(n))


def statements(n):
    return " ".join(f"INSERT INTO audit (id, note) VALUES ({i}, 'seed {i}');" for i in range(n))


# name -> function of a count giving the SQL
SHAPES = {
    "insert-rows": lambda n: "INSERT INTO items (id, name, qty, note) VALUES " + rows(n),
    "in-list": lambda n: "SELECT name FROM items WHERE id IN (" + ids(n) + ")",
    "statements": statements,
}


def tu(sql):
    # Adjacent literals: one C++ string literal, as code generators write it.
    chunks = [sql[i:i + 4000] for i in range(0, len(sql), 4000)] or [""]
    body = "\n".join('"' + c.replace("\\", "\\\\").replace('"', '\\"') + '"' for c in chunks)
    return ('struct pg_conn;\nextern "C" void* PQexec(pg_conn*, const char*);\n'
            f"void seed(pg_conn* c) {{ PQexec(c, {body}); }}\n")


def measured(cmd, cwd):
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{err}")
    return usage.ru_maxrss, time.monotonic() - start


def project(root, name, sql):
    d = os.path.join(root, name)
    os.makedirs(d)
    with open(os.path.join(d, "tu.cpp"), "w") as f:
        f.write(tu(sql))
    with open(os.path.join(d, "compile_commands.json"), "w") as f:
        json.dump([{"directory": d, "file": os.path.join(d, "tu.cpp"),
                    "arguments": ["clang++", "-std=c++17", "-c", "tu.cpp"]}], f)
    return d


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cleave", default=os.path.join(here, "..", "build", "default", "cleave"))
    ap.add_argument("--clang", default="clang++-16")
    ap.add_argument("--mb", type=float, default=5.0)
    args = ap.parse_args()
    over = False
    print(f"{'shape':<12} {'literal':>9} {'clang -fsyntax-only':>20} {'cleave, 20 rows':>16} "
          f"{'cleave, whole':>14} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as root:
        for name, make in SHAPES.items():
            n = int(args.mb * 1024 * 1024 * 10000 / len(make(10000)))
            sql = make(n)
            whole = project(root, name, sql)
            small = project(root, name + "-small", make(20))
            floor_kb, floor_s = measured([args.clang, "-std=c++17", "-fsyntax-only", "tu.cpp"], whole)
            base_kb, base_s = measured([args.cleave, "analyze", "--no-progress", "-j", "1", "-p", small, "-o",
                                        os.path.join(root, name + "-small-out")], root)
            kb, s = measured([args.cleave, "analyze", "--no-progress", "-j", "1", "-p", whole, "-o",
                              os.path.join(root, name + "-out")], root)
            over |= kb > BUDGET_KB
            print(f"{name:<12} {len(sql) / 1048576:>7.1f}MB {floor_kb / 1024:>8.0f} MB {floor_s:>6.1f} s "
                  f"{base_kb / 1024:>6.0f} MB {base_s:>4.1f} s {kb / 1024:>6.0f} MB {s:>4.1f} s "
                  f"{kb / base_kb:>5.1f}x")
    print(f"budget: {BUDGET_KB // 1024} MB peak RSS per shape: {'exceeded' if over else 'kept'}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
