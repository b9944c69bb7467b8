#!/usr/bin/env python3
"""Generates the DICOM test fixtures in Tests/Fixtures/dicom and the demo files in samples/dicom.

Run from the repository root:  python3 Tests/Fixtures/generate_dicom.py

Needs pydicom 3, numpy, pylibjpeg (+ libjpeg, openjpeg plugins), Pillow, and DCMTK's command-line
tools (dcmconv, dcmcjpeg, dcmcjpls, dcmcrle, dcm2pnm). Every file is written by pydicom or by DCMTK's
tools, never by MedPrep, so the tests compare our decoder against independent writers. Known
pixel values are saved next to the files as .npy (numpy), and lossy or reference renderings come from
the other tools (pydicom's decoders, dcm2pnm). The output is deterministic (fixed seeds and UIDs),
and the generated files are committed, so CI never needs to run this.
"""
import os
import shutil
import subprocess
import sys

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.sequence import Sequence
from pydicom.uid import (
    ExplicitVRLittleEndian,
    JPEG2000Lossless,
    JPEGLosslessSV1,
    SecondaryCaptureImageStorage,
)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "dicom")
SAMPLES = os.path.join(ROOT, "samples", "dicom")
UID_ROOT = "1.2.826.0.1.3680043.8.498.77"  # pydicom's example root, with a fixed suffix per file
FAKE = dict(
    PatientName="FAKE^PATIENT^MEDPREP",
    PatientID="FAKEID-0042",
    PatientBirthDate="19010101",
    InstitutionName="FAKE INSTITUTION MEDPREP",
    AccessionNumber="FAKEACC-0042",
)
WIDTH, HEIGHT = 64, 48


def uid(n):
    return f"{UID_ROOT}.{n}"


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def base_dataset(n, modality="OT", sop_class=SecondaryCaptureImageStorage):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = uid(n)
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = uid(9999)
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = uid(n)
    ds.StudyInstanceUID = uid(n * 1000 + 1)
    ds.SeriesInstanceUID = uid(n * 1000 + 2)
    ds.Modality = modality
    for key, value in FAKE.items():
        setattr(ds, key, value)
    return ds


def set_image(ds, pixels, bits_stored, signed=False, photometric="MONOCHROME2", frames=None, raw=None):
    """Attach pixels (H, W) or (H, W, 3) or (F, H, W); `raw` overrides the stored bytes."""
    arr = np.asarray(pixels)
    color = photometric not in ("MONOCHROME1", "MONOCHROME2", "PALETTE COLOR")
    shape = arr.shape[1:] if frames else arr.shape
    ds.Rows, ds.Columns = shape[0], shape[1]
    ds.SamplesPerPixel = 3 if color else 1
    ds.PhotometricInterpretation = photometric
    if color:
        ds.PlanarConfiguration = 0
    allocated = 8 if arr.dtype.itemsize == 1 else 16
    ds.BitsAllocated = allocated
    ds.BitsStored = bits_stored
    ds.HighBit = bits_stored - 1
    ds.PixelRepresentation = 1 if signed else 0
    if frames:
        ds.NumberOfFrames = frames
    ds.PixelData = raw if raw is not None else arr.astype(arr.dtype.newbyteorder("<")).tobytes()


def save(ds, name, folder=OUT):
    path = os.path.join(folder, name)
    ds.save_as(path, enforce_file_format=True)
    return path


