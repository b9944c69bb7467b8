#!/usr/bin/env python3
"""Times medprep's input listing against Python's os.walk on the same tree, in the same run.

Builds a tree of N files (default 1,000,000) in a temporary folder: folders of 1,000 files, in
100 groups, every file a hard link to its folder's first file (so the tree costs one inode per
folder, and the walk sees N regular files). Then, in alternating rounds after a warm-up round,
runs each contender in its own process and records wall time, CPU time (user + system) and peak
RSS from wait4(2):

- medprep:        `medprep list TREE --count` (the walk convert does: readdir, d_type, sort, keys)
- os.walk:        count the files of os.walk(TREE, followlinks=True)
- os.walk+sorted: sorted list of every joined path (what a listing script keeps, as medprep keeps
                  its listing in memory)

and prints the medians and the ratios medprep / Python (below 1 is faster than Python).

    python3 Benchmarks/walk/compare_walk.py --medprep .build/release/medprep [--files 1000000] [--rounds 5]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

PER_FOLDER = 1000
GROUPS = 100

WALK_COUNT = """
import os, sys
n = 0
for _, _, files in os.walk(sys.argv[1], followlinks=True):
    n += len(files)
print(n)
"""

WALK_SORTED = """
import os, sys
paths = sorted(os.path.join(folder, name) for folder, _, files in os.walk(sys.argv[1], followlinks=True)
               for name in files)
print(len(paths))
"""


def build_tree(root, count):
    """count files: root/gGG/fFFFF/img_NNNNNNN.dcm, hard links to each folder's first file."""
    made = 0
    folder_index = 0
    while made < count:
        folder = os.path.join(root, "g%02d" % (folder_index % GROUPS), "f%05d" % folder_index)
        os.makedirs(folder)
        first = os.path.join(folder, "img_%07d.dcm" % made)
        with open(first, "wb") as handle:
            handle.write(b"x")
        made += 1
        for _ in range(min(PER_FOLDER, count - made + 1) - 1):
            os.link(first, os.path.join(folder, "img_%07d.dcm" % made))
            made += 1
        folder_index += 1


def run(command):
    """(wall seconds, CPU seconds, peak RSS bytes, stdout) of one run in its own process, from wait4(2)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit("failed (%d): %s" % (process.returncode, " ".join(command)))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, out.decode()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--medprep", default=".build/release/medprep")
    parser.add_argument("--files", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--tree", help="reuse (or keep) the tree in this folder instead of a temporary one")
    arguments = parser.parse_args()

    temporary = None
    tree = arguments.tree
    if tree is None:
        temporary = tempfile.mkdtemp(prefix="medprep-walk-")
        tree = os.path.join(temporary, "tree")
    try:
        if not os.path.isdir(tree):
            started = time.perf_counter()
            build_tree(tree, arguments.files)
            print("built %d files in %.1f s under %s" % (arguments.files, time.perf_counter() - started, tree),
                  file=sys.stderr)
        contenders = {
            "medprep list --count": [arguments.medprep, "list", tree, "--count"],
            "os.walk (count)": [sys.executable, "-c", WALK_COUNT, tree],
            "os.walk + sorted paths": [sys.executable, "-c", WALK_SORTED, tree],
        }
        load = os.getloadavg()
        results = {name: [] for name in contenders}
        names = list(contenders)
        for round_index in range(arguments.rounds + 1):
            order = names if round_index % 2 == 0 else names[::-1]
            for name in order:
                wall, cpu, rss, out = run(contenders[name])
                count = int(out.split()[0])
                if count != arguments.files:
                    sys.exit("%s saw %d files, expected %d" % (name, count, arguments.files))
                if round_index > 0:  # round 0 warms the caches
                    results[name].append((wall, cpu, rss))
        medians = {name: [statistics.median(r[i] for r in rows) for i in range(3)] for name, rows in results.items()}
        base = medians["medprep list --count"]
        print("| contender | wall s | CPU s | peak RSS MB | medprep/it wall | medprep/it CPU | medprep/it RSS |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for name, (wall, cpu, rss) in medians.items():
            print("| %s | %.3f | %.3f | %.1f | %.2f | %.2f | %.2f |" % (
                name, wall, cpu, rss / 1e6, base[0] / wall, base[1] / cpu, base[2] / rss))
        print("\n%d files, median of %d alternating rounds after a warm-up round; load average before: %s" % (
            arguments.files, arguments.rounds, " ".join("%.2f" % x for x in load)))
    finally:
        if temporary and not arguments.tree:
            shutil.rmtree(temporary, ignore_errors=True)


if __name__ == "__main__":
    main()
