"""`convert` without a label table splits DICOM files by Patient ID, which it reads from the first
64 KiB of each file (the data set before Pixel Data) and from the whole file only when those bytes
end first. Files generated here with pydicom put the Patient ID in every place that matters: a small
file read whole, a large file whose head holds the header, a header longer than 64 KiB (a private
element of 100 KB before the Patient ID), a deflated data set, and a file with a fault after Pixel
Data. Every file of a patient must land in that patient's split.

Run: `python3 -m pytest Tests/speed` (the medprep binary is found under .build*/, or MEDPREP=...).
"""
import json
import os
import random
import subprocess

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import DeflatedExplicitVRLittleEndian, ExplicitVRLittleEndian, SecondaryCaptureImageStorage, generate_uid
from medprep_tool import medprep_binary

VARIANTS = ("small", "large", "long_header", "deflated", "trailing_fault")


def write_dicom(path, patient_id, variant, shade):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = DeflatedExplicitVRLittleEndian if variant == "deflated" else ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = SecondaryCaptureImageStorage
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    if variant == "long_header":
        # A private block of 100 KB sorts before (0010,0020): the first 64 KiB end inside it.
        ds.add_new(0x00090010, "LO", "MEDPREP TEST")
        ds.add_new(0x00091001, "OB", bytes(random.Random(shade).getrandbits(8) for _ in range(100_000)))
    ds.PatientID = patient_id
    ds.Modality = "OT"
    side = 300 if variant in ("large", "trailing_fault") else 8  # 300 x 300 x 2 bytes: past the 64 KiB head
    ds.Rows, ds.Columns = side, side
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelData = np.full((side, side), shade, dtype=np.uint16).tobytes()
    ds.save_as(path, enforce_file_format=True)
    if variant == "trailing_fault":
        # An element after Pixel Data announcing 64 bytes of which 2 follow: DCMTK refuses the whole
        # file, convert decodes it with a warning (TrailingDataRecovery).
        with open(path, "ab") as f:
            f.write(b"\xe0\x7f\x20\x00OB\x00\x00\x40\x00\x00\x00AB")


def test_every_file_of_a_patient_lands_in_the_patients_split(tmp_path):
    folder = tmp_path / "dicom"
    folder.mkdir()
    generator = random.Random(7)
    patient_of = {}
    for patient in range(12):
        for number, variant in enumerate(VARIANTS):
            # Names say nothing about the patient, so a split by name (the fallback when no Patient ID
            # is found) would scatter each patient's files.
            name = f"{generator.getrandbits(48):012x}.dcm"
            write_dicom(folder / name, f"PAT-{patient:03d}", variant, 100 * number + patient)
            patient_of[name] = (f"PAT-{patient:03d}", variant)
    sizes = {variant: [os.path.getsize(folder / n) for n, (_, v) in patient_of.items() if v == variant]
             for variant in VARIANTS}
    assert max(sizes["small"]) < 64 << 10 and min(sizes["large"]) > 64 << 10
    header_end = [pydicom.dcmread(folder / n)["PixelData"].file_tell for n, (_, v) in patient_of.items()
                  if v == "long_header"]
    assert min(header_end) > 64 << 10  # the head read ends before Pixel Data: the whole file is read
    out = tmp_path / "out"
    result = subprocess.run([medprep_binary(), "convert", str(folder), "--out", str(out), "--no-progress",
                             "--no-patient-id", "--size", "8", "--split", "0.34,0.33,0.33"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["skipped"] == []
    split_of = {}
    for sample in manifest["samples"]:
        patient, variant = patient_of[os.path.basename(sample["source"])]
        split_of.setdefault(patient, {})[variant] = sample["split"]
    assert len(split_of) == 12
    for patient, splits in split_of.items():
        assert sorted(splits) == sorted(VARIANTS), (patient, splits)
        assert len(set(splits.values())) == 1, (patient, splits)
    assert len({next(iter(s.values())) for s in split_of.values()}) > 1  # patients spread over the splits
