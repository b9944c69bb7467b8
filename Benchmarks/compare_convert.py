#!/usr/bin/env python3
"""Side-by-side: `medprep convert` against the pipeline people write today, on the same files.

The Python pipeline is pydicom + numpy + OpenCV + webdataset.ShardWriter in one process with
OpenCV held to one thread: read, window / rescale to 8 bits, cv2.resize(INTER_AREA), PNG encode
(level 1), write a tar shard. medprep runs `convert --jobs 1` (and `--jobs 2` for scaling) with
the same size, area filter and PNG level 1. The decode-only floor is the same files decoded by
OpenCV's libpng and libjpeg-turbo (JPEG also at 1/4 scale, as `IMREAD_REDUCED_GRAYSCALE_4`).

Per input type (16-bit DICOM uncompressed, 16-bit DICOM JPEG-lossless, 8-bit PNG, 8-bit JPEG) and
output size (512, 224) it prints images per second and the ratios: the median of --repeat runs, the
runs of the three pipelines interleaved so that a noisy moment on a shared machine hits them alike.

    python3 Benchmarks/compare_convert.py --medprep .build-release/release/medprep --count 30

The synthetic corpus (chest-like phantoms at the issue's sizes: 2500x2048 DICOM, 1024x1024 PNG,
2320x2828 JPEG) is generated once into --corpus.
"""
import argparse
import glob
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import cv2
import numpy as np
import pydicom
import webdataset as wds
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, SecondaryCaptureImageStorage, generate_uid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEY = "benchmark-pseudonym-key-0123456789"


def phantom(height, width, bits, seed):
    """A chest-like radiograph: body ellipse, darker lungs, rib bands, noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    cy, cx = height / 2, width / 2
    body = (((x - cx) / (0.45 * width)) ** 2 + ((y - cy) / (0.48 * height)) ** 2) < 1
    lungs = ((((x - cx * 0.6) / (0.17 * width)) ** 2 + ((y - cy * 0.9) / (0.3 * height)) ** 2) < 1) | \
            ((((x - cx * 1.4) / (0.17 * width)) ** 2 + ((y - cy * 0.9) / (0.3 * height)) ** 2) < 1)
    image = 0.15 + 0.55 * body - 0.3 * lungs + 0.05 * np.sin(y / height * 60) * body
    image += rng.normal(0, 0.02, size=image.shape)
    top = (1 << bits) - 1
    return np.clip(image * top, 0, top).astype(np.uint16 if bits > 8 else np.uint8)


def write_dicom(path, pixels, bits_stored):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(path, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
    ds.Modality, ds.PatientID, ds.PatientName = "DX", "BENCH-0001", "BENCH^PATIENT"
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, bits_stored, bits_stored - 1, 0
    ds.WindowCenter, ds.WindowWidth = 2048, 4096
    ds.PixelData = pixels.tobytes()
    ds.save_as(path, enforce_file_format=True)


def make_corpus(folder, count):
    kinds = {
        "dicom16": lambda i, p: write_dicom(p + ".dcm", phantom(2500, 2048, 12, i), 12),
        "png8": lambda i, p: cv2.imwrite(p + ".png", phantom(1024, 1024, 8, i), [cv2.IMWRITE_PNG_COMPRESSION, 6]),
        "jpeg8": lambda i, p: cv2.imwrite(p + ".jpg", phantom(2828, 2320, 8, i), [cv2.IMWRITE_JPEG_QUALITY, 92]),
    }
    for kind, make in kinds.items():
        target = os.path.join(folder, kind)
        if len(glob.glob(os.path.join(target, "*"))) >= count:
            continue
        os.makedirs(target, exist_ok=True)
        for i in range(count):
            make(i, os.path.join(target, f"img{i:04d}"))
    lossless = os.path.join(folder, "dicom16_jpegls")  # JPEG lossless SV1, written by DCMTK's dcmcjpeg
    if len(glob.glob(os.path.join(lossless, "*"))) < count and shutil.which("dcmcjpeg"):
        os.makedirs(lossless, exist_ok=True)
        for i, source in enumerate(sorted(glob.glob(os.path.join(folder, "dicom16", "*.dcm")))[:count]):
            subprocess.run(["dcmcjpeg", "+e1", source, os.path.join(lossless, f"img{i:04d}.dcm")], check=True)
    return [k for k in ("dicom16", "dicom16_jpegls", "png8", "jpeg8") if os.path.isdir(os.path.join(folder, k))]


def python_pipeline(files, size, out):
    """What users write today: one process, OpenCV single-threaded."""
    cv2.setNumThreads(1)
    os.makedirs(out, exist_ok=True)
    start = time.perf_counter()
    with wds.ShardWriter(os.path.join(out, "train-%06d.tar"), maxcount=1000, verbose=0) as sink:
        for path in files:
            if path.endswith(".dcm"):
                ds = pydicom.dcmread(path)
                pixels = ds.pixel_array.astype(np.float32)
                center, width = float(ds.WindowCenter), float(ds.WindowWidth)
                low = center - 0.5 - (width - 1) / 2
                image = np.clip((pixels - low) / (width - 1) * 255.0, 0, 255).round().astype(np.uint8)
            else:
                image = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
            image = cv2.resize(image, (size, size), interpolation=cv2.INTER_AREA)
            ok, png = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, 1])
            key = os.path.splitext(os.path.basename(path))[0]
            sink.write({"__key__": key, "png": png.tobytes(), "json": {"size": [size, size]}})
    return len(files) / (time.perf_counter() - start)


def decode_floor(files, reduced):
    """Decode-only: OpenCV's libpng / libjpeg-turbo, full size or (JPEG) 1/4 in the DCT domain."""
    cv2.setNumThreads(1)
    blobs = [np.fromfile(p, dtype=np.uint8) for p in files]
    flag = cv2.IMREAD_REDUCED_GRAYSCALE_4 if reduced else cv2.IMREAD_UNCHANGED
    start = time.perf_counter()
    for blob in blobs:
        cv2.imdecode(blob, flag)
    return len(files) / (time.perf_counter() - start)


