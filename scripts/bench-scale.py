#!/usr/bin/env python3
"""Scale benchmark: cleave's stage times and peak RSS on generated monoliths of growing size.

For each size, scripts/synth-monolith.py writes a monolith, and `cleave analyze --no-cache --timings`
runs on it once. Writes a CSV and a log-log SVG chart (drawn here, no plotting library): one line
per post-parse stage, parse for context, and an n log n reference; and how many planted classes
land together (expected/decomposition.json against proposal.json). Prints the slope of each
post-parse stage on log-log against n log n's over the same sizes, and the post-parse share of the
total; exits 1 when a stage grows faster than n log n or the share reaches 10 %.
  scripts/bench-scale.py [--sizes 10000,30000,100000,300000,1000000] [--max-lines N] [-j 2]
                         [--csv scale.csv] [--svg scale.svg] [--work /tmp/cleave-scale]
"""
import argparse, csv, importlib.util, math, os, re, shutil, subprocess, sys, tempfile, time

STAGES = ["plan", "parse", "sql", "model", "decompose", "findings", "reports"]
POST_PARSE = ["sql", "model", "decompose", "findings", "reports"]
COLORS = {"sql": "#1f77b4", "model": "#2ca02c", "decompose": "#d62728", "findings": "#9467bd", "reports": "#ff7f0e",
          "parse": "#999999", "n log n": "#000000"}
SLOPE_TOLERANCE = 0.15  # on log-log, over sizes a factor 100 apart: noise of a loaded 2-core machine
SHARE_LIMIT = 0.10
FLOOR_S = 0.001  # stages that round to 0 are drawn and fitted at 1 ms


