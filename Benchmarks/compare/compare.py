#!/usr/bin/env python3
"""medprep convert side by side with the pipelines users write instead, and with the decode limits.

On one corpus, in one run, single core unless stated, per input kind (16-bit DICOM uncompressed and
JPEG-lossless, 8-bit PNG, 8-bit JPEG) and output size (512 and 224 by default), it times:

  medprep --jobs 1 / --jobs N   `medprep convert` (release binary), images/s from its --json summary
  pydicom+numpy+OpenCV          pydicom (DICOM) or cv2.imread (PNG/JPEG), window to 8 bits, cv2.resize
                                INTER_AREA, PNG level 1, webdataset.ShardWriter
  OpenCV reduced JPEG           the same with cv2.IMREAD_REDUCED_GRAYSCALE_{2,4,8} (JPEG only)
  pydicom+numpy+Pillow          the same with Pillow: Image.resize(BOX), PNG compress_level=1
  MONAI                         LoadImage + ScaleIntensityRange + Resize(area), PNG level 1, ShardWriter
                                (only when `import monai` works; otherwise the row says why)
  limits                        decode only: libjpeg-turbo full and 1/4 (cv2.IMREAD_REDUCED_GRAYSCALE_4
                                and PIL draft mode), libpng (cv2.imdecode), pydicom pixel_array; a
                                memcpy of the decoded pixels (numpy.copyto); and SHA-256 of each file
                                (hashlib), which medprep computes for its manifest and the others skip

The table gives images/s and each row's speed relative to `medprep --jobs 1` (1.00 = the same, 0.25 =
four times slower than medprep, 1.30 = the floor is 30% faster). It is written as Markdown and CSV and
drawn as a PNG bar chart (Pillow ImageDraw). Absolute numbers vary between machines; compare ratios.
Within one kind and size the pipelines take turns: a warm-up round, then --repetitions rounds in which
each runs once, so that a shared machine speeding up or slowing down during the run moves every row
alike and the ratios stay comparable; each row is the median of its timed rounds.

The synthetic corpus is written by `medprep bench --synthetic KIND --corpus-only` (deterministic
radiograph-like images: 2048x2500 DICOM with 12 bits stored, 1024x1024 PNG, 2320x2828 JPEG q90); the
JPEG-lossless DICOM files are those DICOM files recompressed by DCMTK's `dcmcjpeg +e1` (process 14,
selection value 1). A real corpus: --corpus DIR, files grouped by extension (.dcm, .png, .jpg/.jpeg)
and DICOM files by transfer syntax.

    python3 Benchmarks/compare/compare.py --medprep .build/release/medprep --count 24
"""
import argparse
import csv
import datetime
import glob
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import hashlib
import time

import cv2
import numpy as np
import pydicom
import webdataset as wds
from PIL import Image, ImageDraw, ImageFont

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
KINDS = {"dicom16": (2048, 2500, (".dcm",)), "dicom16_jpegls": (2048, 2500, (".dcm",)),
         "png8": (1024, 1024, (".png",)), "jpeg8": (2320, 2828, (".jpg", ".jpeg")),
         "jpeg_rgb": (2320, 2828, (".jpg", ".jpeg"))}
# Sizes of the RGB-encoded gray JPEG corpus, in turn (public CXR collections mix sizes like these).
JPEG_RGB_SIZES = [(2320, 2828), (1760, 2140), (2544, 3056), (1024, 1024), (2048, 2500), (1500, 1800)]
JPEG_LOSSLESS = ("1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70")