def medprep(binary, folder, size, jobs, out, normalize):
    run = subprocess.run([binary, "convert", folder, "--out", out, "--size", str(size), "--resize", "area",
                          "--normalize", normalize,
                          "--png-level", "1", "--jobs", str(jobs), "--split", "1,0,0", "--no-progress", "--json",
                          "--overwrite"], env={**os.environ, "MEDPREP_PSEUDONYM_KEY": KEY},
                         capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"medprep failed: {run.stderr}")
    summary = json.loads(run.stdout)
    return summary["processed"] / summary["seconds"]


def sha256_ms(files):
    """Milliseconds per file to SHA-256 it (OpenSSL through hashlib): a cost medprep pays and the
    Python pipeline does not, since the manifest records every source's hash."""
    blobs = [open(p, "rb").read() for p in files]
    start = time.perf_counter()
    for blob in blobs:
        hashlib.sha256(blob).digest()
    return (time.perf_counter() - start) * 1000 / len(files)


def median_of(repeat, measure):
    return statistics.median(measure() for _ in range(repeat))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--medprep", default=None, help="medprep binary (default: newest .build*/release/medprep)")
    parser.add_argument("--corpus", default=os.path.join(tempfile.gettempdir(), "medprep-bench-corpus"))
    parser.add_argument("--count", type=int, default=30, help="images per input type")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is reported")
    parser.add_argument("--sizes", default="512,224")
    parser.add_argument("--kinds", default="dicom16,dicom16_jpegls,png8,jpeg8")
    args = parser.parse_args()
    binary = args.medprep or max(glob.glob(os.path.join(ROOT, ".build*", "release", "medprep")), key=os.path.getmtime)
    kinds = [k for k in make_corpus(args.corpus, args.count) if k in args.kinds.split(",")]
    print(f"corpus {args.corpus}, {args.count} images per type, median of {args.repeat} runs, medprep {binary}, "
          f"{os.cpu_count()} cores")
    header = f"{'input':<16}{'size':>5}{'python':>9}{'medprep1':>10}{'ratio':>7}{'medprep2':>10}{'1->2':>6}" \
             f"{'floor':>8}{'floor/4':>8}{'mp/floor':>9}{'sha ms':>8}"
    print(header)
    print("-" * len(header))
    scratch = tempfile.mkdtemp(prefix="medprep-bench-")
    try:
        for kind in kinds:
            folder = os.path.join(args.corpus, kind)
            files = sorted(glob.glob(os.path.join(folder, "*")))[:args.count]
            if len(files) < args.count:
                sys.exit(f"{folder} holds {len(files)} files, fewer than --count {args.count}")
            hash_ms = sha256_ms(files)
            floor = floor4 = float("nan")
            if kind in ("png8", "jpeg8"):
                floor = median_of(args.repeat, lambda: decode_floor(files, reduced=False))
                if kind == "jpeg8":
                    floor4 = median_of(args.repeat, lambda: decode_floor(files, reduced=True))
            for size in (int(s) for s in args.sizes.split(",")):
                # Same work as the Python pipeline: the file's window for DICOM, values as they are for 8-bit files.
                normalize = "window" if kind.startswith("dicom") else "none"
                runs = {"py": [], "one": [], "two": []}
                for _ in range(args.repeat):  # interleaved, so a noisy moment hits every column alike
                    runs["py"].append(python_pipeline(files, size, os.path.join(scratch, f"py-{kind}-{size}")))
                    runs["one"].append(medprep(binary, folder, size, 1, os.path.join(scratch, f"mp1-{kind}-{size}"),
                                               normalize))
                    runs["two"].append(medprep(binary, folder, size, 2, os.path.join(scratch, f"mp2-{kind}-{size}"),
                                               normalize))
                py, one, two = (statistics.median(runs[k]) for k in ("py", "one", "two"))
                best_floor = floor4 if kind == "jpeg8" and size <= 2320 / 4 else floor
                print(f"{kind:<16}{size:>5}{py:>9.1f}{one:>10.1f}{one / py:>6.2f}x{two:>10.1f}{two / one:>5.2f}x"
                      f"{floor:>8.1f}{floor4:>8.1f}{one / best_floor if best_floor == best_floor else float('nan'):>8.2f}x"
                      f"{hash_ms:>8.2f}", flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print("images/s; ratio = medprep --jobs 1 / python; 1->2 = --jobs 2 / --jobs 1; mp/floor = medprep --jobs 1 / "
          "decode-only (JPEG: the 1/4-scale floor when the output allows it); sha ms = SHA-256 of one source file, "
          "which medprep computes for the manifest and the Python pipeline does not")


if __name__ == "__main__":
    main()
