#!/usr/bin/env python3
"""Generates the sample-layout fixtures in Tests/Fixtures/dicom: Float Pixel Data (7FE0,0008) and
Double Float Pixel Data (7FE0,0009), as parametric maps store them.

Run from the repository root:  python3 Tests/Fixtures/generate_dicom_layouts.py

pydicom writes the files; the reference arrays are pydicom's `pixel_array` of the files as
written (read back), saved with numpy. Deterministic.
"""
import os

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "dicom")


def dataset(syntax, rows, columns, frames, bits):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.30"  # Parametric Map Storage
    meta.MediaStorageSOPInstanceUID = f"1.2.826.0.1.3680043.8.498.{bits}{frames}"
    meta.TransferSyntaxUID = syntax
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Modality = "MR"
    ds.PatientID = "LAYOUTS"
    ds.Rows, ds.Columns = rows, columns
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = bits
    ds.NumberOfFrames = frames
    return ds


def values(shape, dtype):
    # Negative, fractional, tiny and large values: nothing an integer type would hold exactly.
    count = int(np.prod(shape))
    base = np.linspace(-1234.5678, 98765.4321, count, dtype=np.float64)
    base[1] = 1e-30
    base[2] = -3.0e30 if dtype == np.float32 else -3.0e300
    base[3] = 0.1
    return base.astype(dtype).reshape(shape)


def save(ds, name):
    path = os.path.join(OUT, name)
    ds.save_as(path, enforce_file_format=True)
    reference = pydicom.dcmread(path).pixel_array
    np.save(os.path.join(OUT, name.replace(".dcm", ".npy")), reference)


def main():
    # Float Pixel Data, explicit VR (OF), two frames of 7 x 5.
    ds = dataset(ExplicitVRLittleEndian, 7, 5, 2, 32)
    ds.FloatPixelData = values((2, 7, 5), np.float32).tobytes()
    save(ds, "float_pixel_data.dcm")
    # Double Float Pixel Data, implicit VR (the dictionary says OD), one frame of 6 x 4.
    ds = dataset(ImplicitVRLittleEndian, 6, 4, 1, 64)
    ds.DoubleFloatPixelData = values((6, 4), np.float64).tobytes()
    save(ds, "double_float_pixel_data.dcm")


if __name__ == "__main__":
    main()
