#!/usr/bin/env python3
"""JPEG 2000 lossless CR: medprep at full and reduced resolution against pydicom + pylibjpeg-openjpeg.

One corpus of --count identical-size J2K-lossless CR files (2048x2500, 12 bits stored, 5 wavelet
levels; pixels from `medprep bench --synthetic dicom16 --corpus-only`, compressed by pydicom +
pylibjpeg-openjpeg), one output size. Rows, single core, in alternating rounds (a warm-up round,
then --repetitions rounds in which every row runs once; each row is the median):

  medprep reduced      `medprep convert --size N`: OpenJPEG decodes at 1/2^r when that stays >= N
  medprep full         the same with --full-resolution-decode
  pydicom+OpenCV       pydicom pixel_array (pylibjpeg-openjpeg), window to 8 bits, cv2.resize
                       INTER_AREA, PNG level 1, webdataset.ShardWriter (as compare.py)
  pydicom decode only  pixel_array alone: the floor of any pydicom pipeline

It also compares the two medprep outputs sample by sample (8-bit PNGs): what decoding at reduced
resolution changes against full decode + area resize.

    python3 Benchmarks/compare/compare_j2k.py --medprep .build/release/medprep --count 8 --size 512
"""
import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time

import numpy as np
import pydicom
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compare  # noqa: E402  (window_to_u8, opencv pipeline, shard writer)


def make_corpus(binary, folder, count):
    """`count` J2K-lossless copies (distinct UIDs) of one synthetic radiograph written by medprep bench."""
    import openjpeg
    from pydicom.encaps import encapsulate
    from pydicom.uid import JPEG2000Lossless, generate_uid

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([binary, "bench", "--synthetic", "dicom16", "--count", "1", "--keep-corpus", tmp,
                        "--corpus-only"], check=True, stdout=subprocess.DEVNULL)
        source = next(os.path.join(d, f) for d, _, fs in os.walk(tmp) for f in fs if f.endswith(".dcm"))
        ds = pydicom.dcmread(source)
    pixels = ds.pixel_array
    codestream = openjpeg.encode(pixels, bits_stored=int(ds.BitsStored), codec_format=0)
    ds.PixelData = encapsulate([codestream])
    ds["PixelData"].VR = "OB"
    ds.file_meta.TransferSyntaxUID = JPEG2000Lossless
    os.makedirs(folder, exist_ok=True)
    for index in range(count):
        ds.SOPInstanceUID = generate_uid(entropy_srcs=["compare_j2k", str(index)])
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        ds.save_as(os.path.join(folder, f"cr{index:03d}.dcm"), enforce_file_format=True)
    return pixels.shape, len(codestream)


def medprep(binary, folder, size, out, full):
    command = [binary, "convert", folder, "--out", out, "--size", str(size), "--resize", "area", "--normalize",
               "window", "--format", "png8", "--png-level", "1", "--jobs", "1", "--split", "1,0,0",
               "--no-progress", "--no-patient-id", "--json", "--overwrite"]
    if full:
        command.append("--full-resolution-decode")
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    summary = json.loads(result.stdout)
    return summary["processed"] / summary["seconds"]


def pydicom_opencv(files, size, out):
    start = time.perf_counter()
    compare.opencv_pipeline(files, size, out)
    return len(files) / (time.perf_counter() - start)


def pydicom_decode(files):
    start = time.perf_counter()
    for path in files:
        pydicom.dcmread(path).pixel_array
    return len(files) / (time.perf_counter() - start)


def shard_images(folder):
    images = {}
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".tar"):
            continue
        with tarfile.open(os.path.join(folder, name)) as tar:
            for member in tar.getmembers():
                if member.name.endswith(".png"):
                    images[member.name] = np.array(Image.open(io.BytesIO(tar.extractfile(member).read())))
                if member.name.endswith(".json"):
                    images[member.name] = json.loads(tar.extractfile(member).read())
    return images


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--medprep", default=os.path.join(compare.ROOT, ".build", "release", "medprep"))
    parser.add_argument("--count", type=int, default=8)
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--repetitions", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus")
        shape, compressed = make_corpus(args.medprep, corpus, args.count)
        files = sorted(os.path.join(corpus, f) for f in os.listdir(corpus))
        rows = {
            "medprep reduced": lambda: medprep(args.medprep, corpus, args.size, os.path.join(tmp, "reduced"), False),
            "medprep full": lambda: medprep(args.medprep, corpus, args.size, os.path.join(tmp, "full"), True),
            "pydicom+OpenCV": lambda: pydicom_opencv(files, args.size, os.path.join(tmp, "opencv")),
            "pydicom decode only": lambda: pydicom_decode(files),
        }
        timings = {name: [] for name in rows}
        for round_index in range(args.repetitions + 1):
            for name, run in rows.items():
                value = run()
                if round_index > 0:
                    timings[name].append(value)

        reduced, full = shard_images(os.path.join(tmp, "reduced")), shard_images(os.path.join(tmp, "full"))
        differences, scales = [], set()
        for name, image in reduced.items():
            if name.endswith(".json"):
                scales.add(image.get("decodedScale", 1))
                continue
            differences.append(np.abs(image.astype(np.int16) - full[name].astype(np.int16)))
        difference = np.stack(differences)

    print(f"{args.count} J2K-lossless CR files {shape[1]}x{shape[0]}, {compressed} bytes of codestream each, "
          f"to {args.size}x{args.size} (area), single core, median of {args.repetitions} alternating rounds")
    reference = statistics.median(timings["medprep reduced"])
    print(f"{'pipeline':22} {'images/s':>9} {'vs medprep reduced':>19}")
    for name, values in timings.items():
        value = statistics.median(values)
        print(f"{name:22} {value:9.2f} {value / reference:19.2f}")
    print(f"decodedScale of the reduced run: {sorted(scales)}")
    print(f"reduced vs full decode + area resize (8-bit output): max |diff| {difference.max()}, "
          f"mean |diff| {difference.mean():.3f}, samples differing {np.count_nonzero(difference) / difference.size:.1%}")


if __name__ == "__main__":
    main()