def phantom(width, height, seed, maximum):
    """Smooth anatomy-like structure (body ellipse, two 'lungs', rib bands) plus a little noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    cx, cy = width / 2, height / 2
    body = ((x - cx) / (0.45 * width)) ** 2 + ((y - cy) / (0.48 * height)) ** 2 < 1
    lung_l = ((x - cx + 0.18 * width) / (0.14 * width)) ** 2 + ((y - cy) / (0.32 * height)) ** 2 < 1
    lung_r = ((x - cx - 0.18 * width) / (0.14 * width)) ** 2 + ((y - cy) / (0.32 * height)) ** 2 < 1
    ribs = (np.sin(y / height * 2 * np.pi * 7) > 0.75) & body
    image = 0.15 + 0.55 * body - 0.35 * (lung_l | lung_r) + 0.15 * ribs
    image += 0.08 * np.exp(-(((x - cx) / (0.05 * width)) ** 2))  # spine
    image += rng.normal(0, 0.01, image.shape)
    image = np.clip(image, 0, 1)
    return np.round(image * maximum).astype(np.uint16)


# ------------------------------------------------------------------------------------------
# Grayscale 12-in-16 fixture and its transfer-syntax variants
# ------------------------------------------------------------------------------------------

def mono12_values():
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH]
    values = (x * 61 + y * 37 + (x * y) % 97) % 4096  # every row and column different, full 12-bit range
    values[0, 0], values[0, 1] = 0, 4095
    return values.astype(np.uint16)


def make_mono12():
    values = mono12_values()
    np.save(os.path.join(OUT, "mono12.npy"), values)
    ds = base_dataset(1, "DX")
    set_image(ds, values, 12)
    ds.PixelSpacing = [0.5, 0.25]
    ds.ViewPosition = "PA"
    ds.BodyPartExamined = "CHEST"
    ds.ImageLaterality = "L"
    ds.WindowCenter = [2048, 1000]
    ds.WindowWidth = [4096, 500]
    ds.WindowCenterWidthExplanation = ["FULL", "NARROW"]
    base = save(ds, "mono12_explicit_le.dcm")

    variants = {
        "mono12_implicit_le.dcm": ["dcmconv", "+ti"],
        "mono12_big_endian.dcm": ["dcmconv", "+tb"],
        "mono12_deflated.dcm": ["dcmconv", "+td"],
        "mono12_jpeg_lossless_sv1.dcm": ["dcmcjpeg", "+e1"],
        "mono12_jpeg_lossless_p14.dcm": ["dcmcjpeg", "+el", "+sv", "6"],
        "mono12_jpegls_lossless.dcm": ["dcmcjpls", "+el"],
        "mono12_rle.dcm": ["dcmcrle"],
    }
    for name, command in variants.items():
        run(*command, base, os.path.join(OUT, name))
    # Without preamble and meta header: a bare data set, little and big endian.
    run("dcmconv", "-F", "+te", base, os.path.join(OUT, "mono12_dataset_only_le.dcm"))
    run("dcmconv", "-F", "+tb", base, os.path.join(OUT, "mono12_dataset_only_be.dcm"))
    run("dcmconv", "-F", "+ti", base, os.path.join(OUT, "mono12_dataset_only_implicit.dcm"))

    # Lossy variants: the reference is pydicom's own decode (CharLS-compatible JPEG-LS is exact).
    run("dcmcjpls", "+un", "+en", base, os.path.join(OUT, "mono12_jpegls_near.dcm"))
    near = pydicom.dcmread(os.path.join(OUT, "mono12_jpegls_near.dcm")).pixel_array
    np.save(os.path.join(OUT, "mono12_jpegls_near.npy"), near.astype(np.uint16))
    run("dcmcjpeg", "+un", "+ee", base, os.path.join(OUT, "mono12_jpeg_extended.dcm"))
    extended = pydicom.dcmread(os.path.join(OUT, "mono12_jpeg_extended.dcm")).pixel_array
    np.save(os.path.join(OUT, "mono12_jpeg_extended_pylibjpeg.npy"), extended.astype(np.uint16))

    # The same values with garbage in the 4 unused high bits, which a decoder must mask.
    garbage = values | (np.random.default_rng(7).integers(0, 16, values.shape, dtype=np.uint16) << 12)
    ds = base_dataset(2, "DX")
    set_image(ds, garbage, 12)
    save(ds, "mono12_high_bit_garbage.dcm")

    # dcm2pnm renderings of the base image, for the VOI tests (8-bit PGM).
    run("dcm2pnm", "+Ww", "1500", "1200", "+op", base, os.path.join(OUT, "mono12_window_1500_1200.pgm"))
    run("dcm2pnm", "+Wi", "2", "+op", base, os.path.join(OUT, "mono12_window2.pgm"))


def make_mono8():
    values = (mono12_values() >> 4).astype(np.uint8)
    np.save(os.path.join(OUT, "mono8.npy"), values)
    ds = base_dataset(3)
    set_image(ds, values, 8)
    base = save(ds, "mono8_explicit_le.dcm")
    run("dcmcjpeg", "+un", "+eb", base, os.path.join(OUT, "mono8_jpeg_baseline.dcm"))
    theirs = pydicom.dcmread(os.path.join(OUT, "mono8_jpeg_baseline.dcm"))
    theirs.pixel_array_options(decoding_plugin="pillow")
    np.save(os.path.join(OUT, "mono8_jpeg_baseline_pillow.npy"), theirs.pixel_array)
    run("dcmcrle", base, os.path.join(OUT, "mono8_rle.dcm"))


# ------------------------------------------------------------------------------------------
# Signed CT-like, MONOCHROME1, VOI LUT, multi-frame, color
# ------------------------------------------------------------------------------------------

def make_ct_signed():
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH]
    hu = np.where(((x - 32) / 28.0) ** 2 + ((y - 24) / 20.0) ** 2 < 1, 40, -1000)  # water disc in air
    hu[10:14, 20:44] = 1200  # bone
    hu[30:34, 20:44] = -600  # lung
    # HU = 2 * stored + 176, so stored = (HU + 1024) / 2 - 600 spans -588 ... 512: 12 bits signed.
    stored = ((hu + 1024) // 2 - 600).astype(np.int16)
    np.save(os.path.join(OUT, "ct_signed.npy"), stored)
    # 12 bits stored, signed; the 4 unused high bits hold garbage that sign extension must replace.
    raw = (stored.astype(np.uint16) & 0x0FFF) | (np.random.default_rng(11).integers(0, 16, stored.shape, dtype=np.uint16) << 12)
    ds = base_dataset(4, "CT")
    set_image(ds, stored, 12, signed=True, raw=raw.astype("<u2").tobytes())
    ds.RescaleSlope = 2
    ds.RescaleIntercept = 176
    ds.RescaleType = "HU"
    ds.WindowCenter = 40
    ds.WindowWidth = 400
    base = save(ds, "ct_signed12.dcm")
    np.save(os.path.join(OUT, "ct_hu.npy"), hu.astype(np.int16))
    # DCMTK's JPEG-LS encoder keeps the unused high bits (precision 16), and pydicom then keeps them
    # too; compress clean data so that every decoder agrees on the stored values.
    ds.PixelData = stored.astype("<i2").tobytes()
    clean = save(ds, "_ct_signed12_clean.dcm")
    run("dcmcjpls", "+el", clean, os.path.join(OUT, "ct_signed12_jpegls.dcm"))
    os.remove(clean)
    run("dcmcrle", base, os.path.join(OUT, "ct_signed12_rle.dcm"))
    run("dcmcjpeg", "+e1", base, os.path.join(OUT, "ct_signed12_jpeg_lossless.dcm"))


def make_mono1():
    values = phantom(WIDTH, HEIGHT, 5, 1023)
    np.save(os.path.join(OUT, "cr_mono1.npy"), values)
    ds = base_dataset(5, "CR")
    set_image(ds, values, 10, photometric="MONOCHROME1")
    ds.WindowCenter = 512
    ds.WindowWidth = 600
    ds.ImagerPixelSpacing = [0.1, 0.1]
    base = save(ds, "cr_mono1.dcm")
    run("dcm2pnm", "+Wi", "1", "+op", base, os.path.join(OUT, "cr_mono1_window1.pgm"))
    # The same with a sigmoid VOI LUT Function.
    ds.VOILUTFunction = "SIGMOID"
    save(ds, "cr_mono1_sigmoid.dcm")


def make_voi_lut():
    values = mono12_values()
    ds = base_dataset(6, "DX")
    set_image(ds, values, 12)
    table = np.round(65535 * (np.arange(4096) / 4095.0) ** 0.5).astype(np.uint16)  # a gamma-like curve
    np.save(os.path.join(OUT, "voi_lut_table.npy"), table)
    item = Dataset()
    item.LUTDescriptor = [4096, 0, 16]
    item.LUTExplanation = "SQRT"
    item.LUTData = table.tolist()
    item["LUTData"].VR = "US"
    ds.VOILUTSequence = Sequence([item])
    ds.WindowCenter = 2048
    ds.WindowWidth = 4096
    base = save(ds, "dx_voi_lut.dcm")
    run("dcm2pnm", "+Wl", "1", "+op", base, os.path.join(OUT, "dx_voi_lut.pgm"))
    # The 8 KiB LUT Data in implicit VR, where its VR comes from the dictionary.
    run("dcmconv", "+ti", base, os.path.join(OUT, "dx_voi_lut_implicit.dcm"))


def make_modality_lut():
    values = (mono12_values() >> 4).astype(np.uint16)  # 0..255
    ds = base_dataset(7, "XA")
    set_image(ds, values, 8 + 4)
    table = (np.arange(256) * 3 + 100).astype(np.uint16)
    np.save(os.path.join(OUT, "modality_lut_table.npy"), table)
    item = Dataset()
    item.LUTDescriptor = [256, 0, 16]
    item.ModalityLUTType = "US"
    item.LUTData = table.tolist()
    item["LUTData"].VR = "US"
    ds.ModalityLUTSequence = Sequence([item])
    save(ds, "modality_lut.dcm")


def make_multiframe():
    frames = np.stack([mono12_values() // 2 + 100 * f for f in range(3)]).astype(np.uint16)
    np.save(os.path.join(OUT, "multiframe.npy"), frames)
    ds = base_dataset(8, "XA")
    set_image(ds, frames, 12, frames=3)
    base = save(ds, "multiframe.dcm")
    run("dcmcrle", base, os.path.join(OUT, "multiframe_rle.dcm"))
    run("dcmcjpls", "+el", base, os.path.join(OUT, "multiframe_jpegls.dcm"))
    run("dcmcjpeg", "+e1", base, os.path.join(OUT, "multiframe_jpeg_lossless.dcm"))

    # Enhanced-style functional groups: per-frame rescale and window, shared pixel spacing.
    ds = base_dataset(9, "CT")
    set_image(ds, frames.astype(np.int16), 12, signed=True, frames=3)
    shared = Dataset()
    measures = Dataset()
    measures.PixelSpacing = [0.7, 0.8]
    measures.SliceThickness = 1
    shared.PixelMeasuresSequence = Sequence([measures])
    ds.SharedFunctionalGroupsSequence = Sequence([shared])
    per_frame = []
    for f in range(3):
        group = Dataset()
        transform = Dataset()
        transform.RescaleSlope = 1
        transform.RescaleIntercept = -1000 - 10 * f
        transform.RescaleType = "HU"
        group.PixelValueTransformationSequence = Sequence([transform])
        voi = Dataset()
        voi.WindowCenter = 40 + f
        voi.WindowWidth = 400 + f
        group.FrameVOILUTSequence = Sequence([voi])
        per_frame.append(group)
    ds.PerFrameFunctionalGroupsSequence = Sequence(per_frame)
    save(ds, "enhanced_multiframe.dcm")


def make_color():
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH]
    rgb = np.stack([(x * 4) % 256, (y * 5) % 256, ((x + y) * 3) % 256], axis=-1).astype(np.uint8)
    np.save(os.path.join(OUT, "rgb.npy"), rgb)
    ds = base_dataset(10)
    set_image(ds, rgb, 8, photometric="RGB")
    base = save(ds, "rgb.dcm")
    # Color-by-plane (Planar Configuration 1).
    ds.PlanarConfiguration = 1
    ds.PixelData = np.moveaxis(rgb, -1, 0).tobytes()
    save(ds, "rgb_planar.dcm")
    run("dcmcrle", base, os.path.join(OUT, "rgb_rle.dcm"))
    run("dcmcjpls", "+el", base, os.path.join(OUT, "rgb_jpegls.dcm"))
    run("dcmcjpeg", "+un", "+eb", base, os.path.join(OUT, "rgb_jpeg_baseline_ybr422.dcm"))
    theirs = pydicom.dcmread(os.path.join(OUT, "rgb_jpeg_baseline_ybr422.dcm"))
    theirs.pixel_array_options(decoding_plugin="pillow")
    np.save(os.path.join(OUT, "rgb_jpeg_baseline_ybr422_pillow.npy"), theirs.pixel_array)

    # Uncompressed YBR_FULL: pydicom's own conversion gives the RGB reference.
    from pydicom.pixels import convert_color_space
    ybr = convert_color_space(rgb, "RGB", "YBR_FULL")
    ds = base_dataset(11)
    set_image(ds, ybr, 8, photometric="YBR_FULL")
    path = save(ds, "ybr_full.dcm")
    np.save(os.path.join(OUT, "ybr_full_as_rgb.npy"), pydicom.dcmread(path).pixel_array)

    # Uncompressed YBR_FULL_422: Y1 Y2 Cb Cr per pixel pair (chroma of the left pixel).
    pairs = ybr.reshape(HEIGHT, WIDTH // 2, 2, 3)
    packed = np.stack([pairs[:, :, 0, 0], pairs[:, :, 1, 0], pairs[:, :, 0, 1], pairs[:, :, 0, 2]], axis=-1)
    ds = base_dataset(12)
    set_image(ds, ybr, 8, photometric="YBR_FULL_422", raw=packed.astype(np.uint8).tobytes())
    path = save(ds, "ybr_full_422.dcm")
    np.save(os.path.join(OUT, "ybr_full_422_as_rgb.npy"), pydicom.dcmread(path).pixel_array)

    # PALETTE COLOR with 8-bit indices and 16-bit palette entries.
    indices = ((x + y) % 256).astype(np.uint8)
    ds = base_dataset(13)
    set_image(ds, indices, 8, photometric="PALETTE COLOR")
    ramp = np.arange(256, dtype=np.uint16)
    red, green, blue = ramp * 257, (255 - ramp) * 257, ((ramp * 7) % 256) * 257
    for name, table in (("Red", red), ("Green", green), ("Blue", blue)):
        setattr(ds, f"{name}PaletteColorLookupTableDescriptor", [256, 0, 16])
        setattr(ds, f"{name}PaletteColorLookupTableData", table.astype("<u2").tobytes())
    save(ds, "palette.dcm")
    np.save(os.path.join(OUT, "palette_rgb16.npy"), np.stack([red[indices], green[indices], blue[indices]], -1))

    # The same indices through Segmented Palette Color LUTs (PS3.3 C.7.9.2: discrete and linear
    # segments); pydicom's apply_color_lut expands them for the reference.
    ds = base_dataset(15)
    set_image(ds, indices, 8, photometric="PALETTE COLOR")
    segments = {
        "Red": [0, 1, 0, 1, 255, 65535],
        "Green": [0, 2, 65535, 60000, 1, 254, 0],
        "Blue": [0, 1, 0, 1, 127, 65535, 1, 128, 1000],
    }
    for name, words in segments.items():
        setattr(ds, f"{name}PaletteColorLookupTableDescriptor", [256, 0, 16])
        setattr(ds, f"Segmented{name}PaletteColorLookupTableData", np.array(words, "<u2").tobytes())
    path = save(ds, "palette_segmented.dcm")
    from pydicom.pixels import apply_color_lut
    theirs = pydicom.dcmread(path)
    np.save(os.path.join(OUT, "palette_segmented_rgb16.npy"), apply_color_lut(theirs.pixel_array, theirs))


def make_one_bit():
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH]
    bits = (((x // 4) + (y // 3)) % 2).astype(np.uint8)
    np.save(os.path.join(OUT, "one_bit.npy"), bits)
    ds = base_dataset(14)
    set_image(ds, bits, 1, raw=np.packbits(bits.ravel(), bitorder="little").tobytes())
    ds.BitsAllocated = 1
    save(ds, "one_bit.dcm")


# ------------------------------------------------------------------------------------------
# Error fixtures
# ------------------------------------------------------------------------------------------

def make_errors():
    open(os.path.join(OUT, "empty.dcm"), "wb").close()
    data = open(os.path.join(OUT, "mono12_explicit_le.dcm"), "rb").read()
    open(os.path.join(OUT, "truncated.dcm"), "wb").write(data[: len(data) - 1000])

    ds = base_dataset(20, "SR")
    ds.ContentDate = "20200101"
    save(ds, "no_pixel_data.dcm")

    ds = base_dataset(21)
    set_image(ds, (mono12_values() >> 4).astype(np.uint8), 8)
    ds.BitsStored = 13
    ds.HighBit = 12
    save(ds, "bits_stored_exceeds_allocated.dcm")

    ds = base_dataset(22)
    set_image(ds, mono12_values(), 12)
    ds.PixelData = ds.PixelData[: WIDTH * HEIGHT]  # half of what Rows x Columns x 2 bytes need
    save(ds, "short_pixel_data.dcm")

    # A JPEG lossless stream with its entropy-coded data overwritten.
    ds = pydicom.dcmread(os.path.join(OUT, "mono12_jpeg_lossless_sv1.dcm"))
    frame = bytearray(pydicom.encaps.generate_frames(ds.PixelData, number_of_frames=1).__next__())
    start = frame.index(b"\xff\xda")
    for i in range(start + 20, len(frame) - 2):
        frame[i] = 0xFF if i % 3 else 0x00
    frame = frame[: start + 60]  # and cut it short, with no EOI
    if len(frame) % 2:
        frame += b"\x00"
    ds.PixelData = encapsulate([bytes(frame)])
    save(ds, "corrupt_jpeg_lossless.dcm")

    # A 12-bit extended stream whose scan header says Se = 0 (sequential JPEG needs 63), like the
    # NEMA WG04 file NM1_JPLY: libjpeg 6b only warns, pydicom's 12-bit decoder refuses it.
    ds = pydicom.dcmread(os.path.join(OUT, "mono12_jpeg_extended.dcm"))
    frame = bytearray(next(pydicom.encaps.generate_frames(ds.PixelData, number_of_frames=1)))
    sos = frame.index(b"\xff\xda")
    components = frame[sos + 4]
    frame[sos + 5 + 2 * components + 1] = 0
    ds.PixelData = encapsulate([bytes(frame)])
    save(ds, "jpeg_invalid_scan_header.dcm")

    # JPEG 2000 (no DCMTK 3.6.7 decoder): a real codestream from pydicom's openjpeg encoder.
    ds = base_dataset(23)
    set_image(ds, mono12_values(), 12)
    try:
        ds.compress(JPEG2000Lossless, encoding_plugin="pylibjpeg", generate_instance_uid=False)
    except Exception:
        ds.file_meta.TransferSyntaxUID = JPEG2000Lossless
        ds.PixelData = encapsulate([b"\xff\x4f\xff\x51" + b"\x00" * 60])
    save(ds, "jpeg2000_lossless.dcm")

    ds = base_dataset(24)
    values = mono12_values().astype(np.uint32) * 1000
    ds.Rows, ds.Columns, ds.SamplesPerPixel = HEIGHT, WIDTH, 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 32, 32, 31, 0
    ds.PixelData = values.astype("<u4").tobytes()
    save(ds, "bits_allocated_32.dcm")


# ------------------------------------------------------------------------------------------
# Demo samples (samples/dicom): small, realistic-looking, with fake patient fields
# ------------------------------------------------------------------------------------------

def make_samples():
    os.makedirs(SAMPLES, exist_ok=True)
    dx = phantom(512, 512, 101, 4095)
    ds = base_dataset(101, "DX", sop_class="1.2.840.10008.5.1.4.1.1.1.1")
    set_image(ds, dx, 12)
    ds.ViewPosition = "PA"
    ds.BodyPartExamined = "CHEST"
    ds.ImagerPixelSpacing = [0.2, 0.2]
    ds.PixelSpacing = [0.18, 0.18]
    ds.WindowCenter = [2000, 1800]
    ds.WindowWidth = [3500, 1600]
    ds.WindowCenterWidthExplanation = ["SOFT", "LUNG"]
    ds.PresentationIntentType = "FOR PRESENTATION"
    save(ds, "chest_dx_monochrome2_16bit.dcm", SAMPLES)

    cr = 1023 - (phantom(448, 448, 102, 1023))  # MONOCHROME1: bone bright means low stored values
    ds = base_dataset(102, "CR", sop_class="1.2.840.10008.5.1.4.1.1.1")
    set_image(ds, cr.astype(np.uint16), 10, photometric="MONOCHROME1")
    ds.ViewPosition = "AP"
    ds.BodyPartExamined = "CHEST"
    ds.ImagerPixelSpacing = [0.15, 0.15]
    ds.WindowCenter = 512
    ds.WindowWidth = 900
    save(ds, "chest_cr_monochrome1_window.dcm", SAMPLES)

    ct = phantom(256, 256, 103, 2000).astype(np.int16) - 1000  # about -1000 (air) ... +1000 HU
    ds = base_dataset(103, "CT", sop_class="1.2.840.10008.5.1.4.1.1.2")
    set_image(ds, ct, 12, signed=True)
    ds.RescaleSlope, ds.RescaleIntercept, ds.RescaleType = 1, 0, "HU"
    ds.PixelSpacing = [0.7, 0.7]
    ds.BodyPartExamined = "CHEST"
    ds.WindowCenter = [40, -600]
    ds.WindowWidth = [400, 1500]
    ds.WindowCenterWidthExplanation = ["MEDIASTINUM", "LUNG"]
    raw_path = os.path.join(OUT, "_ct_sample_uncompressed.dcm")
    save(ds, os.path.basename(raw_path))
    run("dcmcjpeg", "+e1", raw_path, os.path.join(SAMPLES, "chest_ct_jpeg_lossless.dcm"))
    os.remove(raw_path)


def main():
    for tool in ("dcmconv", "dcmcjpeg", "dcmcjpls", "dcmcrle", "dcm2pnm"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} (DCMTK) is needed")
    os.makedirs(OUT, exist_ok=True)
    make_mono12()
    make_mono8()
    make_ct_signed()
    make_mono1()
    make_voi_lut()
    make_modality_lut()
    make_multiframe()
    make_color()
    make_one_bit()
    make_errors()
    make_samples()


if __name__ == "__main__":
    main()
