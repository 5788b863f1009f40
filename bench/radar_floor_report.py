#!/usr/bin/env python3
"""Reads the CSV of radar_floor_tool and prints, per relevance-floor threshold,
what a reader would see: of the papers passing the floor, how many are relevant
(precision), how many of the relevant ones pass (recall), F1, and how many
irrelevant papers pass per task-week (the false alarms a day with nothing
relevant would show: a week's pool is ~400 papers, five announcement days).
Tuning rows use the public week's tasks; the held-out rows the other weeks.

  python3 bench/radar_floor_report.py floor.csv [--coverage=C] [threshold ...]

A paper passes at threshold T when its relevance is at least T and, for a
radar without seed papers (the describe tasks), when it has at least C of the
radar's words by idf mass (the product's default: 0.3).
"""
import csv
import sys
from collections import defaultdict


def main():
    path = sys.argv[1]
    coverage = 0.3
    args = []
    for a in sys.argv[2:]:
        if a.startswith("--coverage="):
            coverage = float(a.split("=", 1)[1])
        else:
            args.append(a)
    thresholds = [float(x) for x in args] or [2, 3, 3.5, 4, 4.5, 5, 6]
    rows = defaultdict(list)  # (split, kind) -> [(task key, relevant, relevance)]
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            split = "public week" if r["week"] == "2015-11-02" else "held-out weeks"
            rel = float(r["relevance"]) if r["relevance"] not in ("nan", "-inf") else float("-inf")
            if r["kind"] == "describe" and float(r["coverage"]) < coverage:
                rel = float("-inf")  # no direct evidence: never passes
            rows[(split, r["kind"])].append((r["week"] + r["task"], int(r["relevant"]), rel))
    print("| split | radar | floor | passing per task-week | precision | recall | F1 | "
          "irrelevant passing per task-week | task-weeks with nothing passing |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (split, kind) in sorted(rows, key=lambda k: (k[0] != "public week", k[1])):
        data = rows[(split, kind)]
        tasks = {t for t, _, _ in data}
        for th in thresholds:
            tp = sum(1 for _, y, s in data if y and s >= th)
            fp = sum(1 for _, y, s in data if not y and s >= th)
            pos = sum(y for _, y, _ in data)
            passing = defaultdict(int)
            for t, _, s in data:
                if s >= th:
                    passing[t] += 1
            empty = sum(1 for t in tasks if passing[t] == 0)
            p = tp / (tp + fp) if tp + fp else 0.0
            rc = tp / pos if pos else 0.0
            f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
            print(f"| {split} | {kind} | {th:g} | {(tp + fp) / len(tasks):.1f} | {p:.2f} | "
                  f"{rc:.2f} | {f1:.2f} | {fp / len(tasks):.1f} | {empty} of {len(tasks)} |")


if __name__ == "__main__":
    main()
