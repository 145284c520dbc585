#!/usr/bin/env python3
"""Time `newsgraph path` and `newsgraph show` on a built graph, many random entities.

Picks random known entities from the graph's node CSVs (seeded, so the same graph and seed
give the same pairs), runs the release binary once per query with its output discarded,
and prints a Markdown table: median, p95 and max wall time (including loading the graph),
the median CPU time (user + system: what a busy machine does not inflate) and the largest
maximum resident set size (`/usr/bin/time -v`; `apt-get install time`).

Entities are named by canonical name, with `--first` so that a name two entities share
picks one instead of exiting 2. Two samplings are reported: `nodes` draws entities
uniformly over nodes (mostly events, as in the graph), `labels` draws a label uniformly
first, so hubs (persons, organizations, countries) are as frequent as events.

    python3 bench/query_bench.py --graph /work/bench/g100k --bin target/release/newsgraph -n 200

Standard library only.
"""
import argparse
import csv
import glob
import os
import random
import resource
import statistics
import subprocess
import sys
import time

csv.field_size_limit(1 << 30)


def load_names(graph):
    """{label: [name, ...]} from the node CSVs (canonical names, in file order)."""
    by_label = {}
    for path in sorted(glob.glob(os.path.join(graph, "nodes_*.csv"))):
        with open(path, newline="", encoding="utf-8") as f:
            rows = csv.reader(f)
            header = next(rows)
            col = header.index("name")
            names = [row[col] for row in rows if row[col].strip()]
        if names:
            label = os.path.basename(path)[len("nodes_"):-len(".csv")]
            by_label[label] = names
    return by_label


def pick(by_label, rng, mode):
    if mode == "labels":
        return rng.choice(by_label[rng.choice(sorted(by_label))])
    total = sum(len(v) for v in by_label.values())
    i = rng.randrange(total)
    for label in sorted(by_label):
        if i < len(by_label[label]):
            return by_label[label][i]
        i -= len(by_label[label])
    raise AssertionError


def run(cmd, time_bin):
    """(wall seconds, CPU seconds, max RSS in KiB or None, exit status)."""
    full = ([time_bin, "-v"] if time_bin else []) + cmd
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    rss = None
    for line in p.stderr.decode("utf-8", "replace").splitlines():
        if "Maximum resident set size" in line:
            rss = int(line.rsplit(":", 1)[1])
    return wall, cpu, rss, p.returncode


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(q * (len(xs) - 1))))]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--graph", required=True, help="folder written by `newsgraph build`")
    ap.add_argument("--bin", default="target/release/newsgraph")
    ap.add_argument("-n", "--queries", type=int, default=200, help="queries per row")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--warmup", type=int, default=3, help="untimed runs first (page cache)")
    ap.add_argument("--sampling", default="nodes,labels", help="nodes, labels or both")
    ap.add_argument("--commands", default="path,show")
    ap.add_argument("--extra", default="", help="extra arguments for every query, e.g. --json")
    args = ap.parse_args()

    time_bin = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None
    if not time_bin:
        print("warning: /usr/bin/time missing (apt-get install time): no RSS", file=sys.stderr)
    by_label = load_names(args.graph)
    extra = args.extra.split()
    nodes = sum(len(v) for v in by_label.values())

    rows = []
    for mode in args.sampling.split(","):
        for command in args.commands.split(","):
            rng = random.Random(f"{args.seed}-{mode}-{command}")
            queries = []
            for _ in range(args.queries + args.warmup):
                if command == "path":
                    queries.append([pick(by_label, rng, mode), pick(by_label, rng, mode)])
                else:
                    queries.append([pick(by_label, rng, mode)])
            walls, cpus, rsss, codes = [], [], [], {}
            for i, names in enumerate(queries):
                cmd = [args.bin, command, *names, "--graph", args.graph, "--first", *extra]
                wall, cpu, rss, code = run(cmd, time_bin)
                if i < args.warmup:
                    continue
                walls.append(wall * 1000)
                cpus.append(cpu * 1000)
                if rss is not None:
                    rsss.append(rss)
                codes[code] = codes.get(code, 0) + 1
                if code not in (0, 1):
                    print(f"warning: exit {code}: {cmd}", file=sys.stderr)
            rows.append((command, mode, len(walls), statistics.median(walls), pct(walls, 0.95),
                         max(walls), statistics.median(cpus),
                         max(rsss) / 1024 if rsss else float("nan"), codes))

    print(f"graph `{args.graph}` ({nodes} nodes), binary `{args.bin}`, "
          f"{args.queries} queries per row after {args.warmup} warm-up runs, seed {args.seed}"
          + (f", extra `{args.extra}`" if extra else ""))
    print()
    print("| command | sampling | queries | median ms | p95 ms | max ms | median CPU ms "
          "| max RSS MB | exit codes |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---|")
    for command, mode, n, med, p95, mx, cpu, rss, codes in rows:
        ec = ", ".join(f"{c}: {k}" for c, k in sorted(codes.items()))
        print(f"| `{command}` | {mode} | {n} | {med:.1f} | {p95:.1f} | {mx:.1f} | {cpu:.1f} "
              f"| {rss:.1f} | {ec} |")


if __name__ == "__main__":
    main()
