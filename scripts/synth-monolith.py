#!/usr/bin/env python3
"""Generate a synthetic C++ monolith with a planted decomposition, for cleave's scale benchmark.

The project has K contexts. Each context owns a few tables and a set of classes; a method calls
other methods mostly of its own context (a few cross-context calls) and runs SQL through
sqlite3_exec (rules/db_apis.json) mostly on its own tables. Everything reaches a small shared
kernel (synth::common::db and log). No CMake: the compile database is written directly, with
absolute paths. Deterministic for a given seed and size.

  scripts/synth-monolith.py OUT --lines 100000 [--contexts 12] [--seed 1] [--tu-lines 1500]

Writes OUT/{main.cpp, include/synth/..., src/<context>/*.cpp, schema.sql,
build/compile_commands.json, expected/{decomposition,table_access,calls}.json, expected/manifest.json}.
`cleave analyze -p OUT/build` analyzes it; expected/decomposition.json has the format of
samples/*/expected/decomposition.json.
"""
import argparse, json, os, random, shutil

CONTEXT_WORDS = ["orders", "billing", "catalog", "shipping", "customers", "inventory", "payments", "reviews",
                 "search", "accounts", "pricing", "returns", "loyalty", "suppliers", "warehouse", "marketing"]
TABLE_NOUNS = ["items", "events", "lines", "entries", "states", "links", "notes", "audits"]
CLASS_KINDS = ["Service", "Repository", "Handler", "Validator", "Mapper", "Policy"]
METHODS_PER_CLASS = 10
P_SAME_CLASS, P_CROSS_CONTEXT = 0.30, 0.02  # of calls; the rest go to another class of the same context
P_SQL, P_SQL_FOREIGN = 0.35, 0.03           # methods with SQL; of those, SQL on another context's table


def context_names(k):
    return [CONTEXT_WORDS[i] if i < len(CONTEXT_WORDS) else f"{CONTEXT_WORDS[i % len(CONTEXT_WORDS)]}{i}"
            for i in range(k)]


class Plan:
    """Who is where, decided before any text is written, so the truth and the code agree."""

    def __init__(self, lines, k, seed, tu_lines):
        self.rng = random.Random(seed)
        self.contexts = context_names(k)
        self.tables = {c: [f"{c}_{n}" for n in TABLE_NOUNS[:3 + (i % 4)]] for i, c in enumerate(self.contexts)}
        # About 9 lines of source per method and 16 of header per class.
        n_classes = max(k, round(lines / (METHODS_PER_CLASS * 9 + 16)))
        self.classes = []  # (context, class name, index within the context)
        for i in range(n_classes):
            c = self.contexts[i % k]
            j = i // k
            self.classes.append((c, f"{c.capitalize()}{CLASS_KINDS[j % len(CLASS_KINDS)]}{j}", j))
        self.by_context = {c: [cls for cls in self.classes if cls[0] == c] for c in self.contexts}
        self.classes_per_tu = max(1, round(tu_lines / (METHODS_PER_CLASS * 11)))

    def callee(self, ctx, cls):
        r = self.rng.random()
        if r < P_SAME_CLASS:
            target = cls
        elif r < P_SAME_CLASS + P_CROSS_CONTEXT and len(self.contexts) > 1:
            other = self.rng.choice([c for c in self.contexts if c != ctx])
            target = self.rng.choice(self.by_context[other])
        else:
            target = self.rng.choice(self.by_context[ctx])
        return target, self.rng.randrange(METHODS_PER_CLASS)

    def sql(self, ctx):
        own = self.rng.random() >= P_SQL_FOREIGN or len(self.contexts) == 1
        where = ctx if own else self.rng.choice([c for c in self.contexts if c != ctx])
        t = self.rng.choice(self.tables[where])
        kind = self.rng.randrange(4)
        n = self.rng.randrange(1, 1000)
        if kind == 0:
            return f"SELECT id, qty, label FROM {t} WHERE id = {n}", [(t, "read")]
        if kind == 1 and own:
            u = self.rng.choice(self.tables[ctx])
            if u != t:
                return (f"SELECT a.id, b.qty FROM {t} a JOIN {u} b ON b.id = a.ref_id WHERE a.qty > {n}",
                        [(t, "read"), (u, "read")])
            return f"SELECT COUNT(*) FROM {t} WHERE qty > {n}", [(t, "read")]
        if kind == 2 and own:
            return f"INSERT INTO {t} (id, ref_id, qty, label) VALUES ({n}, {n + 1}, 1, 'x')", [(t, "write")]
        if own:
            return f"UPDATE {t} SET qty = qty + 1 WHERE id = {n}", [(t, "write")]
        return f"SELECT label FROM {t} WHERE ref_id = {n}", [(t, "read")]


