#!/usr/bin/env python3
"""Generates Tests/Fixtures/hostile: minimal reproducers of inputs that once crashed, hung or
exhausted memory (issue 14), and the small seed files of the fuzzing corpus (Fuzz/corpus).

Run from the repository root:  python3 Tests/Fixtures/generate_hostile.py

Every file is written by pydicom, Pillow or byte by byte here (never by MedPrep); the facts the
tests check (a tag's VR, a declared chunk length, an SOF's dimensions) are stated next to each
writer. The output is deterministic and committed, so CI never runs this.

Files named fuzz_* in Tests/Fixtures/hostile were found by the fuzzer (Fuzz/run.sh) and are kept
as they were found: fuzz_deflated_element_4GB.dcm is a deflated data set (1.2.840.10008.1.2.1.99)
whose mutated element length asked DCMTK's zlib stream for a 4.2 GB value before reading it.
"""
import io
import os
import struct
import zlib

import numpy as np
import pydicom
from PIL import Image
from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, SecondaryCaptureImageStorage

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "hostile")
CORPUS = os.path.join(ROOT, "Fuzz", "corpus")
UID_ROOT = "1.2.826.0.1.3680043.8.498.78"


def dicom(n, pixels, **attributes):
    """An explicit VR little endian secondary capture of `pixels` (uint16, H x W), 12 bits stored."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    meta.MediaStorageSOPInstanceUID = f"{UID_ROOT}.{n}"
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = f"{UID_ROOT}.9999"
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = SecondaryCaptureImageStorage
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Modality = "OT"
    ds.PatientID = "FAKEID-HOSTILE"
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    for key, value in attributes.items():
        setattr(ds, key, value)
    ds.PixelData = pixels.astype("<u2").tobytes()
    return ds


def gradient(width=16, height=8):
    return (np.arange(width * height, dtype=np.uint16).reshape(height, width) * 17) % 4096


def save_dicom(ds, name, folder=OUT):
    ds.save_as(os.path.join(folder, name), enforce_file_format=True)


def write(name, data, folder=OUT):
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def chunk(kind, payload, length=None):
    """A PNG chunk; `length` overrides the declared length (the CRC still covers `payload`)."""
    declared = len(payload) if length is None else length
    return struct.pack(">I", declared) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def ihdr(width, height, bit_depth=8, color_type=0):
    return chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0))


def png_bytes(array):
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes(array, quality=90):
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


def with_sof_size(jpeg, width, height):
    """`jpeg` with its SOF0 marker's height and width replaced (T.81 B.2.2: P, Y, X after the length)."""
    at = jpeg.index(b"\xff\xc0")
    return jpeg[: at + 5] + struct.pack(">HH", height, width) + jpeg[at + 9 :]