# ---------------------------------------------------------------------------------------------- corpus
def make_corpus(medprep, folder, kinds, count):
    """Synthetic files from `medprep bench --corpus-only`, one subfolder per kind; reused when complete."""
    groups = {}
    for kind in sorted(kinds, key=lambda k: k not in ("dicom16", "jpeg8")):  # others are made from these
        width, height, _ = KINDS[kind]
        target = os.path.join(folder, kind)
        files = sorted(glob.glob(os.path.join(target, "img*")))
        if len(files) < count:
            shutil.rmtree(target, ignore_errors=True)
            if kind == "jpeg_rgb":
                sources = make_corpus(medprep, folder, ["jpeg8"], count)["jpeg8"]
                os.makedirs(target)
                for i, source in enumerate(sources):
                    rgb_encoded_gray_jpeg(source, os.path.join(target, os.path.basename(source)), i)
            elif kind == "dicom16_jpegls":
                sources = make_corpus(medprep, folder, ["dicom16"], count)["dicom16"]
                os.makedirs(target)
                for source in sources:
                    run(["dcmcjpeg", "+e1", source, os.path.join(target, os.path.basename(source))])
            else:
                run([medprep, "bench", "--synthetic", kind, "--count", str(count), "--synthetic-size",
                     f"{width}x{height}", "--keep-corpus", target, "--corpus-only"])
            files = sorted(glob.glob(os.path.join(target, "img*")))
        groups[kind] = files[:count]
    return {kind: groups[kind] for kind in kinds}


def rgb_encoded_gray_jpeg(source, target, index):
    """A gray radiograph saved as an RGB JPEG (R = G = B, YCbCr 4:2:0, quality 90), as most public chest
    X-ray collections store them: by Pillow for even `index`, by OpenCV for odd, in mixed sizes."""
    gray = cv2.imread(source, cv2.IMREAD_GRAYSCALE)
    width, height = JPEG_RGB_SIZES[index % len(JPEG_RGB_SIZES)]
    gray = cv2.resize(gray, (width, height), interpolation=cv2.INTER_AREA)
    if index % 2 == 0:
        Image.fromarray(gray).convert("RGB").save(target, quality=90)
    else:
        cv2.imwrite(target, cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR), [cv2.IMWRITE_JPEG_QUALITY, 90])


def real_corpus(folder, kinds, count):
    """Files under `folder` grouped by extension into the kinds, DICOM by transfer syntax (JPEG lossless or not)."""
    groups = {}
    every = sorted(p for p in glob.glob(os.path.join(folder, "**", "*"), recursive=True) if os.path.isfile(p))

    def lossless(path):
        meta = pydicom.dcmread(path, stop_before_pixels=True).file_meta
        return str(meta.TransferSyntaxUID) in JPEG_LOSSLESS

    for kind in kinds:
        files = [p for p in every if p.lower().endswith(KINDS[kind][2])]
        if kind.startswith("jpeg"):  # gray JPEG, or color (YCbCr) JPEG
            files = [p for p in files if (Image.open(p).mode != "L") == (kind == "jpeg_rgb")]
        if kind.startswith("dicom"):
            files = [p for p in files if lossless(p) == (kind == "dicom16_jpegls")]
        if files[:count]:
            groups[kind] = files[:count]
    return groups


def staged_folder(files, scratch, kind):
    """Copies of `files` in one folder (medprep's walker does not follow links out of a root), so every tool
    reads the same bytes from the same file system."""
    folder = os.path.join(scratch, "input-" + kind)
    os.makedirs(folder, exist_ok=True)
    for i, path in enumerate(files):
        shutil.copyfile(path, os.path.join(folder, f"{i:05d}{os.path.splitext(path)[1].lower()}"))
    return folder


def linked_copies(folder, scratch, kind, copies):
    """`copies` subfolders of hard links to the files of `folder`: a longer run over the same bytes,
    so that per-run fixed costs (process start, DCMTK's data dictionary, the manifest) weigh little."""
    root = os.path.join(scratch, "scaling-" + kind)
    for copy in range(copies):
        os.makedirs(os.path.join(root, f"copy{copy}"), exist_ok=True)
        for name in sorted(os.listdir(folder)):
            target = os.path.join(root, f"copy{copy}", name)
            try:
                os.link(os.path.join(folder, name), target)
            except OSError:
                shutil.copyfile(os.path.join(folder, name), target)
    return root


