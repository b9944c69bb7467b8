"""`medprep labels check` and `convert` on label tables shaped like the public releases, checked
against pandas (an independent reader of the same tables) and against the shards read back with
`tarfile`.

Cases: a flattened CheXpert copy (`chexpert/valid/patient64541_study1_view1_frontal.jpg`), whose
patient must come from `patientNNNNN`, not from the file name, so that no patient lands in two splits.

Run: `python3 -m pytest Tests/labels` (the binary is found under .build*/, or MEDPREP=/path/to/medprep).
"""
import glob
import io
import json
import os
import re
import subprocess
import tarfile

import pandas as pd
import pytest
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KEY = "label-tables-test-key-0123456789abcdef"
CHEXPERT_OBSERVATIONS = [
    "No Finding", "Enlarged Cardiomediastinum", "Cardiomegaly", "Lung Opacity", "Lung Lesion", "Edema",
    "Consolidation", "Pneumonia", "Atelectasis", "Pneumothorax", "Pleural Effusion", "Pleural Other", "Fracture",
    "Support Devices"]


def medprep_binary():
    if os.environ.get("MEDPREP"):
        return os.environ["MEDPREP"]
    candidates = glob.glob(os.path.join(ROOT, ".build*", "*", "medprep")) + glob.glob(
        os.path.join(ROOT, ".build*", "*", "*", "medprep"))
    candidates = [c for c in candidates if os.access(c, os.X_OK) and os.path.isfile(c)]
    if not candidates:
        pytest.fail("no built medprep binary under .build*/; build it or set MEDPREP")
    return max(candidates, key=os.path.getmtime)


def medprep(*arguments, stdin=None, check=True):
    run = subprocess.run([medprep_binary(), *arguments], input=stdin, capture_output=True,
                         env={**os.environ, "MEDPREP_PSEUDONYM_KEY": KEY}, timeout=300)
    if check:
        assert run.returncode == 0, run.stderr.decode(errors="replace")
    return run


def tiny_jpeg(path, shade):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    Image.new("L", (12, 10), shade).save(path, format="JPEG")


@pytest.fixture(scope="module")
def flattened_chexpert(tmp_path_factory):
    """200 patients, 1-3 studies and 1-2 views each, flattened into one folder per split."""
    work = tmp_path_factory.mktemp("chexpert")
    rows = []
    for number in range(200):
        patient = f"patient{64541 + number:05d}"
        folder = "valid" if number % 7 == 0 else "train"
        for study in range(1, 2 + number % 3):
            for view, kind in ((1, "frontal"), (2, "lateral"))[: 1 + (number + study) % 2]:
                name = f"{patient}_study{study}_view{view}_{kind}.jpg"
                states = ["1.0" if (number + i) % 5 == 0 else ("-1.0" if (number + i) % 11 == 0 else "")
                          for i in range(len(CHEXPERT_OBSERVATIONS))]
                rows.append([f"chexpert/{folder}/{name}", "Female", str(20 + number % 60), kind.title(), "AP", *states])
                tiny_jpeg(str(work / "images" / "chexpert" / folder / name), 40 + number % 200)
    columns = ["Path", "Sex", "Age", "Frontal/Lateral", "AP/PA", *CHEXPERT_OBSERVATIONS]
    table = pd.DataFrame(rows, columns=columns)
    table.to_csv(work / "train.csv", index=False)
    return work


def test_flattened_chexpert_counts_real_patients(flattened_chexpert):
    work = flattened_chexpert
    reference = pd.read_csv(work / "train.csv", dtype=str, keep_default_na=False)
    patients = reference["Path"].str.extract(r"(patient\d+)")[0]
    assert patients.notna().all() and patients.nunique() == 200 and len(reference) > 300
    run = medprep("labels", "check", "--dataset", "chexpert", "--labels", str(work / "train.csv"),
                  "--images", str(work / "images"), "--split", "0.7,0.1,0.2", "--json")
    report = json.loads(run.stdout)
    assert report["imagesMatched"] == len(reference)
    assert sum(report["patientsPerSplit"].values()) == patients.nunique()
    assert report["patientsInSeveralSplits"] == []
    valid_patients = patients[reference["Path"].str.contains("/valid/")].nunique()
    assert report["patientsPerSplit"]["val"] == valid_patients


def test_flattened_chexpert_convert_puts_each_patient_in_one_split(flattened_chexpert, tmp_path):
    work = flattened_chexpert
    out = tmp_path / "shards"
    medprep("convert", str(work / "images"), "--out", str(out), "--size", "8", "--format", "png8",
            "--dataset", "chexpert", "--labels", str(work / "train.csv"), "--split", "0.5,0.1,0.4",
            "--no-progress")
    manifest = json.loads((out / "manifest.json").read_text())
    samples = pd.DataFrame(manifest["samples"])
    samples["patient"] = samples["source"].str.extract(r"(patient\d+)")[0]
    assert samples["patient"].notna().all() and samples["patient"].nunique() == 200
    splits_per_patient = samples.groupby("patient")["split"].nunique()
    assert (splits_per_patient == 1).all(), splits_per_patient[splits_per_patient > 1].index.tolist()
    # The shards themselves: each sample's pseudonymous patient and split, read with tarfile.
    pseudonyms = {}
    for shard in manifest["shards"]:
        with tarfile.open(out / shard["name"]) as tar:
            for info in tar.getmembers():
                if info.name.endswith(".json"):
                    meta = json.loads(tar.extractfile(info).read())
                    pseudonyms.setdefault(meta["patient"], set()).add(meta["split"])
    assert len(pseudonyms) == 200
    assert all(len(splits) == 1 for splits in pseudonyms.values())
