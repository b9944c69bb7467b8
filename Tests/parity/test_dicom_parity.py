"""pytest: stored values of every DICOM we decode equal pydicom's, file by file.

Runs over our fixtures and samples (files written by DCMTK's tools and pydicom, not by MedPrep)
and over the test files shipped inside the installed pydicom package (many vendors' files).
"""
import os

import pydicom
import pytest

import dicom_parity

ROOT = dicom_parity.ROOT
PYDICOM_FILES = os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files")


def test_our_fixtures_and_samples_match_pydicom_exactly():
    tally = dicom_parity.classify([os.path.join(ROOT, "Tests", "Fixtures", "dicom"), os.path.join(ROOT, "samples", "dicom")])
    assert tally["crash"] == [] and tally["timeout"] == []
    assert_only_lossy_jpeg_differs(tally, ROOT)
    # Deliberately bad or unsupported fixtures, refused with a message naming the reason.
    refused = {os.path.basename(name): detail for name, detail in tally["we-failed"]}
    assert set(refused) <= {"bits_allocated_32.dcm", "corrupt_jpeg_lossless.dcm", "jpeg2000_lossless.dcm"}
    assert "JPEG 2000" in refused.get("jpeg2000_lossless.dcm", "JPEG 2000")
    assert len(tally["identical"]) >= 35


def assert_only_lossy_jpeg_differs(tally, folder):
    """Lossy JPEG is not bit-exact across IDCT implementations: ours is libjpeg's (inside DCMTK),
    pydicom's default plugin (pylibjpeg) rounds differently. Anything else must be identical."""
    for name, detail in tally["mismatch"]:
        path = name if os.path.isabs(name) or os.path.exists(name) else os.path.join(folder, name)
        assert dicom_parity.is_lossy_jpeg(path), (name, detail)
        worst = int(detail.rsplit("max |diff| ", 1)[1])
        assert worst <= 3, (name, detail)


@pytest.mark.skipif(not os.path.isdir(PYDICOM_FILES), reason="pydicom's test files are not installed")
def test_pydicom_test_files():
    tally = dicom_parity.classify([PYDICOM_FILES])
    assert tally["crash"] == [] and tally["timeout"] == []
    assert_only_lossy_jpeg_differs(tally, PYDICOM_FILES)
    assert len(tally["identical"]) >= 60
    # We refuse only JPEG 2000 and 32-bit samples, with a clear message.
    for name, detail in tally["we-failed"]:
        assert "JPEG 2000" in detail or "32" in detail, (name, detail)