def run(arguments, **kwargs):
    result = subprocess.run(arguments, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        sys.exit(f"{' '.join(arguments)} failed ({result.returncode}):\n{result.stderr}")
    return result


# ---------------------------------------------------------------------------------------------- pipelines
_LUTS = {}


def window_lut_to_u8(ds):
    """The careful version of `window_to_u8`: the same mapping built once per (rescale, window) as a
    65536-entry uint8 table and applied by indexing (cv2.LUT takes 8-bit input only), as users who
    profile their scripts write it; min/max windows fall back to `window_to_u8`."""
    pixels = ds.pixel_array
    if "WindowCenter" not in ds or pixels.dtype != np.uint16:
        return window_to_u8(ds)
    key = (float(getattr(ds, "RescaleSlope", 1)), float(getattr(ds, "RescaleIntercept", 0)),
           float(np.atleast_1d(ds.WindowCenter)[0]), float(np.atleast_1d(ds.WindowWidth)[0]),
           ds.PhotometricInterpretation)
    lut = _LUTS.get(key)
    if lut is None:
        slope, intercept, center, width, photometric = key
        values = np.arange(65536, dtype=np.float32) * slope + intercept
        low = center - 0.5 - (width - 1) / 2
        lut = np.clip((values - low) * (255.0 / (width - 1)), 0, 255).round().astype(np.uint8)
        lut = 255 - lut if photometric == "MONOCHROME1" else lut
        _LUTS[key] = lut
    return lut[pixels]


def window_to_u8(ds):
    """The file's first VOI window (PS3.3 C.11.2.1.2 LINEAR) as Python scripts write it, else min/max."""
    pixels = ds.pixel_array.astype(np.float32)
    slope, intercept = float(getattr(ds, "RescaleSlope", 1)), float(getattr(ds, "RescaleIntercept", 0))
    pixels = pixels * slope + intercept
    if "WindowCenter" in ds:
        center = float(np.atleast_1d(ds.WindowCenter)[0])
        width = float(np.atleast_1d(ds.WindowWidth)[0])
        low = center - 0.5 - (width - 1) / 2
        scale = 255.0 / (width - 1)
    else:
        low, high = float(pixels.min()), float(pixels.max())
        scale = 255.0 / max(high - low, 1)
    image = np.clip((pixels - low) * scale, 0, 255).round().astype(np.uint8)
    return 255 - image if ds.PhotometricInterpretation == "MONOCHROME1" else image


def reduced_flag(shape_hw, size):
    """The largest OpenCV reduction that keeps both sides at least `size` (what medprep's DCT scaling does)."""
    for factor, flag in ((8, cv2.IMREAD_REDUCED_GRAYSCALE_8), (4, cv2.IMREAD_REDUCED_GRAYSCALE_4),
                         (2, cv2.IMREAD_REDUCED_GRAYSCALE_2)):
        if -(-shape_hw[0] // factor) >= size and -(-shape_hw[1] // factor) >= size:
            return flag
    return cv2.IMREAD_GRAYSCALE


def shard_writer(out):
    os.makedirs(out, exist_ok=True)
    return wds.ShardWriter(os.path.join(out, "train-%06d.tar"), maxcount=1000, verbose=0)


def opencv_pipeline(files, size, out, reduced=False, lut=False):
    """pydicom or cv2.imread (gray: libjpeg-turbo decodes a color JPEG's luminance alone), window, cv2.resize
    INTER_AREA, PNG level 1, ShardWriter. `reduced`: DCT-scaled JPEG decode; `lut`: table windowing."""
    cv2.setNumThreads(1)
    with shard_writer(out) as sink:
        for path in files:
            if path.endswith(".dcm"):
                image = (window_lut_to_u8 if lut else window_to_u8)(pydicom.dcmread(path))
            elif reduced:
                width, height = Image.open(path).size  # reads the header only
                image = cv2.imread(path, reduced_flag((height, width), size))
            else:
                image = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
            image = cv2.resize(image, (size, size), interpolation=cv2.INTER_AREA)
            ok, png = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, 1])
            key = os.path.splitext(os.path.basename(path))[0]
            sink.write({"__key__": key, "png": png.tobytes(), "json": {"size": [size, size]}})