def qualified(ctx, name):
    return f"synth::{ctx}::{name}"


def write(path, text, counter):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    counter[0] += text.count("\n")


def header_text(ctx, name):
    methods = "\n".join(f"  static int m{i}(int x);" for i in range(METHODS_PER_CLASS))
    return (f"#pragma once\n\nnamespace synth::{ctx} {{\n\n// Part of the {ctx} context.\nclass {name} {{\n public:\n"
            f"{methods}\n\n private:\n  int state_ = 0;\n}};\n\n}}  // namespace synth::{ctx}\n")


def method_text(plan, ctx, name, i, truth):
    me = qualified(ctx, f"{name}::m{i}")
    body = [f"int {name}::m{i}(int x) {{", f"  int acc = x * {plan.rng.randrange(2, 97)} + {i};"]
    includes = set()
    for _ in range(plan.rng.randrange(1, 4)):
        (tctx, tname, _), tm = plan.callee(ctx, (ctx, name, None))
        includes.add((tctx, tname))
        callee = f"{tname}::m{tm}" if tctx == ctx else f"::synth::{tctx}::{tname}::m{tm}"
        body.append(f"  if (acc % {plan.rng.randrange(3, 11)} != 0) acc += {callee}(acc - 1);")
        if (tname, tm) != (name, i):
            truth["calls"].add((me, qualified(tctx, f"{tname}::m{tm}")))
    if plan.rng.random() < P_SQL:
        sql, accesses = plan.sql(ctx)
        body.append(f'  sqlite3_exec(common::db(), "{sql}", nullptr, nullptr, nullptr);')
        truth["accesses"].update((me, t, mode) for t, mode in accesses)
    if plan.rng.random() < 0.2:
        body.append(f'  common::log("{name}::m{i}");')
        truth["calls"].add((me, "synth::common::log"))
    if any("common::db()" in line for line in body):
        truth["calls"].add((me, "synth::common::db"))
    body += [f"  for (int k = 0; k < {plan.rng.randrange(2, 6)}; ++k) acc ^= k * x;", "  return acc;", "}"]
    return body, includes


def write_tu(plan, root, ctx, tu_index, members, truth, counter):
    parts, includes = [], set()
    for _, name, _ in members:
        includes.add((ctx, name))
        for i in range(METHODS_PER_CLASS):
            body, inc = method_text(plan, ctx, name, i, truth)
            includes |= inc
            parts.append("\n".join(body))
    head = ["#include <sqlite3.h>", "", '#include "synth/common/db.hpp"']
    head += [f'#include "synth/{c}/{n}.hpp"' for c, n in sorted(includes)]
    text = "\n".join(head) + f"\n\nnamespace synth::{ctx} {{\n\n" + "\n\n".join(parts) + \
        f"\n\n}}  // namespace synth::{ctx}\n"
    path = os.path.join(root, "src", ctx, f"{ctx}_{tu_index}.cpp")
    write(path, text, counter)
    return path