def load_generator(here):
    spec = importlib.util.spec_from_file_location("synth_monolith", os.path.join(here, "synth-monolith.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def run_cleave(cleave, build_dir, out, jobs):
    cmd = [cleave, "analyze", "--no-progress", "--no-cache", "--timings", "-j", str(jobs), "-p", build_dir, "-o", out]
    with tempfile.TemporaryFile("w+") as so, tempfile.TemporaryFile("w+") as se:
        start = time.monotonic()
        p = subprocess.Popen(cmd, stdout=so, stderr=se)
        _, status, usage = os.wait4(p.pid, 0)  # this child's own peak RSS
        wall = time.monotonic() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        so.seek(0)
        se.seek(0)
        stdout, stderr = so.read(), se.read()
    if p.returncode != 0:
        sys.exit(f"cleave failed ({p.returncode}): {' '.join(cmd)}\n{stderr[-2000:]}")
    timings = {}
    for line in stderr.splitlines():
        if line.startswith("cleave: timings:"):
            timings = {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", line)}
    if not timings:
        sys.exit("cleave printed no 'cleave: timings:' line; it needs --timings (issue 14)")
    services = re.search(r"(\d+) services proposed", stdout)
    return wall, usage.ru_maxrss, timings, int(services.group(1)) if services else 0


def recovered(project, out):
    """Share of planted classes placed in the service most of their planted context went to."""
    import collections, json
    truth = json.load(open(os.path.join(project, "expected", "decomposition.json")))["contexts"]
    service = {c: s["name"] for s in json.load(open(os.path.join(out, "proposal.json")))["services"]
               for c in s["classes"]}
    hit = total = 0
    for ctx in truth.values():
        placed = collections.Counter(service.get(c) for c in ctx["classes"])
        hit += max(placed.values())
        total += len(ctx["classes"])
    return hit / total if total else 0.0


def slope(xs, ys):
    lx, ly = [math.log(x) for x in xs], [math.log(max(y, FLOOR_S)) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    den = sum((x - mx) ** 2 for x in lx)
    return sum((x - mx) * (y - my) for x, y in zip(lx, ly)) / den if den else 0.0


def svg_chart(rows, path):
    w, h, left, right, top, bottom = 760, 480, 70, 150, 30, 50
    xs = [r["lines"] for r in rows]
    series = {s: [max(r[s], FLOOR_S) for r in rows] for s in POST_PARSE + ["parse"]}
    base = max(series[s][0] for s in POST_PARSE)
    series["n log n"] = [base * (x * math.log(x)) / (xs[0] * math.log(xs[0])) for x in xs]
    ys = [y for v in series.values() for y in v]
    x0, x1 = math.floor(math.log10(min(xs))), math.log10(max(xs)) + 0.1
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    y1 = max(y1, y0 + 1)

    def px(x):
        return left + (math.log10(x) - x0) / (x1 - x0) * (w - left - right)

    def py(y):
        return h - bottom - (math.log10(y) - y0) / (y1 - y0) * (h - top - bottom)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
           f'font-family="sans-serif" font-size="12">', f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="{left}" y="18" font-size="14">cleave analyze: stage time against monolith size '
           f'(log-log, scripts/bench-scale.py)</text>']
    for x in [m * 10 ** e for e in range(x0, math.ceil(x1)) for m in (1, 3)]:
        if math.log10(x) <= x1:
            label = f"{x // 1000:,}k" if x < 10 ** 6 else f"{x / 10 ** 6:g}M"
            out.append(f'<line x1="{px(x):.1f}" y1="{top}" x2="{px(x):.1f}" y2="{h - bottom}" stroke="#ddd"/>')
            out.append(f'<text x="{px(x):.1f}" y="{h - bottom + 16}" text-anchor="middle">{label}</text>')
    for e in range(y0, y1 + 1):
        out.append(f'<line x1="{left}" y1="{py(10 ** e):.1f}" x2="{w - right}" y2="{py(10 ** e):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{py(10 ** e) + 4:.1f}" text-anchor="end">{10.0 ** e:g} s</text>')
    out.append(f'<rect x="{left}" y="{top}" width="{w - left - right}" height="{h - top - bottom}" fill="none" '
               f'stroke="#333"/>')
    out.append(f'<text x="{(left + w - right) / 2}" y="{h - 12}" text-anchor="middle">lines of C++ (generated)</text>')
    for i, (name, ys_) in enumerate(series.items()):
        dash = ' stroke-dasharray="6 4"' if name in ("parse", "n log n") else ""
        pts = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in zip(xs, ys_))
        out.append(f'<polyline points="{pts}" fill="none" stroke="{COLORS[name]}" stroke-width="2"{dash}/>')
        out += [f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{COLORS[name]}"/>' for x, y in zip(xs, ys_)
                if name != "n log n"]
        ly = top + 16 + i * 18
        out.append(f'<line x1="{w - right + 12}" y1="{ly - 4}" x2="{w - right + 36}" y2="{ly - 4}" '
                   f'stroke="{COLORS[name]}" stroke-width="2"{dash}/>')
        out.append(f'<text x="{w - right + 42}" y="{ly}">{name}</text>')
    out.append(f'<text x="{w - right + 12}" y="{top + 16 + len(series) * 18 + 10}" font-size="10">'
               f'0 s is drawn at 1 ms</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,30000,100000,300000,1000000")
    ap.add_argument("--max-lines", type=int, default=0, help="Skip sizes above this")
    ap.add_argument("--contexts", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--cleave", default=os.path.join(here, "..", "build", "default", "cleave"))
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "cleave-scale"))
    ap.add_argument("--csv", default="scale.csv")
    ap.add_argument("--svg", default="scale.svg")
    ap.add_argument("--keep", action="store_true", help="Keep the generated projects")
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",") if not a.max_lines or int(s) <= a.max_lines]
    gen, rows = load_generator(here), []
    print(f"{'lines':>9} {'TUs':>5} {'wall s':>8} {'RSS MB':>7} " + " ".join(f"{s:>9}" for s in STAGES)
          + f" {'post %':>7} {'services':>8} {'truth':>6}", flush=True)
    for size in sizes:
        project, out = os.path.join(a.work, f"synth-{size}"), os.path.join(a.work, f"out-{size}")
        lines, tus = gen.generate(project, size, a.contexts, a.seed, 1500)
        wall, rss, t, services = run_cleave(a.cleave, os.path.join(project, "build"), out, a.jobs)
        row = {"lines": lines, "tus": tus, "wall": wall, "rss_kb": rss, **{s: t.get(s, 0.0) for s in STAGES},
               "total": t.get("total", wall), "services": services, "contexts": a.contexts,
               "recovered": recovered(project, out)}
        row["post_parse"] = sum(row[s] for s in POST_PARSE)
        row["post_share"] = row["post_parse"] / row["total"] if row["total"] else 0.0
        rows.append(row)
        print(f"{lines:>9} {tus:>5} {wall:8.2f} {rss / 1024:7.0f} " + " ".join(f"{row[s]:9.3f}" for s in STAGES)
              + f" {100 * row['post_share']:6.1f}% {services:>5}/{a.contexts} {100 * row['recovered']:5.1f}%", flush=True)
        if not a.keep:
            shutil.rmtree(project, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
    with open(a.csv, "w", newline="") as f:
        fields = ["lines", "tus", "wall", "rss_kb"] + STAGES + ["total", "post_parse", "post_share", "services",
                                                               "contexts", "recovered"]
        wr = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        wr.writeheader()
        wr.writerows({k: round(v, 4) if isinstance(v, float) else v for k, v in r.items()} for r in rows)
    if len(rows) < 2:
        sys.exit("need two sizes or more to fit a slope")
    svg_chart(rows, a.svg)
    xs = [r["lines"] for r in rows]
    ref = slope(xs, [x * math.log(x) for x in xs])
    failures = 0
    print(f"slopes on log-log over {xs[0]:,}-{xs[-1]:,} lines (n log n: {ref:.2f}, allowed up to "
          f"{ref + SLOPE_TOLERANCE:.2f}):")
    for s in POST_PARSE + ["post_parse"]:
        k = slope(xs, [r[s] for r in rows])
        last = slope(xs[-2:], [r[s] for r in rows[-2:]])
        ok = k <= ref + SLOPE_TOLERANCE
        failures += not ok
        print(f"  {'PASS' if ok else 'FAIL'}  {s:<10} slope {k:5.2f}  ({rows[0][s]:.3f} s -> {rows[-1][s]:.3f} s; "
              f"{last:.2f} between the two largest sizes)")
    worst = max(rows, key=lambda r: r["post_share"])
    ok = worst["post_share"] < SHARE_LIMIT
    failures += not ok
    print(f"  {'PASS' if ok else 'FAIL'}  post-parse stages < 10 % of total at every size "
          f"(worst {100 * worst['post_share']:.1f} % at {worst['lines']:,} lines)")
    print(f"wrote {a.csv} and {a.svg}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
