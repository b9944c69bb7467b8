"""pytest: stored values of every DICOM we decode equal pydicom's, file by file.

Runs over our fixtures and samples (files written by DCMTK's tools, pydicom, pylibjpeg-openjpeg and
OpenJPH, not by MedPrep) and over the test files shipped inside the installed pydicom package (many
vendors' files), with pydicom as the reference and GDCM where pydicom cannot decode. The full run,
pydicom-data's files included, is `python3 Tests/parity/dicom_parity.py` (see README.md).
"""
import os

import pydicom
import pytest

import dicom_parity

ROOT = dicom_parity.ROOT
PYDICOM_FILES = os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files")


# Deliberately damaged fixtures that a reference decoder papers over (GDCM reads past a short
# Pixel Data or an impossible Bits Stored; Pillow decodes a cut JPEG with gray filled in): refused.
DAMAGED = {"bits_stored_exceeds_allocated.dcm", "corrupt_jpeg_lossless.dcm",
           "short_pixel_data.dcm", "mono12_jpeg_extended_cut.dcm", "mono8_jpeg_baseline_cut.dcm"}


def test_our_fixtures_and_samples_match_the_references():
    tally = dicom_parity.classify([os.path.join(ROOT, "Tests", "Fixtures", "dicom"), os.path.join(ROOT, "samples", "dicom")])
    assert tally["crash"] == [] and tally["timeout"] == []
    assert tally["mismatch"] == []
    refused = {os.path.basename(name): detail for name, detail in tally["we-failed"]}
    assert set(refused) <= DAMAGED, refused
    exact = {os.path.basename(name) for name, _ in tally["identical"] + tally["identical-to-gdcm"]}
    # JPEG 2000 (raw, fragmented, JP2), HTJ2K, fragmented RLE and the Ss 0 / Se 0 JPEG are exact.
    assert {"jpeg2000_lossless.dcm", "j2k_fragmented.dcm", "j2k_jp2_wrapper.dcm", "htj2k_lossless.dcm",
            "rle_fragmented.dcm", "rle_fragmented_2frame.dcm", "jpeg_invalid_scan_header.dcm"} <= exact
    assert len(exact) >= 48


@pytest.mark.skipif(not os.path.isdir(PYDICOM_FILES), reason="pydicom's test files are not installed")
def test_pydicom_test_files():
    tally = dicom_parity.classify([PYDICOM_FILES])
    assert tally["crash"] == [] and tally["timeout"] == []
    assert tally["mismatch"] == []
    assert len(tally["identical"]) + len(tally["identical-to-gdcm"]) >= 80
    # Lossy files that are not identical equal GDCM or Pillow, or lie within the references' spread.
    assert len(tally["lossy-within-spread"]) <= 2
    # Nothing a reference decodes is refused: 32-bit RGB up to 2^32 - 1 comes back as float64.
    assert tally["we-failed"] == []
    exact = {os.path.basename(name) for name, _ in tally["identical"]}
    assert {"SC_rgb_rle_32bit.dcm", "SC_rgb_rle_32bit_2frame.dcm", "rtdose.dcm", "rtdose_expb.dcm"} <= exact
