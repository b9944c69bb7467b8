#!/usr/bin/env python3
"""Writes a corpus of CR-like lossless JPEG DICOM files for Benchmarks/LosslessDecode/run.py.

Each image is 2048 x 2500 (a chest CR/DX), 12 or 16 bits stored (alternating), a smooth
"anatomy" of ellipses and gradients with Gaussian noise of a few levels, so that Huffman codes
have the lengths of real radiographs (about 4-7 bits per sample). Encoded by DCMTK's dcmcjpeg
with selection value 1 (`+e1`, transfer syntax 1.2.840.10008.1.2.4.70, the usual one) or, with
`--predictor N`, process 14 with that predictor.

    python3 Benchmarks/LosslessDecode/make_corpus.py OUT_DIR [--count 8] [--predictor 1]
"""
import argparse
import os
import subprocess
import tempfile

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, SecondaryCaptureImageStorage


def radiograph(rng, height, width, bits):
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    cy, cx = height / 2, width / 2
    body = np.exp(-(((x - cx) / (0.42 * width)) ** 6 + ((y - cy) / (0.48 * height)) ** 6))
    lungs = sum(
        np.exp(-(((x - cx + s * 0.2 * width) / (0.14 * width)) ** 2 + ((y - 0.45 * height) / (0.28 * height)) ** 2))
        for s in (-1, 1)
    )
    ribs = 0.05 * np.sin(y / 37.0 + 0.3 * np.sin(x / 200.0)) * lungs
    image = 0.15 + 0.6 * body - 0.35 * lungs + ribs + 0.05 * x / width
    top = (1 << bits) - 1
    noise = rng.normal(0, 6.0 * top / 4095, size=image.shape)
    return np.clip(np.rint(image * top + noise), 0, top).astype(np.uint16)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=8)
    parser.add_argument("--predictor", type=int, default=1)
    parser.add_argument("--size", default="2048x2500", help="WxH")
    args = parser.parse_args()
    width, height = map(int, args.size.split("x"))
    os.makedirs(args.out, exist_ok=True)
    rng = np.random.default_rng(18)
    for index in range(args.count):
        bits = 12 if index % 2 == 0 else 16
        ds = Dataset()
        ds.file_meta = FileMetaDataset()
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.file_meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
        ds.file_meta.MediaStorageSOPInstanceUID = f"1.2.826.0.1.3680043.8.498.18.{index + 1}"
        ds.SOPClassUID = SecondaryCaptureImageStorage
        ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
        ds.PatientID = f"BENCH{index % 4}"
        ds.Modality = "CR"
        ds.Rows, ds.Columns, ds.SamplesPerPixel = height, width, 1
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, bits, bits - 1, 0
        ds.PixelData = radiograph(rng, height, width, bits).tobytes()
        with tempfile.TemporaryDirectory() as tmp:
            native = os.path.join(tmp, "native.dcm")
            ds.save_as(native, enforce_file_format=True)
            mode = ["+e1"] if args.predictor == 1 else ["+el", "+sv", str(args.predictor)]
            out = os.path.join(args.out, f"cr_{index:02d}_b{bits}_sv{args.predictor}.dcm")
            subprocess.run(["dcmcjpeg", *mode, native, out], check=True)
            print(out, os.path.getsize(out), "bytes")


if __name__ == "__main__":
    main()