def main():
    os.makedirs(OUT, exist_ok=True)
    for kind in ("dicom", "png", "jpeg", "labels", "landmarks"):
        os.makedirs(os.path.join(CORPUS, kind), exist_ok=True)
    pixels = gradient()

    # --- DICOM: functional-group sequences written with a non-sequence VR (DCMTK's path processor
    # cast them to sequences and crashed). (5200,9230) is Per-frame Functional Groups Sequence.
    ds = dicom(1, pixels)
    ds.add(DataElement(0x52009230, "DS", "1.5"))
    save_dicom(ds, "fg_per_frame_as_ds.dcm")
    ds = dicom(2, pixels)
    ds.add(DataElement(0x52009229, "LO", "not a sequence"))
    save_dicom(ds, "fg_shared_as_lo.dcm")
    # (0028,9145) Pixel Value Transformation Sequence written as IS inside a real (5200,9230) item.
    item = Dataset()
    item.add(DataElement(0x00289145, "IS", "7"))
    item.add(DataElement(0x00289132, "LO", "voi"))  # Frame VOI LUT Sequence as LO
    ds = dicom(3, pixels, NumberOfFrames=1)
    ds.PerFrameFunctionalGroupsSequence = Sequence([item])
    save_dicom(ds, "fg_transformation_as_is.dcm")

    # --- DICOM: rescale slope 1e300 makes modality values beyond Int; with a VOI LUT Sequence
    # present, convert looks the LUT up by the modality value (once a trap in IntensityMapping).
    voi = Dataset()
    voi.LUTDescriptor = [256, 0, 8]
    voi.add(DataElement(0x00283006, "US", list(range(256))))
    ds = dicom(4, pixels, RescaleSlope="1e300", RescaleIntercept="0", RescaleType="US")
    ds.VOILUTSequence = Sequence([voi])
    save_dicom(ds, "rescale_slope_1e300_voi_lut.dcm")
    ds = dicom(5, pixels, RescaleSlope="1e300", RescaleIntercept="0", WindowCenter="100", WindowWidth="200")
    save_dicom(ds, "rescale_slope_1e300_window.dcm")

    # --- PNG: a tEXt chunk declaring 0x7FFFFFFF bytes (libpng allocated them before reading).
    # 8 + 25 (IHDR) + 8 (length, type) + 12 bytes of text = 53 bytes.
    text = PNG_SIGNATURE + ihdr(1, 1) + struct.pack(">I", 0x7FFFFFFF) + b"tEXt" + b"Comment\x00abcd"
    assert len(text) == 53
    write("text_chunk_2GiB.png", text)
    # IHDR claiming 50000 x 50000 with a tiny IDAT: refused by --max-pixels before any allocation.
    row = b"\x00" + b"\x00" * 50000
    write("claims_50000x50000.png", PNG_SIGNATURE + ihdr(50000, 50000) + chunk(b"IDAT", zlib.compress(row * 4, 9))
          + chunk(b"IEND", b""))
    # A valid image with a wrong CRC in IDAT, one with a cut IDAT, one with a bad chunk length.
    good = png_bytes((np.arange(32 * 16, dtype=np.uint8).reshape(16, 32) * 7))
    at = good.index(b"IDAT")
    length = struct.unpack(">I", good[at - 4 : at])[0]
    crc_at = at + 4 + length
    write("crc_error.png", good[:crc_at] + bytes([good[crc_at] ^ 0xFF]) + good[crc_at + 1 :])
    write("truncated_idat.png", good[: at + 4 + length // 2])
    write("bad_chunk_length.png", good[: at - 4] + struct.pack(">I", 0x7FFFFFF0) + good[at:])
    write("good.png", good)

    # --- JPEG: a 1-component baseline file whose SOF0 claims 46000 x 46000 pixels.
    small = jpeg_bytes((np.arange(16 * 16, dtype=np.uint8).reshape(16, 16) * 3))
    write("claims_46000x46000.jpg", with_sof_size(small, 46000, 46000))
    write("good.jpg", small)
    sos = small.index(b"\xff\xda")
    write("truncated_scan.jpg", small[: sos + 30])
    # Huffman table (DHT) with its code counts replaced by 0xFF: no valid table.
    dht = small.index(b"\xff\xc4")
    write("bad_huffman.jpg", small[: dht + 5] + b"\xff" * 16 + small[dht + 21 :])

    # --- Fuzzing seeds: small valid files of each format and label/landmark tables.
    save_dicom(dicom(10, gradient(8, 4)), "seed.dcm", os.path.join(CORPUS, "dicom"))
    write("seed.png", png_bytes(np.arange(64, dtype=np.uint8).reshape(8, 8)), os.path.join(CORPUS, "png"))
    write("seed16.png", png_bytes(np.arange(64, dtype=np.uint16).reshape(8, 8) * 1000), os.path.join(CORPUS, "png"))
    write("seed.jpg", jpeg_bytes(np.arange(64, dtype=np.uint8).reshape(8, 8)), os.path.join(CORPUS, "jpeg"))
    write("seed_rgb.jpg", jpeg_bytes(np.dstack([np.arange(64, dtype=np.uint8).reshape(8, 8)] * 3)), os.path.join(CORPUS, "jpeg"))
    write("seed.csv", b'Image Index,Finding Labels,Patient ID\n00000001_000.png,Cardiomegaly|Effusion,1\n'
          b'00000002_000.png,"No Finding",2\n', os.path.join(CORPUS, "labels"))
    write("seed_landmarks.csv", b"frame,timestamp_ms,hand,landmark,x,y,z\n"
          + b"".join(f"{f},{f * 33},Right,{k},{0.1 * k:.2f},{0.2 + 0.01 * f:.2f},0\n".encode()
                     for f in range(3) for k in range(21)), os.path.join(CORPUS, "landmarks"))


if __name__ == "__main__":
    main()
