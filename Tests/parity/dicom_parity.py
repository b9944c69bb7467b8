#!/usr/bin/env python3
"""Stored-value parity of MedPrep's DICOM decoder with pydicom's ``Dataset.pixel_array``.

For every file under the given folders (default: the test files that ship inside the installed
pydicom package), this runs our decoder through the command line

    medprep decode FILE --values stored --frame 0 --out X.npy

and compares the result with pydicom's first frame, value by value (dtype aside: we return
signed 8-bit data as int16). Where pydicom cannot decode a file, GDCM (python-gdcm) is the
reference (12-bit lossy JPEG, which pydicom's plugins refuse). A file no reference decodes must
give a clean error from us (exit status 1 and a message), never a crash or a hang.

Lossy codecs (JPEG baseline/extended, JPEG 2000, JPEG-LS near-lossless) are not bit-exact across
decoders: such a file passes when ours equals one of the references (pydicom's default plugin,
its Pillow plugin, GDCM), or when our largest difference to pydicom is no larger than the spread
of the references themselves (largest |pydicom - GDCM| or |pydicom - Pillow|, at least 1).

Usage:
    python3 Tests/parity/dicom_parity.py [--decoder "CMD {file} {out}"] [--verbose] [FOLDER...]

The decoder template defaults to the built `medprep` (release, then debug build). Exit status is
1 if any file is a mismatch, a crash or a timeout.
"""
import argparse
import os
import shlex
import subprocess
import sys
import tempfile
import warnings

import numpy as np
import pydicom

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def default_decoder():
    # The newer of the release and debug builds, so that a stale release binary is not tested.
    built = [os.path.join(ROOT, ".build", build, "medprep") for build in ("release", "debug")]
    built = sorted((exe for exe in built if os.path.exists(exe)), key=os.path.getmtime, reverse=True)
    if built:
        return f"{shlex.quote(built[0])} decode {{file}} --values stored --frame 0 --out {{out}}"
    return "medprep decode {file} --values stored --frame 0 --out {out}"


