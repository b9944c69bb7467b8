#!/usr/bin/env python3
"""Writes the AVERAGE-filtered rows (PNG filter type 3, filter byte included) of the 8-bit gray PNG
members of a shard folder's tars, as the PNG writer hands them to DEFLATE, for compare_deflate.c.

    python3 Benchmarks/PNGDeflate/filtered_rows.py SHARD_FOLDER OUT.bin [--count 20]
Prints the number of images and the bytes per image (all images must have one size).
"""
import argparse, glob, io, os, tarfile
import numpy as np
from PIL import Image

ap = argparse.ArgumentParser()
ap.add_argument("folder"); ap.add_argument("out"); ap.add_argument("--count", type=int, default=20)
a = ap.parse_args()
rows = []
for tar in sorted(glob.glob(os.path.join(a.folder, "*.tar"))):
    with tarfile.open(tar) as t:
        for member in t.getmembers():
            if not member.name.endswith(".png") or len(rows) == a.count:
                continue
            image = np.array(Image.open(io.BytesIO(t.extractfile(member).read())))
            if image.ndim != 2 or image.dtype != np.uint8:
                continue
            h, w = image.shape
            x = image.astype(np.int32)
            left = np.zeros_like(x); left[:, 1:] = x[:, :-1]
            up = np.zeros_like(x); up[1:] = x[:-1]
            filtered = np.zeros((h, w + 1), np.uint8)
            filtered[:, 0] = 3
            filtered[:, 1:] = ((x - ((left + up) >> 1)) & 255).astype(np.uint8)
            rows.append(filtered.tobytes())
assert rows and len({len(r) for r in rows}) == 1, "need 8-bit gray PNG members of one size"
open(a.out, "wb").write(b"".join(rows))
print(len(rows), len(rows[0]))