def _careful_worker(arguments):
    files, size, out = arguments
    opencv_pipeline(files, size, out, reduced=True, lut=True)


def careful_two_processes(files, size, out):
    """The careful peer (reduced JPEG decode, table windowing) in 2 processes, each on half the files
    with its own ShardWriter (what a user does with multiprocessing to use two cores)."""
    import multiprocessing
    halves = [(files[0::2], size, out + "-0"), (files[1::2], size, out + "-1")]
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(_careful_worker, halves)


def pillow_pipeline(files, size, out):
    import io
    with shard_writer(out) as sink:
        for path in files:
            if path.endswith(".dcm"):
                image = Image.fromarray(window_to_u8(pydicom.dcmread(path)))
            else:
                image = Image.open(path).convert("L")
            image = image.resize((size, size), Image.Resampling.BOX)
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", compress_level=1)
            key = os.path.splitext(os.path.basename(path))[0]
            sink.write({"__key__": key, "png": buffer.getvalue(), "json": {"size": [size, size]}})


def monai_pipeline(files, size, out, kind):
    import torch
    from monai.transforms import LoadImage, Resize, ScaleIntensityRange
    torch.set_num_threads(1)
    load = LoadImage(image_only=True, ensure_channel_first=True)
    top = 4095.0 if kind.startswith("dicom") else 255.0
    scale = ScaleIntensityRange(a_min=0, a_max=top, b_min=0, b_max=255, clip=True)
    resize = Resize((size, size), mode="area")
    with shard_writer(out) as sink:
        for path in files:
            image = resize(scale(load(path)))
            pixels = np.asarray(image[0]).round().astype(np.uint8)
            ok, png = cv2.imencode(".png", pixels, [cv2.IMWRITE_PNG_COMPRESSION, 1])
            key = os.path.splitext(os.path.basename(path))[0]
            sink.write({"__key__": key, "png": png.tobytes(), "json": {"size": [size, size]}})


def medprep_convert(binary, folder, size, jobs, out, kind):
    normalize = "window" if kind.startswith("dicom") else "none"
    result = run([binary, "convert", folder, "--out", out, "--size", str(size), "--resize", "area", "--normalize",
                  normalize, "--format", "png8", "--png-level", "1", "--jobs", str(jobs), "--split", "1,0,0",
                  "--no-progress", "--no-patient-id", "--json", "--overwrite"])
    summary = json.loads(result.stdout)
    if summary.get("skipped"):
        sys.exit(f"medprep skipped {summary['skipped']} inputs in {folder}")
    return summary["processed"] / summary["seconds"]


def medprep_bench(binary, folder, size, kind, repetitions, formats):
    """`medprep bench` on the same folder: per-stage profile, 1..N job scaling, output formats."""
    normalize = "window" if kind.startswith("dicom") else "none"
    result = run([binary, "bench", folder, "--size", str(size), "--resize", "area", "--normalize", normalize,
                  "--format", "png8", "--png-level", "1", "--repetitions", str(repetitions), "--output-formats",
                  formats, "--json"])
    return json.loads(result.stdout)


