#!/usr/bin/env python3
"""`medprep convert` at several --jobs (and with several binaries) in alternating rounds, on one corpus.

For each binary and job count, medians over the rounds (after a warm-up round) of: images/s of run()
(convert --json `seconds`, as compare.py counts), images/s of the whole process (wall), CPU time
(user + system) per image, and minor page faults per image; the load average before and after.
Flags as compare.py's medprep rows (area resize to 512, PNG level 1, one split).

    python3 Benchmarks/compare/compare_jobs.py CORPUS --bin OLD/medprep --bin NEW/medprep --jobs 1,2 --rounds 3
"""
import os, resource, shutil, subprocess, sys, tempfile, time, statistics, argparse, json
ap = argparse.ArgumentParser()
ap.add_argument("corpus"); ap.add_argument("--bin", action="append", required=True)
ap.add_argument("--jobs", default="1,2"); ap.add_argument("--rounds", type=int, default=3)
ap.add_argument("--normalize", default="window")
a = ap.parse_args()
n = sum(len(fs) for _, _, fs in os.walk(a.corpus))
env = {**os.environ, "MEDPREP_PSEUDONYM_KEY": "k" * 32}
res = {}
load0 = os.getloadavg()
for r in range(a.rounds + 1):
    for b in a.bin:
        for j in a.jobs.split(","):
            out = tempfile.mkdtemp(); shutil.rmtree(out)
            before = resource.getrusage(resource.RUSAGE_CHILDREN); t = time.perf_counter()
            p = subprocess.run([b, "convert", a.corpus, "--out", out, "--jobs", j, "--size", "512", "--resize", "area", "--normalize", a.normalize, "--format", "png8", "--png-level", "1", "--split", "1,0,0", "--no-progress", "--no-patient-id", "--json"], env=env, capture_output=True, text=True)
            w = time.perf_counter() - t; after = resource.getrusage(resource.RUSAGE_CHILDREN)
            shutil.rmtree(out, ignore_errors=True)
            if p.returncode: sys.exit(p.stderr[-600:])
            s = json.loads(p.stdout)["seconds"]
            if r: res.setdefault((b, j), []).append((w, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, after.ru_minflt - before.ru_minflt, after.ru_stime - before.ru_stime, s))
print(f"{n} images, load before {load0[0]:.2f}, after {os.getloadavg()[0]:.2f}")
for (b, j), v in res.items():
    m = lambda k: statistics.median(x[k] for x in v)
    print(f"{os.path.basename(b):16s} jobs {j}: run {n/m(4):7.1f} img/s, process {n/m(0):7.1f} img/s wall, CPU {1000*m(1)/n:6.2f} ms/img (sys {1000*m(3)/n:5.2f}), minflt/img {m(2)/n:7.0f}")
