#!/usr/bin/env python3
"""Stored-value parity of MedPrep's DICOM decoder with pydicom's ``Dataset.pixel_array``.

For every file under the given folders (default: the test files that ship inside the installed
pydicom package), this runs our decoder through the command line

    medprep decode FILE --values stored --frame 0 --out X.npy

and compares the result with pydicom's first frame, value by value (dtype aside: we return
signed 8-bit data as int16). A file pydicom cannot decode must give a clean error from us
(exit status 1 and a message), never a crash or a hang.

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
    for build in ("release", "debug"):
        exe = os.path.join(ROOT, ".build", build, "medprep")
        if os.path.exists(exe):
            return f"{shlex.quote(exe)} decode {{file}} --values stored --frame 0 --out {{out}}"
    return "medprep decode {file} --values stored --frame 0 --out {out}"


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


def is_lossy_jpeg(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = pydicom.dcmread(path, force=True, stop_before_pixels=True)
    return str(getattr(ds.file_meta, "TransferSyntaxUID", "")) in LOSSY_JPEG


def equals_pillow(path, ours):
    """Whether pydicom decodes `path` with its Pillow (libjpeg-turbo) plugin to exactly `ours`."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = pydicom.dcmread(path, force=True)
            ds.pixel_array_options(decoding_plugin="pillow")
            theirs = ds.pixel_array
            if int(ds.get("NumberOfFrames", 1) or 1) > 1:
                theirs = theirs[0]
        except Exception:
            return False
    return theirs.shape == ours.shape and np.array_equal(theirs.astype(np.int64), ours.astype(np.int64))


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
    folders = args.folders or [os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files")]
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
    tally = {"identical": [], "both-failed": [], "lossy-jpeg-equals-pillow": [], "mismatch": [], "we-failed": [], "we-decoded-pydicom-failed": [],
             "crash": [], "timeout": []}
    with tempfile.TemporaryDirectory() as tmp:
        for index, path in enumerate(files):
            out = os.path.join(tmp, f"{index}.npy")
            theirs, their_error = pydicom_first_frame(path)
            status, message = run_ours(template, path, out, timeout)
            name = os.path.relpath(path, folders[0]) if len(folders) == 1 else path
            if status in ("crash", "timeout"):
                tally[status].append((name, message))
            elif theirs is None:
                key = "both-failed" if status == "error" else "we-decoded-pydicom-failed"
                tally[key].append((name, f"pydicom: {their_error} | ours: {message}"))
            elif status == "error":
                tally["we-failed"].append((name, f"ours: {message}"))
            else:
                ours = np.load(out)
                same_shape = ours.shape == theirs.shape
                if same_shape and np.array_equal(ours.astype(np.int64), theirs.astype(np.int64)):
                    tally["identical"].append((name, ""))
                else:
                    if same_shape and is_lossy_jpeg(path) and equals_pillow(path, ours):
                        # Lossy JPEG is not bit-exact across IDCT implementations (ISO 10918-2
                        # allows +-1): ours is libjpeg's (via DCMTK), as is Pillow's; pylibjpeg's differs.
                        diff = np.abs(ours.astype(np.int64) - theirs.astype(np.int64))
                        tally["lossy-jpeg-equals-pillow"].append(
                            (name, f"identical to pydicom's Pillow plugin; pylibjpeg differs in {np.count_nonzero(diff)} samples by <= {diff.max()}"))
                        continue
                    detail = f"shape ours {ours.shape} pydicom {theirs.shape}"
                    if same_shape:
                        diff = np.abs(ours.astype(np.int64) - theirs.astype(np.int64))
                        detail += f"; {np.count_nonzero(diff)} samples differ, max |diff| {diff.max()}"
                    tally["mismatch"].append((name, detail))
    return tally


if __name__ == "__main__":
    sys.exit(main())
