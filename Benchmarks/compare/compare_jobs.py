#!/usr/bin/env python3
"""`medprep convert` at several --jobs (and with several binaries) in alternating rounds, on one corpus.

For each binary and job count, medians over the rounds (after a warm-up round) of: images/s of run()
(convert --json `seconds`, as compare.py counts), images/s of the whole process (wall), CPU time
(user + system) per image, and minor page faults per image; the load average before and after.
With --fsync, each run goes through `strace -f --seccomp-bpf -e trace=fsync -T` (which stops the
process only at fsync calls) and the rows add the number of fsync calls and the time spent blocked
in them: the serial tail of a run that no --jobs shortens.
Flags as compare.py's medprep rows (area resize to 512, PNG level 1, one split).

    python3 Benchmarks/compare/compare_jobs.py CORPUS --bin OLD/medprep --bin NEW/medprep --jobs 1,2 --rounds 3
    python3 Benchmarks/compare/compare_jobs.py CORPUS --bin OLD/medprep --bin NEW/medprep --rounds 5 --fsync
"""
import os, re, resource, shutil, subprocess, sys, tempfile, time, statistics, argparse, json
ap = argparse.ArgumentParser()
ap.add_argument("corpus"); ap.add_argument("--bin", action="append", required=True)
ap.add_argument("--jobs", default="1,2"); ap.add_argument("--rounds", type=int, default=3)
ap.add_argument("--normalize", default="window")
ap.add_argument("--fsync", action="store_true", help="trace fsync calls with strace (count and blocked time)")
a = ap.parse_args()
n = sum(len(fs) for _, _, fs in os.walk(a.corpus))
env = {**os.environ, "MEDPREP_PSEUDONYM_KEY": "k" * 32}


def fsync_totals(trace):
    """(calls, seconds) of the fsync calls in an strace -T log, one line each or split by another
    thread's call (<unfinished ...> ... resumed>)."""
    text = open(trace).read()
    os.unlink(trace)
    seconds = sum(float(x) for x in re.findall(r"(?:fsync\(\d+\)\s*|fsync resumed>\))\s*= 0 <([\d.]+)>", text))
    return len(re.findall(r"fsync\(\d+", text)), seconds


res = {}
load0 = os.getloadavg()
for r in range(a.rounds + 1):
    for b in a.bin:
        for j in a.jobs.split(","):
            out = tempfile.mkdtemp(); shutil.rmtree(out); trace = out + ".strace"
            command = [b, "convert", a.corpus, "--out", out, "--jobs", j, "--size", "512", "--resize", "area", "--normalize", a.normalize, "--format", "png8", "--png-level", "1", "--split", "1,0,0", "--no-progress", "--no-patient-id", "--json"]
            if a.fsync:
                command = ["strace", "-f", "--seccomp-bpf", "-e", "trace=fsync", "-T", "-o", trace] + command
            before = resource.getrusage(resource.RUSAGE_CHILDREN); t = time.perf_counter()
            p = subprocess.run(command, env=env, capture_output=True, text=True)
            w = time.perf_counter() - t; after = resource.getrusage(resource.RUSAGE_CHILDREN)
            shutil.rmtree(out, ignore_errors=True)
            if p.returncode: sys.exit(p.stderr[-600:])
            calls, blocked = fsync_totals(trace) if a.fsync else (0, 0.0)
            s = json.loads(p.stdout)["seconds"]
            if r: res.setdefault((b, j), []).append((w, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, after.ru_minflt - before.ru_minflt, after.ru_stime - before.ru_stime, s, blocked, calls))
print(f"{n} images, {a.rounds} rounds, load before {load0[0]:.2f}, after {os.getloadavg()[0]:.2f}")
for (b, j), v in res.items():
    m = lambda k: statistics.median(x[k] for x in v)
    line = f"{os.path.basename(b):16s} jobs {j}: run {n/m(4):7.1f} img/s, process {n/m(0):7.1f} img/s wall, CPU {1000*m(1)/n:6.2f} ms/img (sys {1000*m(3)/n:5.2f}), minflt/img {m(2)/n:7.0f}"
    if a.fsync:
        line += f", fsync {m(6):.0f} calls {1000*m(5):5.1f} ms (min {1000*min(x[5] for x in v):.1f}, max {1000*max(x[5] for x in v):.1f})"
    print(line)