def bench_markdown(reports):
    """Tables of where the time goes (per stage, --jobs 1), scaling, and the output-format trade-off."""
    stages = [s["stage"] for s in next(iter(reports.values()))["runs"][0]["stages"]]
    size = next(iter(reports.values()))["pipeline"]
    size = size[size.index("--size") + 1] if "--size" in size else "?"
    lines = ["", f"Where the time goes (`medprep bench`, output {size}, `--jobs 1`, thread time per image in ms, "
             "and share):", "",
             "| input | " + " | ".join(stages) + " | images/s | scaling 1 to " +
             str(max(r["jobs"] for r in next(iter(reports.values()))["runs"])) + " jobs | peak RSS |",
             "| --- |" + " ---: |" * (len(stages) + 3)]
    for kind, report in reports.items():
        one, last = report["runs"][0], report["runs"][-1]
        cells = [f"{s['msPerImage']:.2f} ({s['share'] * 100:.0f}%)" for s in one["stages"]]
        lines.append(f"| {kind} | " + " | ".join(cells) + f" | {one['imagesPerSecond']['median']:.1f} | "
                     f"{last['scaling']:.2f}x | {report['peakRSSMB']:.0f} MB |")
    for kind, report in reports.items():
        if not report["formats"]:
            continue
        lines += ["", f"Output formats ({kind}, `--jobs 1`):", "",
                  "| format | images/s | encode ms/image | KB/image |", "| --- | ---: | ---: | ---: |"]
        for f in report["formats"]:
            name = f["format"] + (f" level {f['pngLevel']}" if f.get("pngLevel") is not None else "")
            lines.append(f"| {name} | {f['imagesPerSecond']['median']:.1f} | {f['encodeMsPerImage']:.2f} | "
                         f"{f['bytesPerImage'] / 1024:.1f} |")
    return lines


# ---------------------------------------------------------------------------------------------- limits
def rate_each(blobs, body):
    start = time.perf_counter()
    for i, blob in enumerate(blobs):
        body(i, blob)
    return len(blobs) / (time.perf_counter() - start)


