#!/usr/bin/env python3
"""Generates the sample-layout fixtures in Tests/Fixtures/dicom: Float Pixel Data (7FE0,0008) and
Double Float Pixel Data (7FE0,0009), as parametric maps store them, and packed 12-bit Pixel Data.

Run from the repository root:  python3 Tests/Fixtures/generate_dicom_layouts.py

pydicom writes the files; the reference arrays are pydicom's `pixel_array` of the files as
written (read back), saved with numpy; pydicom refuses Bits Allocated 12, so for the packed files
the reference is GDCM's (python-gdcm) decoded buffer. Deterministic.
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
    # Packed 12-bit, two frames of 5 x 6: unsigned and signed (Bits Stored 12).
    write_packed("packed12.dcm", signed=False, bits_stored=12)
    write_packed("packed12_signed.dcm", signed=True, bits_stored=12)


def gdcm_frames(path, dtype):
    """GDCM's decoded buffer of every frame (it unpacks 12-bit data to 16-bit words)."""
    import gdcm
    reader = gdcm.ImageReader()
    reader.SetFileName(path)
    assert reader.Read(), path
    image = reader.GetImage()
    raw = image.GetBuffer().encode("utf-8", "surrogateescape")
    return np.frombuffer(raw, dtype=dtype)


def packed12(samples):
    """Two 12-bit samples in three bytes: b0 = low 8 bits of the first, b1 = its high 4 bits in the
    low nibble and the second's low 4 bits in the high nibble, b2 = the second's high 8 bits."""
    out = bytearray()
    for first, second in zip(samples[0::2], samples[1::2]):
        out += bytes([first & 0xFF, (first >> 8) | ((second & 0x0F) << 4), second >> 4])
    return bytes(out)


def write_packed(name, signed, bits_stored):
    ds = dataset(ExplicitVRLittleEndian, 5, 6, 2, 12)
    # Multi-frame Grayscale Word Secondary Capture (GDCM reads Parametric Map Storage as float data).
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7.3"
    ds.BitsStored = bits_stored
    ds.HighBit = bits_stored - 1
    ds.PixelRepresentation = 1 if signed else 0
    rng = np.random.default_rng(12)
    samples = [int(v) for v in rng.integers(0, 4096, size=2 * 5 * 6)]
    samples[:4] = [0x000, 0xFFF, 0x800, 0x7FF]
    ds.PixelData = packed12(samples)
    ds["PixelData"].VR = "OB"
    path = os.path.join(OUT, name)
    ds.save_as(path, enforce_file_format=True)
    reference = gdcm_frames(path, np.uint16).reshape(2, 5, 6)
    if signed:
        # GDCM's buffer keeps the 12-bit words as stored; sign-extended from Bits Stored as pydicom
        # does for every signed layout it reads.
        reference = np.where(reference >= 1 << (bits_stored - 1), reference.astype(np.int32) - (1 << bits_stored),
                             reference).astype(np.int16)
    np.save(os.path.join(OUT, name.replace(".dcm", ".npy")), reference)


if __name__ == "__main__":
    main()
