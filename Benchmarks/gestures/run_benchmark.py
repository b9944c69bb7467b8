"""medprep gestures smooth/classify against numpy doing the same 1€ filter, CSV in and out.

Generates a landmark CSV of N frames (one right hand, 21 points with z, 30 fps: a slow random
walk of a generated pose plus tremor and tracker noise), then runs, in alternating rounds:
  - `medprep gestures smooth IN -o OUT` (tremor preset, hand-size scaled, streamed);
  - the same 1€ filter (Casiez et al. 2012, same parameters, same hand-size scaling) in numpy,
    reading the CSV with pandas' C reader and writing it with pandas' to_csv;
  - `medprep gestures classify IN` (streamed; on the first --classify-frames frames if given).
Each run is a child process; wall time, CPU time (user + system) and peak RSS come from wait4.

Usage (from the repository root, after `swift build -c release --product medprep`):
    python3 Benchmarks/gestures/run_benchmark.py --frames 1000000 --rounds 2
"""
import argparse, os, subprocess, sys, tempfile, time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def generate(path, frames, seed=7):
    rng = np.random.default_rng(seed)
    block = min(frames, 100_000)
    # A hand-like base pose (normalized units) and a slow random walk plus 6 Hz tremor and noise.
    base = np.array([[0.5, 0.6, 0.0]] + [[0.5 + 0.02 * np.cos(a) * r, 0.6 - 0.02 * np.sin(a) * r, -0.01 * r]
                                        for a in np.linspace(0.3, 2.8, 5) for r in (2.0, 3.0, 3.6, 4.1)])
    t = np.arange(block) / 30.0
    walk = np.cumsum(rng.normal(0, 0.0005, (block, 2)), axis=0)
    tremor = 0.004 * np.sin(2 * np.pi * 6 * t)[:, None]
    pts = np.repeat(base[None], block, axis=0)
    pts[:, :, :2] += (walk + tremor)[:, None, :]
    pts += rng.normal(0, 0.0015, pts.shape)
    pts[:, 0, 2] = 0
    text = [",".join("%.6f" % v for v in row) for row in pts.reshape(block, -1)]
    header = "frame,timestamp_ms,hand,hand_score,mirrored," + ",".join(
        "x%d,y%d,z%d" % (k, k, k) for k in range(21))
    with open(path, "w") as f:
        f.write(header + "\n")
        for i in range(frames):
            f.write("%d,%.3f,right,0.97,0,%s\n" % (i, i * 1000 / 30, text[i % block]))


NUMPY_SMOOTH = r'''
import sys, numpy as np, pandas as pd
src, dst = sys.argv[1], sys.argv[2]
mincutoff, beta, dcutoff = 0.6, 0.02, 0.5
df = pd.read_csv(src)
cols = [c for k in range(21) for c in ("x%d" % k, "y%d" % k, "z%d" % k)]
X = df[cols].to_numpy(dtype=np.float64)
t = df["timestamp_ms"].to_numpy(dtype=np.float64) / 1000
P = X.reshape(len(X), 21, 3)
palm = np.stack([np.linalg.norm(P[:, j] - P[:, 0], axis=1) for j in (5, 9, 17)], axis=1).max(axis=1)
size = np.median(np.maximum(palm, 1.3 * np.linalg.norm(P[:, 17] - P[:, 5], axis=1)))
X = X / size
def alpha(cutoff, te):
    tau = 1.0 / (2 * np.pi * cutoff)
    return 1.0 / (1.0 + tau / te)
out = np.empty_like(X)
prev = X[0].copy(); dprev = np.zeros(X.shape[1]); out[0] = prev
for i in range(1, len(X)):
    te = t[i] - t[i - 1]
    dx = (X[i] - prev) / te
    ad = alpha(dcutoff, te)
    dhat = ad * dx + (1 - ad) * dprev
    a = alpha(mincutoff + beta * np.abs(dhat), te)
    prev = a * X[i] + (1 - a) * prev
    dprev = dhat
    out[i] = prev
df[cols] = out * size
df.to_csv(dst, index=False)
'''


def run(command):
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode()
    if status != 0:
        sys.exit("failed: %s\n%s" % (" ".join(command), err))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # MiB


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=".build/release/medprep")
    ap.add_argument("--frames", type=int, default=1_000_000)
    # classify streams the CSV (two passes, about 20 bytes per frame held), so it runs on the whole file.
    ap.add_argument("--classify-frames", type=int, default=None, help="default: --frames")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--workdir", default=tempfile.gettempdir())
    args = ap.parse_args()
    args.classify_frames = args.classify_frames or args.frames
    src = os.path.join(args.workdir, "gestures_bench_%d.csv" % args.frames)
    small = os.path.join(args.workdir, "gestures_bench_%d.csv" % args.classify_frames)
    for path, n in ((src, args.frames), (small, args.classify_frames)):
        if not os.path.exists(path):
            print("generating %s (%d frames)" % (path, n), flush=True)
            generate(path, n)
    script = os.path.join(args.workdir, "gestures_numpy_smooth.py")
    with open(script, "w") as f:
        f.write(NUMPY_SMOOTH)
    out_ours = os.path.join(args.workdir, "gestures_bench_ours.csv")
    out_numpy = os.path.join(args.workdir, "gestures_bench_numpy.csv")
    results = {"medprep smooth": [], "numpy 1€ smooth": [], "medprep classify": []}
    for r in range(args.rounds):
        results["medprep smooth"].append(run([args.binary, "gestures", "smooth", src, "-o", out_ours]))
        results["numpy 1€ smooth"].append(run([sys.executable, script, src, out_numpy]))
        results["medprep classify"].append(run([args.binary, "gestures", "classify", small]))
        print("round %d done" % (r + 1), flush=True)
    size_mb = os.path.getsize(src) / 1e6
    print("\n%d frames (%.0f MB CSV); classify on %d frames; best of %d rounds, alternating\n" % (
        args.frames, size_mb, args.classify_frames, args.rounds))
    print("%-18s %9s %9s %11s %14s" % ("run", "wall s", "CPU s", "peak MiB", "bytes/frame"))
    best = {}
    for name, rows in results.items():
        wall = min(r[0] for r in rows)
        cpu = min(r[1] for r in rows)
        rss = max(r[2] for r in rows)
        n = args.classify_frames if "classify" in name else args.frames
        best[name] = (wall, cpu, rss)
        print("%-18s %9.1f %9.1f %11.0f %14.0f" % (name, wall, cpu, rss, rss * 1048576 / n))
    ours, ref = best["medprep smooth"], best["numpy 1€ smooth"]
    print("\nsmooth: numpy / medprep = %.2fx wall, %.2fx CPU, %.1fx peak memory" % (
        ref[0] / ours[0], ref[1] / ours[1], ref[2] / ours[2]))
    a = np.loadtxt(out_ours, delimiter=",", skiprows=1, usecols=range(5, 68), max_rows=2000)
    b = np.loadtxt(out_numpy, delimiter=",", skiprows=1, usecols=range(5, 68), max_rows=2000)
    print("max |medprep - numpy| over the first 2000 frames: %.2e" % np.abs(a - b).max())


if __name__ == "__main__":
    main()
