#!/usr/bin/env python3
"""Radar evaluation tasks from the 2016 arXiv cs harvest, built the way
shared/datasets/radar-eval's are (see shared/datasets/README.md):

  seed tasks      20 seed papers whose primary class is the task's class, first
                  submitted in the first half of 2015 (a seeded random sample);
  describe tasks  the same topic given by the arXiv class's own name, no seeds;
  mixed tasks     (--mixed) both: the name and the seeds, as a radar a user
                  described and then gave papers;
  feedback tasks  (--feedback) the describe task and one round of feedback on
                  its pool: 3 relevant papers liked, 3 others disliked (a
                  seeded sample; fewer likes when the class has under 6);
  pool            every paper first submitted in one week (created date of v1);
  relevant        the pool papers listed in the class (primary or cross-list).

Used for held-out weeks (tuning must not rest on the public week alone): other
weeks, fresh seed samples. Classes with fewer than --min-relevant relevant papers
in a week are left out (nDCG@10 of one or two relevant papers is mostly noise).

  bench/make_radar_tasks.py --harvest DIR --week 2015-12-07 --out-dir bench/data/radar-eval
  bench/make_radar_tasks.py --describe-from cs2016-categories.jsonl > cs2016-describe.jsonl
  bench/make_radar_tasks.py --describe-from cs2016-categories.jsonl --mixed > cs2016-mixed.jsonl
  bench/make_radar_tasks.py --describe-from cs2016-categories.jsonl --feedback > cs2016-feedback.jsonl

Writes heldout-<week>-seeds.jsonl.gz and heldout-<week>-describe.jsonl.gz
(and heldout-<week>-mixed.jsonl.gz with --mixed, -feedback.jsonl.gz with --feedback)
(gzip with mtime 0: the same input gives the same bytes). Python 3 stdlib only.
"""
import argparse
import datetime
import glob
import gzip
import hashlib
import json
import os
import random
import sys
import xml.etree.ElementTree as ET

# The 25 classes of cs2016-categories.jsonl and arXiv's own names for them
# (https://arxiv.org/category_taxonomy).
CLASS_NAMES = {
    "cs.AI": "Artificial Intelligence",
    "cs.CC": "Computational Complexity",
    "cs.CL": "Computation and Language",
    "cs.CR": "Cryptography and Security",
    "cs.CV": "Computer Vision and Pattern Recognition",
    "cs.CY": "Computers and Society",
    "cs.DB": "Databases",
    "cs.DC": "Distributed, Parallel, and Cluster Computing",
    "cs.DL": "Digital Libraries",
    "cs.DM": "Discrete Mathematics",
    "cs.DS": "Data Structures and Algorithms",
    "cs.FL": "Formal Languages and Automata Theory",
    "cs.GT": "Computer Science and Game Theory",
    "cs.IR": "Information Retrieval",
    "cs.IT": "Information Theory",
    "cs.LG": "Machine Learning",
    "cs.LO": "Logic in Computer Science",
    "cs.NA": "Numerical Analysis",
    "cs.NE": "Neural and Evolutionary Computing",
    "cs.NI": "Networking and Internet Architecture",
    "cs.PL": "Programming Languages",
    "cs.RO": "Robotics",
    "cs.SE": "Software Engineering",
    "cs.SI": "Social and Information Networks",
    "cs.SY": "Systems and Control",
}


def load_harvest(folder):
    ax = "{http://arxiv.org/OAI/arXiv/}"
    papers = []  # (id, created, [categories])
    for f in sorted(glob.glob(os.path.join(folder, "page_*.xml.gz"))):
        for a in ET.parse(gzip.open(f)).getroot().iter(ax + "arXiv"):
            created = a.find(ax + "created")
            papers.append((a.find(ax + "id").text, created.text if created is not None else "",
                           a.find(ax + "categories").text.split()))
    if not papers:
        sys.exit("no page_*.xml.gz under " + folder)
    return papers


def describe_task(task):
    cls = task["task"].split(":", 1)[1]
    return {"task": "describe:" + cls, "description": CLASS_NAMES[cls], "seeds": [],
            "candidates": task["candidates"], "relevant": task["relevant"]}


def mixed_task(task):
    t = describe_task(task)
    t["task"] = "mixed:" + task["task"].split(":", 1)[1]
    t["seeds"] = task["seeds"]
    return t


def feedback_task(task, key):
    t = describe_task(task)
    t["task"] = "feedback:" + task["task"].split(":", 1)[1]
    rng = random.Random(int(hashlib.sha256(("%s feedback" % key).encode()).hexdigest()[:16], 16))
    relevant = set(task["relevant"])
    others = [i for i in task["candidates"] if i not in relevant]
    t["feedback"] = [{"like": rng.sample(task["relevant"], min(3, len(relevant) // 2)),
                      "dislike": rng.sample(others, 3)}]
    return t


def write_gz(path, lines):
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as z:
            for line in lines:
                z.write((json.dumps(line) + "\n").encode())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--harvest", help="folder of the OAI pages (arxiv-cs-oai-2016)")
    ap.add_argument("--week", action="append", default=[], help="Monday YYYY-MM-DD of a pool week")
    ap.add_argument("--out-dir", default=".")
    ap.add_argument("--min-relevant", type=int, default=3)
    ap.add_argument("--describe-from", help="print the describe tasks of a seed-task file")
    ap.add_argument("--mixed", action="store_true", help="also write the mixed tasks")
    ap.add_argument("--feedback", action="store_true", help="also write the feedback tasks")
    a = ap.parse_args()
    if a.describe_from:
        for line in open(a.describe_from):
            if line.strip():
                t = json.loads(line)
                if a.feedback:
                    t = feedback_task(t, "2015-11-02 " + t["task"])
                else:
                    t = mixed_task(t) if a.mixed else describe_task(t)
                print(json.dumps(t))
        return
    papers = load_harvest(a.harvest)
    for week in a.week:
        start = datetime.date.fromisoformat(week)
        end = (start + datetime.timedelta(days=6)).isoformat()
        pool = sorted(i for i, c, _ in papers if week <= c <= end)
        cats = {i: cs for i, _, cs in papers}
        seeds_tasks, skipped = [], []
        for cls in sorted(CLASS_NAMES):
            relevant = [i for i in pool if cls in cats[i]]
            if len(relevant) < a.min_relevant:
                skipped.append("%s (%d relevant)" % (cls, len(relevant)))
                continue
            firsts = sorted(i for i, c, cs in papers
                            if cs[0] == cls and "2015-01-01" <= c <= "2015-06-30")
            seed = int(hashlib.sha256(("%s %s" % (week, cls)).encode()).hexdigest()[:16], 16)
            seeds = random.Random(seed).sample(firsts, 20)
            seeds_tasks.append({"task": "category:" + cls, "seeds": seeds, "candidates": pool,
                                "relevant": relevant})
        base = os.path.join(a.out_dir, "heldout-" + week)
        write_gz(base + "-seeds.jsonl.gz", seeds_tasks)
        write_gz(base + "-describe.jsonl.gz", [describe_task(t) for t in seeds_tasks])
        if a.mixed:
            write_gz(base + "-mixed.jsonl.gz", [mixed_task(t) for t in seeds_tasks])
        if a.feedback:
            write_gz(base + "-feedback.jsonl.gz",
                     [feedback_task(t, week + " " + t["task"]) for t in seeds_tasks])
        print("%s: pool %d, %d tasks; left out: %s" %
              (week, len(pool), len(seeds_tasks), ", ".join(skipped) or "none"), file=sys.stderr)


if __name__ == "__main__":
    main()