def decode_limits(files, kind, size):
    """Decode-only rates (images/s) of the libraries at the bottom of every pipeline, plus a memcpy."""
    cv2.setNumThreads(1)
    blobs = [np.fromfile(p, dtype=np.uint8) for p in files]
    limits = {}

    def rate(body):
        start = time.perf_counter()
        for blob in blobs:
            body(blob)
        return len(blobs) / (time.perf_counter() - start)

    limits["SHA-256 of each file (hashlib; medprep --hash sha256)"] = rate(lambda b: hashlib.sha256(b).digest())
    try:
        import blake3
        limits["BLAKE3 of each file (Python blake3, 1 thread; medprep's default hash)"] = rate(
            lambda b: blake3.blake3(b).digest())
    except ImportError:
        pass
    if kind.startswith("jpeg"):
        shapes = [Image.open(p).size for p in files]  # (width, height), header only
        flags = [reduced_flag((h, w), size) for w, h in shapes]
        limits["libjpeg-turbo gray decode, DCT-scaled as medprep (cv2 REDUCED_x)"] = rate_each(
            blobs, lambda i, b: cv2.imdecode(b, flags[i]))
    if kind.startswith("jpeg"):
        import io
        limits["libjpeg-turbo decode, full (cv2)"] = rate(lambda b: cv2.imdecode(b, cv2.IMREAD_GRAYSCALE))
        limits["libjpeg-turbo decode, 1/4 (cv2 REDUCED_4)"] = rate(
            lambda b: cv2.imdecode(b, cv2.IMREAD_REDUCED_GRAYSCALE_4))

        def draft(blob):
            image = Image.open(io.BytesIO(blob.tobytes()))
            image.draft("L", (image.size[0] // 4, image.size[1] // 4))
            image.load()
        limits["libjpeg-turbo decode, 1/4 (PIL draft)"] = rate(draft)
        decoded = [cv2.imdecode(b, cv2.IMREAD_GRAYSCALE) for b in blobs]
    elif kind == "png8":
        limits["libpng decode (cv2)"] = rate(lambda b: cv2.imdecode(b, cv2.IMREAD_UNCHANGED))
        decoded = [cv2.imdecode(b, cv2.IMREAD_UNCHANGED) for b in blobs]
    else:
        import io
        limits["pydicom pixel_array"] = rate(lambda b: pydicom.dcmread(io.BytesIO(b.tobytes())).pixel_array)
        decoded = [pydicom.dcmread(p).pixel_array for p in files]
    targets = [np.ones_like(d) for d in decoded]  # touched first, so page faults are not timed
    start = time.perf_counter()
    for source, target in zip(decoded, targets):
        np.copyto(target, source)
    limits["memcpy of decoded pixels"] = len(decoded) / (time.perf_counter() - start)
    return limits


# ---------------------------------------------------------------------------------------------- output
def chart(rows, kinds, path):
    """Horizontal bars of images/s relative to medprep --jobs 1, one panel per kind (capped at 3x)."""
    panels = [(kind, [r for r in rows if r["kind"] == kind]) for kind in kinds]
    bar, gap, label_w, plot_w, cap = 16, 6, 330, 520, 3.0
    heights = [30 + len(panel) * (bar + gap) for _, panel in panels]
    image = Image.new("RGB", (label_w + plot_w + 110, 50 + sum(heights)), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default()
    draw.text((10, 10), "images/s relative to medprep --jobs 1 (= 1.0; longer is faster; grey: decode-only limits)",
              fill="black", font=font)
    top = 40
    for (kind, panel), height in zip(panels, heights):
        draw.text((10, top), kind, fill="black", font=font)
        for t, row in enumerate(panel):
            y = top + 22 + t * (bar + gap)
            draw.text((10, y + 3), row["tool"], fill="black", font=font)
            if row["ratio"] is None:
                draw.text((label_w + 4, y + 3), row["note"] or "n/a", fill=(120, 120, 120), font=font)
                continue
            color = (33, 102, 172) if row["tool"].startswith("medprep") else (150, 150, 150) if row["limit"] \
                else (214, 96, 77)
            end = label_w + min(row["ratio"], cap) / cap * plot_w
            draw.rectangle([label_w, y, end, y + bar], fill=color)
            more = "+" if row["ratio"] > cap else ""
            draw.text((end + 4, y + 3), f"{row['ratio']:.2f}{more}  ({row['images_per_second']:.1f}/s)", fill="black",
                      font=font)
        x_one = label_w + plot_w / cap
        draw.line([x_one, top + 18, x_one, top + height - 4], fill="black")
        top += height
    image.save(path)


def machine():
    model = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            model = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--medprep", help="release medprep binary (default: newest .build*/release/medprep)")
    parser.add_argument("--corpus", help="a folder of real images (grouped by extension) instead of the synthetic one")
    parser.add_argument("--synthetic-folder", default=os.path.join(tempfile.gettempdir(), "medprep-compare-corpus"))
    parser.add_argument("--count", type=int, default=24, help="images per kind")
    parser.add_argument("--sizes", default="512,224", help="output sizes (square, stretched); the per-stage "
                        "profile and the chart use the first")
    parser.add_argument("--kinds", default="dicom16,dicom16_jpegls,png8,jpeg8,jpeg_rgb")
    parser.add_argument("--repetitions", type=int, default=3, help="timed runs per row; the median is reported")
    parser.add_argument("--scaling-copies", type=int, default=4, help="the 1-to-N-jobs scaling table converts the "
                        "corpus this many times over (hard links), at the first size; 0 skips it")
    parser.add_argument("--out", default=HERE, help="folder for RESULTS.md, results.csv, results.png")
    args = parser.parse_args()
    binary = args.medprep or max(glob.glob(os.path.join(ROOT, ".build*", "release", "medprep")),
                                 key=os.path.getmtime)
    kinds = [k for k in args.kinds.split(",") if k in KINDS]
    groups = real_corpus(args.corpus, kinds, args.count) if args.corpus else \
        make_corpus(binary, args.synthetic_folder, kinds, args.count)
    kinds = [k for k in kinds if k in groups]
    try:
        import monai  # noqa: F401
        monai_note = None
    except Exception as error:  # ImportError, or torch failing to load
        monai_note = f"not installed ({type(error).__name__}); see requirements.txt"

    cores = os.cpu_count() or 1
    load_before = os.getloadavg()[0]
    scratch = tempfile.mkdtemp(prefix="medprep-compare-")
    rows = []
    bench_reports = {}
    scaling = []

    def timed(body, count):
        def rate():
            start = time.perf_counter()
            body()
            return {None: count / (time.perf_counter() - start)}
        return rate

    def in_turns(pipelines):
        """Images/s of every pipeline: a warm-up round (file cache, library initialization), then
        `repetitions` rounds in which each pipeline runs once, in turn, so that a change in the
        machine's speed during the run hits every row alike; the median of the timed rounds.
        A pipeline returns {row name or None: images/s} (the decode limits give several rows)."""
        rates = {}
        for round_index in range(args.repetitions + 1):
            for name, run_once in pipelines:
                for row, value in run_once().items():
                    if round_index > 0:
                        rates.setdefault(row or name, []).append(value)
        return {row: statistics.median(values) for row, values in rates.items()}

    sizes = [int(v) for v in args.sizes.split(",")]
    try:
        for kind in kinds:
            files = groups[kind]
            folder = staged_folder(files, scratch, kind)
            files = sorted(glob.glob(os.path.join(folder, "*")))
            for size in sizes:
                out = lambda name: os.path.join(scratch, f"{name}-{kind}-{size}")  # noqa: E731
                count = len(files)
                pipelines = [
                    ("medprep --jobs 1", lambda: {None: medprep_convert(binary, folder, size, 1, out("mp1"), kind)}),
                    (f"medprep --jobs {cores}",
                     lambda: {None: medprep_convert(binary, folder, size, cores, out("mpn"), kind)}),
                    ("pydicom+numpy+OpenCV", timed(lambda: opencv_pipeline(files, size, out("cv")), count))]
                if kind.startswith("jpeg"):
                    pipelines.append(("same, OpenCV reduced JPEG (careful peer)",
                                      timed(lambda: opencv_pipeline(files, size, out("cvr"), reduced=True), count)))
                if kind.startswith("dicom"):
                    pipelines.append(("same, table windowing (careful peer)",
                                      timed(lambda: opencv_pipeline(files, size, out("cvl"), lut=True), count)))
                if cores > 1:
                    pipelines.append(("careful peer, 2 processes",
                                      timed(lambda: careful_two_processes(files, size, out("cv2p")), count)))
                pipelines.append(("pydicom+numpy+Pillow", timed(lambda: pillow_pipeline(files, size, out("pil")), count)))
                if monai_note is None:
                    pipelines.append(("MONAI LoadImage+ScaleIntensityRange+Resize",
                                      timed(lambda: monai_pipeline(files, size, out("monai"), kind), count)))
                if size == sizes[0]:  # decode-only limits do not depend on the output size
                    pipelines.append(("limits", lambda: decode_limits(files, kind, size)))
                rates = in_turns(pipelines)
                mp1 = rates["medprep --jobs 1"]
                measured = [(name, rates[name], False, "") for name, _ in pipelines if name != "limits"]
                if monai_note is not None:
                    measured.append(("MONAI LoadImage+ScaleIntensityRange+Resize", None, False, monai_note))
                if size == sizes[0]:
                    limits = [(name, value, True, "") for name, value in rates.items()
                              if name not in dict(pipelines)]
                if size == sizes[0]:
                    bench_reports[kind] = medprep_bench(
                        binary, folder, size, kind, args.repetitions,
                        "png8:1,png8:9,npy-u8,npy-f16" if kind == kinds[0] else "none")
                for tool, ips, limit, note in measured + limits:
                    rows.append({"kind": kind, "size": size, "tool": tool, "images_per_second": ips, "limit": limit,
                                 "ratio": None if ips is None else ips / mp1, "note": note, "images": len(files)})
                    shown = "     n/a" if ips is None else f"{ips:8.1f}"
                    ratio = "" if ips is None else f"{ips / mp1:6.2f}"
                    print(f"{kind:<15} {size:>4} {tool:<58}{shown} images/s {ratio}  {note}", flush=True)
            if cores > 1 and args.scaling_copies > 0:
                # Jobs 1 and N alternate, so that a change in the machine's load hits both alike.
                linked = linked_copies(folder, scratch, kind, args.scaling_copies)
                out = os.path.join(scratch, f"scaling-out-{kind}")
                medprep_convert(binary, linked, sizes[0], cores, out, kind)  # warm-up
                one, many = [], []
                for _ in range(args.repetitions):
                    one.append(medprep_convert(binary, linked, sizes[0], 1, out, kind))
                    many.append(medprep_convert(binary, linked, sizes[0], cores, out, kind))
                scaling.append((kind, len(files) * args.scaling_copies, statistics.median(one),
                                statistics.median(many)))
                print(f"{kind:<15} scaling over {scaling[-1][1]} images: {scaling[-1][2]:.1f} -> "
                      f"{scaling[-1][3]:.1f} images/s, {scaling[-1][3] / scaling[-1][2]:.2f}x", flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "results.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["kind", "size", "tool", "images_per_second", "ratio", "limit",
                                               "images", "note"])
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    command = "python3 Benchmarks/compare/compare.py " + " ".join(sys.argv[1:])
    source = f"--corpus {args.corpus}" if args.corpus else \
        "synthetic (medprep bench --synthetic): " + ", ".join(
            f"{k} {KINDS[k][0]}x{KINDS[k][1]}" if k != "jpeg_rgb" else
            "jpeg_rgb (jpeg8's radiographs saved as RGB JPEG q90 by Pillow and OpenCV in turn, "
            + " / ".join(f"{w}x{h}" for w, h in JPEG_RGB_SIZES) + ")" for k in kinds)
    lines = [
        f"Measured {datetime.date.today().isoformat()} on {machine()}, with `{command}`.",
        f"Corpus: {source}; {args.count} images per kind, output N x N PNG (level 1) "
        "in WebDataset tar shards; Python rows single-threaded; median of "
        f"{args.repetitions} rounds after a warm-up round, every pipeline running once, in turn, in each "
        "round (the decode limits too, in the rounds of the first size). "
        f"Load average (1 min) {load_before:.2f} before, "
        f"{os.getloadavg()[0]:.2f} after: on a shared machine the `--jobs {cores}` rows suffer first.",
        "",
        "| input | size | pipeline | images/s | vs medprep --jobs 1 |",
        "| --- | ---: | --- | ---: | ---: |",
    ]
    for row in rows:
        ips = "n/a" if row["images_per_second"] is None else f"{row['images_per_second']:.1f}"
        ratio = row["note"] if row["ratio"] is None else f"{row['ratio']:.2f}x"
        name = ("limit: " if row["limit"] else "") + row["tool"]
        lines.append(f"| {row['kind']} | {row['size']} | {name} | {ips} | {ratio} |")
    lines += ["", "Absolute images/s vary between machines; the ratios are what to compare. A ratio below 1 is "
              "slower than `medprep --jobs 1`; limit rows are decode-only floors that any pipeline pays."]
    if scaling:
        lines += ["", f"Scaling of `medprep convert` from 1 to {cores} jobs (output {sizes[0]}; the corpus converted "
                  f"{args.scaling_copies} times over through hard links; runs alternated, median of "
                  f"{args.repetitions}). The `--jobs {cores}` rows above, over {args.count} images, include "
                  "the per-run fixed costs (process start, DCMTK loading its data dictionary, first-touch page "
                  "faults, the manifest), which weigh more in a short run.", "",
                  f"| input | images | --jobs 1 images/s | --jobs {cores} images/s | scaling |",
                  "| --- | ---: | ---: | ---: | ---: |"]
        lines += [f"| {kind} | {count} | {one:.1f} | {many:.1f} | {many / one:.2f}x |"
                  for kind, count, one, many in scaling]
    if bench_reports:
        lines += bench_markdown(bench_reports)
    with open(os.path.join(args.out, "RESULTS.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    chart([r for r in rows if r["size"] == sizes[0]], kinds, os.path.join(args.out, "results.png"))
    print(f"wrote {args.out}/RESULTS.md, results.csv, results.png")


if __name__ == "__main__":
    main()
