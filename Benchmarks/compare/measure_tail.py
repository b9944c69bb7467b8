#!/usr/bin/env python3
"""Serial time of `medprep convert` per run, in alternating rounds of several binaries and --jobs.

For each (binary, jobs), medians over the rounds of: run() seconds (convert --json), images/s, CPU ms
per image, minor faults per image, and the total time the process spent blocked in fsync (strace -f
--seccomp-bpf -e trace=fsync -T, which stops the process only at fsync calls). The load average is
printed before and after. Flags as compare_jobs.py.

    python3 Benchmarks/compare/measure_tail.py CORPUS --bin OLD/medprep --bin NEW/medprep --rounds 5
"""
import argparse, json, os, re, resource, shutil, statistics, subprocess, sys, tempfile
ap = argparse.ArgumentParser()
ap.add_argument("corpus"); ap.add_argument("--bin", action="append", required=True)
ap.add_argument("--jobs", default="1,2"); ap.add_argument("--rounds", type=int, default=5)
a = ap.parse_args()
n = sum(len(fs) for _, _, fs in os.walk(a.corpus))
env = {**os.environ, "MEDPREP_PSEUDONYM_KEY": "k" * 32}
res = {}
load0 = os.getloadavg()
for r in range(a.rounds + 1):
    for b in a.bin:
        for j in a.jobs.split(","):
            out = tempfile.mkdtemp(); shutil.rmtree(out); trace = out + ".strace"
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            p = subprocess.run(["strace", "-f", "--seccomp-bpf", "-e", "trace=fsync", "-T", "-o", trace, b, "convert", a.corpus, "--out", out, "--jobs", j, "--size", "512", "--resize", "area", "--normalize", "window", "--format", "png8", "--png-level", "1", "--split", "1,0,0", "--no-progress", "--no-patient-id", "--json"], env=env, capture_output=True, text=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            shutil.rmtree(out, ignore_errors=True)
            if p.returncode: sys.exit(p.stderr[-600:])
            text = open(trace).read(); os.unlink(trace)
            # fsync calls on one line, or split by another thread's call (<unfinished ...> ... resumed>)
            fsync = sum(float(x) for x in re.findall(r"(?:fsync\(\d+\)\s*|fsync resumed>\))\s*= 0 <([\d.]+)>", text))
            calls = len(re.findall(r"fsync\(\d+", text))
            s = json.loads(p.stdout)["seconds"]
            cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            if r: res.setdefault((b, j), []).append((s, cpu, after.ru_minflt - before.ru_minflt, fsync, calls))
print(f"{n} images, {a.rounds} rounds, load before {load0[0]:.2f}, after {os.getloadavg()[0]:.2f}")
for (b, j), v in res.items():
    m = lambda k: statistics.median(x[k] for x in v)
    print(f"{b:24s} jobs {j}: run {n/m(0):6.1f} img/s ({1000*m(0):6.1f} ms), CPU {1000*m(1)/n:5.2f} ms/img, minflt/img {m(2)/n:5.0f}, "
          f"fsync {m(4):.0f} calls {1000*m(3):5.1f} ms (min {1000*min(x[3] for x in v):.1f}, max {1000*max(x[3] for x in v):.1f})")
