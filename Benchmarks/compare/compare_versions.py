#!/usr/bin/env python3
"""Two medprep binaries (e.g. the previous release and this one) on one corpus, in one run.

Each round runs `convert --jobs 1 --size 512` with the old binary, then the new one (the first round
is a warm-up); medians of CPU time (user + system of the child) and wall time per image, and the
ratios. Used for "N x today's rate" figures:

    python3 Benchmarks/compare/compare_versions.py OLD/medprep NEW/medprep CORPUS ROUNDS
"""
import os, resource, shutil, subprocess, sys, tempfile, time, statistics
old, new, corpus, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
n = len([f for f in os.listdir(corpus) if not f.startswith('.')])
res = {"old": [], "new": []}
env = {**os.environ, "MEDPREP_PSEUDONYM_KEY": "k" * 32}
for r in range(rounds + 1):
    for name, binary in (("old", old), ("new", new)):
        out = tempfile.mkdtemp()
        shutil.rmtree(out)
        b = resource.getrusage(resource.RUSAGE_CHILDREN); t = time.perf_counter()
        p = subprocess.run([binary, "convert", corpus, "--out", out, "--jobs", "1", "--size", "512", "--no-progress", "--no-patient-id"], env=env, capture_output=True, text=True)
        w = time.perf_counter() - t; a = resource.getrusage(resource.RUSAGE_CHILDREN)
        shutil.rmtree(out, ignore_errors=True)
        if p.returncode: sys.exit(p.stderr[-400:])
        if r: res[name].append(((a.ru_utime - b.ru_utime) + (a.ru_stime - b.ru_stime), w))
for name in res:
    cpu = statistics.median(c for c, _ in res[name]); wall = statistics.median(w for _, w in res[name])
    print(f"{name}: {n/cpu:.2f} img/s CPU, {n/wall:.2f} img/s wall")
o = statistics.median(c for c, _ in res["old"]); nn = statistics.median(c for c, _ in res["new"])
print(f"new/old by CPU: {o/nn:.2f}x; by wall: {statistics.median(w for _, w in res['old'])/statistics.median(w for _, w in res['new']):.2f}x")
