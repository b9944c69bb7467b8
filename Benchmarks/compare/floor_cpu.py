#!/usr/bin/env python3
"""CPU milliseconds per image of the JPEG decode floor: libjpeg-turbo's gray decode, DCT-scaled as
medprep scales it (cv2.IMREAD_REDUCED_GRAYSCALE_x, the largest reduction that keeps both sides at
least --size), from bytes already in memory, one thread; median over rounds of process CPU time.

With --medprep BIN (repeatable), each round also runs `BIN convert` on the corpus with
compare.py's flags (area resize to 512, PNG level 1, one split) and takes its CPU time (user +
system, whole process) per image, so floor and medprep are measured in the same rounds; the ratio
floor / medprep is computed per round and its median printed. CPU time is what a shared machine's
load inflates least; medprep's also holds process start, reading, hashing, encoding and writing, so
the ratio is conservative.

    python3 Benchmarks/compare/floor_cpu.py /tmp/speed2/jpeg_rgbx3 --rounds 5 --medprep OLD --medprep NEW
"""
import argparse, os, resource, shutil, subprocess, sys, tempfile, time
import cv2
import numpy as np
from PIL import Image

ap = argparse.ArgumentParser()
ap.add_argument("corpus"); ap.add_argument("--rounds", type=int, default=5); ap.add_argument("--size", type=int, default=512)
ap.add_argument("--medprep", action="append", default=[])
ap.add_argument("--normalize", default="none", help="convert's --normalize: compare.py passes none for PNG and JPEG "
                "(window only for DICOM); before 2026-12-03 12:00 this script always passed window")
a = ap.parse_args()
cv2.setNumThreads(1)


def reduced_flag(height, width, size):
    """compare.py's reduced_flag: what medprep's JPEGDecoder.scaleDenominator picks."""
    for factor, flag in ((8, cv2.IMREAD_REDUCED_GRAYSCALE_8), (4, cv2.IMREAD_REDUCED_GRAYSCALE_4),
                         (2, cv2.IMREAD_REDUCED_GRAYSCALE_2)):
        if -(-height // factor) >= size and -(-width // factor) >= size:
            return flag
    return cv2.IMREAD_GRAYSCALE


files = sorted(os.path.join(d, f) for d, _, fs in os.walk(a.corpus) for f in fs)
blobs = [np.fromfile(p, dtype=np.uint8) for p in files]
flags = [reduced_flag(h, w, a.size) for w, h in (Image.open(p).size for p in files)]


def medprep_cpu(binary):
    """CPU ms per image of one `convert` run (process start included)."""
    out = tempfile.mkdtemp(); shutil.rmtree(out)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run([binary, "convert", a.corpus, "--out", out, "--jobs", "1", "--size", str(a.size),
                        "--resize", "area", "--normalize", a.normalize, "--format", "png8", "--png-level", "1",
                        "--split", "1,0,0", "--no-progress", "--no-patient-id", "--json"],
                       env={**os.environ, "MEDPREP_PSEUDONYM_KEY": "k" * 32}, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    shutil.rmtree(out, ignore_errors=True)
    if p.returncode: sys.exit(p.stderr[-600:])
    return (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000 / len(files)


load = os.getloadavg()[0]
floor, ours = [], {b: [] for b in a.medprep}
for r in range(a.rounds + (1 if a.medprep else 0)):  # with medprep, a warm-up round first
    start = time.process_time()
    for blob, flag in zip(blobs, flags):
        cv2.imdecode(blob, flag)
    f = (time.process_time() - start) * 1000 / len(files)
    times = {b: medprep_cpu(b) for b in a.medprep}
    if a.medprep and r == 0:
        continue
    floor.append(f)
    for b, t in times.items():
        ours[b].append(t)
median = lambda v: sorted(v)[len(v) // 2]
print(f"{len(files)} images, {a.rounds} rounds, load {load:.2f} before, {os.getloadavg()[0]:.2f} after: "
      f"floor CPU {median(floor):.2f} ms/img (rounds {', '.join(f'{x:.2f}' for x in floor)})")
for b, v in ours.items():
    ratios = [f / t for f, t in zip(floor, v)]
    print(f"{b}: CPU {median(v):.2f} ms/img (rounds {', '.join(f'{x:.2f}' for x in v)}); "
          f"floor / medprep per round {', '.join(f'{x:.3f}' for x in ratios)}, median {median(ratios):.3f}")
