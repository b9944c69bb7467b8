#!/usr/bin/env python3
"""Side-by-side timing of MedKernels against OpenCV (single thread) and Pillow, same inputs, one run.

    python3 Benchmarks/compare_kernels.py            # runs the Swift benchmarks, then OpenCV and Pillow
    python3 Benchmarks/compare_kernels.py --swift-markdown saved.md --inputs DIR   # reuse a saved run

The Swift side is `swift package benchmark --target KernelBenchmarks --format markdown` (ordo-one
package-benchmark, release build, p50 of wall clock). With MEDPREP_KERNEL_INPUTS set, the benchmark
writes its deterministic inputs as raw files; this script loads those exact pixels for OpenCV
(`cv2.setNumThreads(1)`) and Pillow, takes the median of repeated runs, and prints ratios
(> 1 means MedKernels is faster). It also measures memory bandwidth (numpy copy of 256 MiB) to
express the windowing kernel as a fraction of it.

Pillow-SIMD is not published on PyPI for this Python, so the antialiased filters are compared
with stock Pillow (same `Resample.c` algorithm, no SIMD), and the report says so.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

import cv2
import numpy as np
import PIL
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))

# Swift benchmark name -> (input file, width, height, dtype, operation for the other libraries)
CASES = [
    ("resize area u8 2500x2048->512", "area"),
    ("resize bilinear u8 2500x2048->512", "bilinear"),
    ("resize bicubic u8 2500x2048->512", "bicubic"),
    ("resize lanczos3 u8 2500x2048->512", "lanczos3"),
    ("resize area u16 2048x2500->512", "area16"),
    ("window u16->u8 2048x2500 (table)", "window"),
]


def run_swift(inputs, package):
    names = "|".join(re.escape(n) for n, _ in CASES)
    cmd = ["swift", "package", "--package-path", package, "benchmark", "--target", "KernelBenchmarks",
           "--filter", names, "--format", "markdown", "--no-progress"]
    print("$ MEDPREP_KERNEL_INPUTS=%s %s" % (inputs, " ".join(cmd)), file=sys.stderr)
    env = dict(os.environ, MEDPREP_KERNEL_INPUTS=inputs)
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
    return out.stdout


UNITS = {"ns": 1e-9, "μs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def parse_markdown(text):
    """p50 wall clock (and total CPU time when reported), in seconds, per benchmark name."""
    results, current = {}, None
    for line in text.splitlines():
        m = re.match(r"^###\s+(.+?)\s*$", line.strip())
        if m:
            current = m.group(1).strip()
            continue
        if current is None or not line.strip().startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        m = re.match(r"Time \((wall clock|total CPU)\)\s*\(([^)]+)\)", cells[0])
        if m and len(cells) >= 4 and m.group(2).strip() in UNITS:
            kind = "wall" if m.group(1) == "wall clock" else "cpu"
            results.setdefault(current, {})[kind] = float(cells[3].replace(",", "")) * UNITS[m.group(2).strip()]
    return results


def median_time(fn, repeat=15):
    """Median wall time and median thread CPU time of `fn`, in seconds."""
    fn()
    wall, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.thread_time()
        fn()
        cpu.append(time.thread_time() - c)
        wall.append(time.perf_counter() - t)
    return float(np.median(wall)), float(np.median(cpu))


def memory_bandwidth():
    a = np.ones(256 * 1024 * 1024 // 8)
    b = np.empty_like(a)
    np.copyto(b, a)
    copy = median_time(lambda: np.copyto(b, a), 5)[0]
    read = median_time(lambda: a.sum(), 5)[0]
    return 2 * a.nbytes / copy, a.nbytes / read


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--swift-markdown", help="reuse a saved `--format markdown` output instead of running Swift")
    parser.add_argument("--package-path", default=HERE, help="the benchmark package (default: this folder)")
    parser.add_argument("--inputs", help="folder with the raw inputs (default: a fresh temporary folder)")
    args = parser.parse_args()
    cv2.setNumThreads(1)
    inputs = args.inputs or tempfile.mkdtemp(prefix="medprep-kernel-inputs-")
    if args.swift_markdown:
        text = open(args.swift_markdown).read()
    else:
        text = run_swift(inputs, args.package_path)
        with open(os.path.join(inputs, "swift.md"), "w") as f:
            f.write(text)
    swift = parse_markdown(text)

    u8 = np.fromfile(os.path.join(inputs, "radiograph_u8_2500x2048.raw"), dtype=np.uint8).reshape(2048, 2500)
    u16 = np.fromfile(os.path.join(inputs, "radiograph_u16_2048x2500.raw"), dtype="<u2").reshape(2500, 2048)
    pil8 = Image.fromarray(u8, mode="L")
    pil_filters = {"bilinear": Image.BILINEAR, "bicubic": Image.BICUBIC, "lanczos3": Image.LANCZOS}
    center, width = 2048.0, 3000.0  # the benchmark's window
    x = np.arange(65536, dtype=np.float64)
    c, w = center - 0.5, width - 1
    y = np.where(x <= c - w / 2, 0, np.where(x > c + w / 2, 255, ((x - c) / w + 0.5) * 255))
    lut = np.rint(y).astype(np.uint8)  # numpy rounds half to even too
    out8 = np.empty(u16.shape, np.uint8)

    other = {
        "area": ("OpenCV INTER_AREA (1 thread)", lambda: cv2.resize(u8, (512, 512), interpolation=cv2.INTER_AREA)),
        "area16": ("OpenCV INTER_AREA (1 thread)", lambda: cv2.resize(u16, (512, 512), interpolation=cv2.INTER_AREA)),
        "window": ("numpy LUT (np.take)", lambda: np.take(lut, u16, out=out8)),
    }
    for name, f in pil_filters.items():
        other[name] = ("Pillow %s %s" % (PIL.__version__, name), lambda f=f: pil8.resize((512, 512), resample=f))

    copy_bw, read_bw = memory_bandwidth()
    print("# MedKernels vs OpenCV %s (single thread) and Pillow %s (Pillow-SIMD is not on PyPI for this Python)"
          % (cv2.__version__, PIL.__version__))
    print("memory bandwidth: copy %.1f GB/s (read + write), read %.1f GB/s" % (copy_bw / 1e9, read_bw / 1e9))
    print("p50 / median wall clock per image; ratio = other / MedKernels (> 1: MedKernels faster)")
    print("%-36s %11s  %-30s %11s %8s  %s" % ("operation", "MedKernels", "other", "other", "ratio", "input Mpx/s"))
    for bench, key in CASES:
        label, fn = other[key]
        theirs = median_time(fn)[0]
        ours = swift.get(bench, {}).get("wall")
        if ours is None:
            print("%-36s %11s  %-30s %8.2f ms %8s" % (bench, "missing", label, theirs * 1e3, "-"))
            continue
        print("%-36s %8.2f ms  %-30s %8.2f ms %7.2fx  %.0f vs %.0f"
              % (bench, ours * 1e3, label, theirs * 1e3, theirs / ours, 5.12 / ours, 5.12 / theirs))
        if key == "window":
            moved = u16.nbytes + out8.nbytes
            print("    windowing moves 3 bytes per pixel: %.1f GB/s = %.2f of copy bandwidth (read + write), %.2f of read"
                  % (moved / ours / 1e9, moved / ours / copy_bw, moved / ours / read_bw))


if __name__ == "__main__":
    main()
