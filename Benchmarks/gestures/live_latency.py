"""Per-frame latency of `medprep gestures classify -` (live mode) through a pipe.

Writes one MediaPipe JSON Lines frame at a time to the tool's stdin and waits for its decision
line on stdout; the round trip (write, parse, smooth, classify, decide, print, read) is the
latency a tracker loop sees. Usage:
    python3 Benchmarks/gestures/live_latency.py [path/to/medprep] [frames] [2d]
With "2d", the frames are the poses of samples/gestures/poses_labelled.csv (thumbs up and down,
fists and the other gestures) without z: hands without depth, for which the 2-D thumbs up arbiter
is consulted (built at the first frame, which is left out with the warm-up).
"""
import json, os, statistics, subprocess, sys, time

binary = sys.argv[1] if len(sys.argv) > 1 else ".build/release/medprep"
count = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
here = os.path.dirname(os.path.abspath(__file__))
sample = os.path.join(here, "..", "..", "samples", "gestures", "mediapipe_js.jsonl")
frames = [json.loads(l) for l in open(sample) if l.strip()]
if len(sys.argv) > 3 and sys.argv[3] == "2d":
    import csv
    rows = list(csv.DictReader(open(os.path.join(here, "..", "..", "samples", "gestures", "poses_labelled.csv"))))
    frames = [{"landmarks": [[{"x": float(r["x%d" % i]), "y": float(r["y%d" % i])} for i in range(21)]]}
              for r in rows]

proc = subprocess.Popen([binary, "gestures", "classify", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                        bufsize=0)
latencies = []
for i in range(count):
    frame = dict(frames[i % len(frames)])
    frame["timestampMs"] = i * 1000 / 30
    line = (json.dumps(frame) + "\n").encode()
    start = time.perf_counter()
    proc.stdin.write(line)
    out = proc.stdout.readline()
    latencies.append(time.perf_counter() - start)
    if not out:
        sys.exit("no output for frame %d" % i)
proc.stdin.close()
proc.wait()
latencies = sorted(latencies[100:])  # after warm-up
ms = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
print("frames %d: latency median %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms" % (
    len(latencies), statistics.median(latencies) * 1000, ms(0.9), ms(0.99), latencies[-1] * 1000))