def default_folders():
    """pydicom's wheel test files and, when installed, the pydicom-data files."""
    folders = [os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files")]
    try:
        import data_store  # pydicom-data
        folders.append(os.path.join(os.path.dirname(data_store.__file__), "data"))
    except ImportError:
        pass
    return folders


def gdcm_first_frame(path):
    """GDCM's stored values for frame 0 (gray or color-by-pixel), or None when it cannot decode."""
    try:
        import gdcm
    except ImportError:
        return None
    gdcm.Trace.WarningOff()
    gdcm.Trace.ErrorOff()
    reader = gdcm.ImageReader()
    reader.SetFileName(path)
    if not reader.Read():
        return None
    image = reader.GetImage()
    pixel_format = image.GetPixelFormat()
    dtypes = {gdcm.PixelFormat.UINT8: np.uint8, gdcm.PixelFormat.INT8: np.int8, gdcm.PixelFormat.UINT16: np.uint16,
              gdcm.PixelFormat.INT16: np.int16, gdcm.PixelFormat.UINT32: np.uint32, gdcm.PixelFormat.INT32: np.int32}
    dtype = dtypes.get(pixel_format.GetScalarType())
    samples = pixel_format.GetSamplesPerPixel()
    if dtype is None or samples not in (1, 3) or (samples == 3 and image.GetPlanarConfiguration() != 0):
        return None
    columns, rows = image.GetDimension(0), image.GetDimension(1)
    try:
        data = image.GetBuffer().encode("utf-8", "surrogateescape")
    except Exception:
        return None
    count = rows * columns * samples
    values = np.frombuffer(data, dtype=dtype)
    if values.size < count:
        return None
    frame = values[:count]
    return frame.reshape((rows, columns, samples) if samples == 3 else (rows, columns))


def pydicom_first_frame(path):
    """pydicom's stored values for frame 0, or the exception it raised."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = pydicom.dcmread(path, force=True)
            arr = ds.pixel_array
            frames = int(ds.get("NumberOfFrames", 1) or 1)
            samples = int(ds.get("SamplesPerPixel", 1) or 1)
            # pydicom returns extra frames for excess data even without Number of Frames.
            if frames > 1 or arr.ndim == (4 if samples > 1 else 3):
                arr = arr[0]
            return arr, None
        except Exception as exc:  # pydicom's own refusal is a result, not a test failure
            return None, f"{type(exc).__name__}: {str(exc).splitlines()[0][:100] if str(exc) else ''}"


LOSSY_JPEG = {"1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51"}
LOSSY = LOSSY_JPEG | {"1.2.840.10008.1.2.4.81", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.93",
                      "1.2.840.10008.1.2.4.203"}


def transfer_syntax(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = pydicom.dcmread(path, force=True, stop_before_pixels=True)
        except Exception:
            return ""
    return str(getattr(getattr(ds, "file_meta", None), "TransferSyntaxUID", ""))


def is_lossy_jpeg(path):
    return transfer_syntax(path) in LOSSY_JPEG


def is_lossy(path):
    return transfer_syntax(path) in LOSSY


def pillow_first_frame(path):
    """pydicom's frame 0 through its Pillow plugin, or None."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = pydicom.dcmread(path, force=True)
            ds.pixel_array_options(decoding_plugin="pillow")
            theirs = ds.pixel_array
            if int(ds.get("NumberOfFrames", 1) or 1) > 1:
                theirs = theirs[0]
            return theirs
        except Exception:
            return None


def same(a, b):
    return a is not None and b is not None and a.shape == b.shape and np.array_equal(a.astype(np.int64), b.astype(np.int64))


def largest_difference(a, b):
    if a is None or b is None or a.shape != b.shape:
        return None
    return int(np.abs(a.astype(np.int64) - b.astype(np.int64)).max())


def equals_pillow(path, ours):
    """Whether pydicom decodes `path` with its Pillow (libjpeg-turbo) plugin to exactly `ours`."""
    return same(pillow_first_frame(path), ours)


def run_ours(template, path, out, timeout):
    cmd = template.format(file=shlex.quote(path), out=shlex.quote(out))
    try:
        proc = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", ""
    message = (proc.stdout + proc.stderr).strip().splitlines()
    message = message[-1] if message else ""
    if proc.returncode < 0 or proc.returncode > 1:
        return "crash", f"exit {proc.returncode}: {message}"
    if proc.returncode == 1 or not os.path.exists(out):
        return "error", message
    return "ok", ""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*")
    parser.add_argument("--decoder", default=None, help="command template with {file} and {out}")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    folders = args.folders or default_folders()
    template = args.decoder or default_decoder()

    tally = classify(folders, template, args.timeout)
    for key, items in tally.items():
        print(f"{key}: {len(items)}")
        if args.verbose or key not in ("identical", "both-failed"):
            for name, detail in items:
                print(f"    {name}  {detail}")
    print(f"total files: {sum(len(items) for items in tally.values())}")
    return 1 if tally["mismatch"] or tally["crash"] or tally["timeout"] else 0


def classify(folders, template=None, timeout=60):
    """Runs ours and pydicom on every file under `folders`; returns {category: [(name, detail)]}."""
    template = template or default_decoder()
    files = sorted(os.path.join(d, f) for folder in folders for d, _, fs in os.walk(folder) for f in fs)
    tally = {"identical": [], "identical-to-gdcm": [], "both-failed": [], "lossy-equals-a-reference": [],
             "lossy-within-spread": [], "mismatch": [], "we-failed": [], "we-decoded-no-reference": [],
             "crash": [], "timeout": []}
    with tempfile.TemporaryDirectory() as tmp:
        for index, path in enumerate(files):
            out = os.path.join(tmp, f"{index}.npy")
            theirs, their_error = pydicom_first_frame(path)
            status, message = run_ours(template, path, out, timeout)
            name = os.path.relpath(path, folders[0]) if len(folders) == 1 else path
            if status in ("crash", "timeout"):
                tally[status].append((name, message))
                continue
            gdcm = None
            if theirs is None:
                gdcm = gdcm_first_frame(path)
                if gdcm is None:
                    key = "both-failed" if status == "error" else "we-decoded-no-reference"
                    tally[key].append((name, f"pydicom: {their_error} | ours: {message}"))
                    continue
            if status == "error":
                tally["we-failed"].append((name, f"ours: {message}"))
                continue
            ours = np.load(out)
            if theirs is None:
                if same(ours, gdcm):
                    tally["identical-to-gdcm"].append((name, "pydicom cannot decode it"))
                    continue
                theirs = gdcm
            if same(ours, theirs):
                tally["identical"].append((name, ""))
                continue
            detail = f"shape ours {ours.shape} reference {theirs.shape}"
            worst = largest_difference(ours, theirs)
            if worst is not None:
                differ = np.count_nonzero(ours.astype(np.int64) != theirs.astype(np.int64))
                detail += f"; {differ} samples differ, max |diff| {worst}"
            if worst is not None and is_lossy(path):
                # Not bit-exact across IDCT / wavelet implementations (ISO 10918-2 allows +-1).
                pillow = pillow_first_frame(path)
                gdcm = gdcm if gdcm is not None else gdcm_first_frame(path)
                if same(ours, pillow) or same(ours, gdcm):
                    which = "Pillow" if same(ours, pillow) else "GDCM"
                    tally["lossy-equals-a-reference"].append((name, f"identical to {which}; {detail}"))
                    continue
                spreads = [d for d in (largest_difference(theirs, gdcm), largest_difference(theirs, pillow)) if d]
                spread = max(spreads + [1])
                if worst <= spread:
                    tally["lossy-within-spread"].append((name, f"{detail}; references differ by up to {spread}"))
                    continue
            tally["mismatch"].append((name, detail))
    return tally


if __name__ == "__main__":
    sys.exit(main())