def generate(root, lines, k, seed, tu_lines, std_headers=True):
    plan = Plan(lines, k, seed, tu_lines)
    counter, sources = [0], []
    truth = {"calls": set(), "accesses": set()}
    if os.path.exists(root):
        shutil.rmtree(root)
    write(os.path.join(root, "include", "synth", "common", "db.hpp"),
          "#pragma once\n\n" + ("#include <map>\n#include <string>\n#include <vector>\n\n" if std_headers else "") +
          "struct sqlite3;\n\n// The shared kernel: every context reaches it.\nnamespace synth::common {\n"
          "sqlite3* db();\nvoid log(const char* what);\n}  // namespace synth::common\n", counter)
    sources.append(os.path.join(root, "src", "common", "db.cpp"))
    write(sources[-1], '#include "synth/common/db.hpp"\n\n#include <sqlite3.h>\n\nnamespace synth::common {\n\n'
          "sqlite3* db() {\n  static sqlite3* handle = nullptr;\n  if (handle == nullptr) sqlite3_open(\":memory:\", "
          "&handle);\n  return handle;\n}\n\nvoid log(const char* what) { (void)what; }\n\n}  // namespace synth::common\n",
          counter)
    for ctx, name, _ in plan.classes:
        write(os.path.join(root, "include", "synth", ctx, f"{name}.hpp"), header_text(ctx, name), counter)
    for ctx in plan.contexts:
        members = plan.by_context[ctx]
        for t in range(0, len(members), plan.classes_per_tu):
            sources.append(write_tu(plan, root, ctx, t // plan.classes_per_tu,
                                    members[t:t + plan.classes_per_tu], truth, counter))
    entry = [f'#include "synth/{c}/{plan.by_context[c][0][1]}.hpp"' for c in plan.contexts]
    calls = [f"  total += synth::{c}::{plan.by_context[c][0][1]}::m0(argc);" for c in plan.contexts]
    for c in plan.contexts:
        truth["calls"].add(("main", qualified(c, f"{plan.by_context[c][0][1]}::m0")))
    sources.append(os.path.join(root, "main.cpp"))
    write(sources[-1], "\n".join(entry) + "\n\nint main(int argc, char**) {\n  int total = 0;\n" + "\n".join(calls) +
          "\n  return total == 42 ? 1 : 0;\n}\n", counter)
    schema = []
    for c in plan.contexts:
        for t in plan.tables[c]:
            schema.append(f"CREATE TABLE {t} (\n  id INTEGER PRIMARY KEY,\n  ref_id INTEGER,\n  qty INTEGER NOT NULL,\n"
                          f"  label TEXT\n);\n")
    write(os.path.join(root, "schema.sql"), "\n".join(schema), counter)
    db = [{"directory": root, "file": s,
           "arguments": ["clang++", "-std=c++17", "-I" + os.path.join(root, "include"), "-c", s, "-o",
                         os.path.join(root, "build", "obj", os.path.relpath(s, root) + ".o")]} for s in sources]
    os.makedirs(os.path.join(root, "build"), exist_ok=True)
    with open(os.path.join(root, "build", "compile_commands.json"), "w") as f:
        json.dump(db, f, indent=2)
    write_truth(root, plan, truth, counter[0], len(sources), seed)
    return counter[0], len(sources)


def write_truth(root, plan, truth, lines, tus, seed):
    contexts = {c: {"classes": sorted(qualified(c, n) for _, n, _ in plan.by_context[c]), "functions": [],
                    "tables": sorted(plan.tables[c])} for c in plan.contexts}
    expected = {
        "decomposition.json": {"contexts": contexts, "split_classes": {},
                               "shared_kernel": {"classes": [], "functions": sorted(
                                   ["main", "synth::common::db", "synth::common::log"])}},
        "table_access.json": {"accesses": [{"function": f, "table": t, "mode": m}
                                           for f, t, m in sorted(truth["accesses"])]},
        "calls.json": {"calls": [{"from": a, "to": b} for a, b in sorted(truth["calls"])]},
        "manifest.json": {"lines": lines, "tus": tus, "contexts": len(plan.contexts), "classes": len(plan.classes),
                          "methods": len(plan.classes) * METHODS_PER_CLASS, "seed": seed,
                          "generator": "scripts/synth-monolith.py"},
    }
    os.makedirs(os.path.join(root, "expected"), exist_ok=True)
    for name, doc in expected.items():
        with open(os.path.join(root, "expected", name), "w") as f:
            json.dump(doc, f, indent=2, sort_keys=True)
            f.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", help="Output directory (replaced)")
    ap.add_argument("--lines", type=int, default=10000, help="Approximate lines of code, 10k to 1M (default 10000)")
    ap.add_argument("--contexts", type=int, default=12, help="Number of planted contexts (default 12)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tu-lines", type=int, default=1500, help="Approximate lines per .cpp (default 1500)")
    ap.add_argument("--no-std", action="store_true",
                    help="Leave <map>, <string>, <vector> out of the kernel header (every TU includes them otherwise, "
                         "as in real code, so the parse is not unrealistically cheap)")
    a = ap.parse_args()
    if a.contexts < 1 or a.lines < 1000:
        ap.error("need --contexts >= 1 and --lines >= 1000")
    lines, tus = generate(os.path.abspath(a.out), a.lines, a.contexts, a.seed, a.tu_lines, not a.no_std)
    print(f"{a.out}: {lines} lines, {tus} TUs, {a.contexts} contexts (seed {a.seed})")


if __name__ == "__main__":
    main()
