"""`medprep labels check` and `convert` on label tables shaped like the public releases, checked
against pandas (an independent reader of the same tables) and against the shards read back with
`tarfile`.

Cases: a flattened CheXpert copy (`chexpert/valid/patient64541_study1_view1_frontal.jpg`), whose
patient must come from `patientNNNNN`, not from the file name, so that no patient lands in two splits.

Run: `python3 -m pytest Tests/labels` (the binary is found under .build*/, or MEDPREP=/path/to/medprep).
"""
import io
import json
import os
import re
import subprocess
import tarfile

import pandas as pd
import pytest
from PIL import Image
from medprep_tool import medprep_binary

KEY = "label-tables-test-key-0123456789abcdef"
CHEXPERT_OBSERVATIONS = [
    "No Finding", "Enlarged Cardiomediastinum", "Cardiomegaly", "Lung Opacity", "Lung Lesion", "Edema",
    "Consolidation", "Pneumonia", "Atelectasis", "Pneumothorax", "Pleural Effusion", "Pleural Other", "Fracture",
    "Support Devices"]


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


@pytest.fixture(scope="module")
def small_folder(tmp_path_factory):
    """Three PNGs and a generic table naming them, in UTF-8."""
    work = tmp_path_factory.mktemp("generic")
    for name in ("a", "b", "c"):
        os.makedirs(work / "img", exist_ok=True)
        Image.new("L", (8, 8), 90).save(work / "img" / f"{name}.png")
    (work / "labels.csv").write_text("file,finding,patient\na.png,Effusion,P1\nb.png,No Finding,P2\nc.png,Mass,P1\n")
    return work


GENERIC = ["--dataset", "generic", "--key-column", "file", "--class-column", "finding", "--patient-column", "patient"]


@pytest.mark.parametrize("dataset", ["generic", "nih", "chexpert", "mimic", "rsna"])
@pytest.mark.parametrize("command", ["check", "convert"])
def test_a_folder_given_as_labels_is_a_clear_error(small_folder, tmp_path, dataset, command):
    folder = str(small_folder / "img")
    labels = (GENERIC if dataset == "generic" else ["--dataset", dataset]) + ["--labels", folder]
    if command == "check":
        run = medprep("labels", "check", *labels, "--images", folder, check=False)
    else:
        run = medprep("convert", folder, "--out", str(tmp_path / "out"), "--no-progress", *labels, check=False)
    stderr = run.stderr.decode()
    assert run.returncode == 1, (run.returncode, stderr)  # not a crash (SIGILL is -4)
    assert "is a folder, not a label table" in stderr and folder in stderr
    assert "Fatal error" not in stderr


def check_json(*arguments, stdin=None):
    return json.loads(medprep("labels", "check", *arguments, "--json", stdin=stdin).stdout)


def test_gzip_pipe_process_substitution_and_stdin_read_the_same_table(small_folder, tmp_path):
    import gzip
    plain = small_folder / "labels.csv"
    reference = pd.read_csv(plain)  # pandas: the independent reader of the same table
    packed = tmp_path / "labels.csv.gz"
    # Two gzip members, as `cat a.gz b.gz` writes: header and first row, then the rest.
    text = plain.read_bytes()
    cut = text.index(b"\n", text.index(b"\n") + 1) + 1
    packed.write_bytes(gzip.compress(text[:cut]) + gzip.compress(text[cut:]))
    assert pd.read_csv(packed).equals(reference)
    images = ["--images", str(small_folder / "img")]
    expected = check_json(*GENERIC, "--labels", str(plain), *images)
    assert expected["imagesMatched"] == len(reference) and expected["rowsRead"] == len(reference)
    for labels, stdin in [(str(packed), None), ("-", text), ("-", packed.read_bytes())]:
        report = check_json(*GENERIC, "--labels", labels, *images, stdin=stdin)
        assert {k: v for k, v in report.items() if k != "tables"} == {
            k: v for k, v in expected.items() if k != "tables"}
    # A process substitution, as a shell user writes it: a pipe named /dev/fd/N.
    command = [medprep_binary(), "labels", "check", *GENERIC, "--labels", f"<(zcat {packed})", *images, "--json"]
    run = subprocess.run(["bash", "-c", " ".join(c if c.startswith("<(") else f"'{c}'" for c in command)],
                         capture_output=True, env={**os.environ, "MEDPREP_PSEUDONYM_KEY": KEY}, timeout=60)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["imagesMatched"] == len(reference)


def test_gzip_stdin_converts_and_records_the_table_hash(small_folder, tmp_path):
    import gzip
    import hashlib
    packed = gzip.compress((small_folder / "labels.csv").read_bytes())
    out = tmp_path / "out"
    medprep("convert", str(small_folder / "img"), "--out", str(out), "--no-progress", "--size", "8",
            *GENERIC, "--labels", "-", stdin=packed)
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(manifest["samples"]) == 3
    assert manifest["pipeline"]["labels"]["options"]["tableSHA256"] == [hashlib.sha256(packed).hexdigest()]


def test_a_corrupt_gzip_table_is_refused(small_folder, tmp_path):
    import gzip
    packed = gzip.compress((small_folder / "labels.csv").read_bytes())
    broken = tmp_path / "broken.csv.gz"
    broken.write_bytes(packed[: len(packed) // 2])
    run = medprep("labels", "check", *GENERIC, "--labels", str(broken), "--images", str(small_folder / "img"),
                  check=False)
    assert run.returncode == 1 and b"gzip stream" in run.stderr


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_windows_1252_and_latin_1_tables(small_folder, tmp_path, encoding):
    names = {"cp1252": ["Café “opacity”", "Pneumonia – mild", "Effusion"],
             "latin-1": ["Café", "Pneumonía", "Ñodule"]}[encoding]
    table = tmp_path / "metadata.csv"
    pd.DataFrame({"file": ["a.png", "b.png", "c.png"], "finding": names, "patient": ["P1", "P2", "P3"]}).to_csv(
        table, index=False, encoding=encoding)
    images = ["--images", str(small_folder / "img")]
    refused = medprep("labels", "check", *GENERIC, "--labels", str(table), *images, check=False)
    message = refused.stderr.decode()
    assert refused.returncode == 1 and "not valid UTF-8" in message and "--encoding" in message
    assert "metadata.csv:2:" in message
    if encoding == "cp1252":
        assert "--encoding cp1252" in message
    report = check_json(*GENERIC, "--labels", str(table), "--encoding", encoding, *images)
    reference = pd.read_csv(table, encoding=encoding)
    assert report["vocabulary"] == sorted(reference["finding"])
    assert report["imagesMatched"] == 3


@pytest.mark.parametrize("mode", ["--class-column", "--label-column"])
def test_blank_labels_are_rows_without_labels_left_out_of_the_shards(tmp_path, mode):
    names = [f"s{i:02d}" for i in range(12)]
    for name in names:
        os.makedirs(tmp_path / "img", exist_ok=True)
        Image.new("L", (8, 8), 30).save(tmp_path / "img" / f"{name}.png")
    findings = ["Effusion", "", "Mass", "  ", "Effusion", "", "Nodule", "Mass", "", "Effusion", "Mass", ""]
    table = tmp_path / "metadata.csv"
    pd.DataFrame({"file": [n + ".png" for n in names], "finding": findings,
                  "patient": [f"P{i % 5}" for i in range(12)]}).to_csv(table, index=False)
    reference = pd.read_csv(table, dtype=str, keep_default_na=False)
    blank = reference["finding"].str.strip() == ""
    options = ["--dataset", "generic", "--key-column", "file", mode, "finding", "--patient-column", "patient",
               "--labels", str(table)]
    report = check_json(*options, "--images", str(tmp_path / "img"))
    assert len(report["rowsWithoutLabels"]) == blank.sum() == 5
    assert sorted(r["key"] for r in report["rowsWithoutLabels"]) == sorted(reference["file"][blank])
    assert report["imagesWithoutRows"] == [] and report["imagesMatched"] == (~blank).sum()
    out = tmp_path / "out"
    medprep("convert", str(tmp_path / "img"), "--out", str(out), "--no-progress", "--size", "8", *options)
    manifest = json.loads((out / "manifest.json").read_text())
    converted = sorted(os.path.basename(s["source"]) for s in manifest["samples"])
    assert converted == sorted(reference["file"][~blank])
    for shard in manifest["shards"]:
        with tarfile.open(out / shard["name"]) as tar:
            for info in tar.getmembers():
                if info.name.endswith(".json"):
                    meta = json.loads(tar.extractfile(info).read())
                    assert sum(meta["labels"]) >= 1  # never an all-negative sample made from a blank


def test_rsna_without_images_counts_keys_and_rows_and_gives_the_table_totals(tmp_path):
    rows = []
    for number in range(30):
        patient = f"{number:08x}-0000-4000-8000-000000000000"
        if number % 3 == 0:
            for box in range(1 + number % 2):
                rows.append([patient, 100.0 + box, 150.0, 200.0, 300.0, 1])
        else:
            rows.append([patient, "", "", "", "", 0])
    labels = tmp_path / "stage_2_train_labels.csv"
    pd.DataFrame(rows, columns=["patientId", "x", "y", "width", "height", "Target"]).to_csv(labels, index=False)
    (tmp_path / "img").mkdir()
    reference = pd.read_csv(labels)
    report = check_json("--dataset", "rsna", "--labels", str(labels), "--images", str(tmp_path / "img"))
    assert len(report["rowsWithoutImages"]) == reference["patientId"].nunique()
    assert report["rowsWithoutImagesRowCount"] == len(reference)
    totals = report["tableTotals"]
    assert totals["records"] == totals["patients"] == reference["patientId"].nunique()
    assert totals["boxes"] == int((reference["Target"] == 1).sum())
    assert totals["recordsWithBoxes"] == reference.loc[reference["Target"] == 1, "patientId"].nunique()
    opacity = reference.groupby("patientId")["Target"].max()
    assert totals["labelCounts"] == {"Lung Opacity": int(opacity.sum()), "No Lung Opacity": int((opacity == 0).sum())}
    text = medprep("labels", "check", "--dataset", "rsna", "--labels", str(labels), "--images",
                   str(tmp_path / "img")).stdout.decode()
    assert f"keys ({len(reference)} rows)" in text and "the tables on their own" in text


def test_nih_without_images_reports_the_table_totals(tmp_path):
    findings = ["Effusion", "No Finding", "Mass|Effusion", "Nodule", "No Finding", "Atelectasis|Mass|Nodule"]
    entry = pd.DataFrame({
        "Image Index": [f"{i:08d}_000.png" for i in range(len(findings))], "Finding Labels": findings,
        "Follow-up #": 0, "Patient ID": [i // 2 for i in range(len(findings))], "Patient Age": 50,
        "Patient Gender": "M", "View Position": "PA"})
    entry.to_csv(tmp_path / "Data_Entry_2017.csv", index=False)
    boxes = pd.DataFrame({"Image Index": ["00000000_000.png", "00000002_000.png", "00000002_000.png"],
                          "Finding Label": ["Effusion", "Mass", "Effusion"], "Bbox [x": [1.0, 2.0, 3.0],
                          "y": 4.0, "w": 5.0, "h]": 6.0})
    boxes.to_csv(tmp_path / "BBox_List_2017.csv", index=False)
    (tmp_path / "img").mkdir()
    report = check_json("--dataset", "nih", "--labels", str(tmp_path / "Data_Entry_2017.csv"), "--labels",
                        str(tmp_path / "BBox_List_2017.csv"), "--images", str(tmp_path / "img"))
    reference = pd.read_csv(tmp_path / "Data_Entry_2017.csv")["Finding Labels"].str.split("|").explode().value_counts()
    counts = {k: v for k, v in report["tableTotals"]["labelCounts"].items() if v}
    assert counts == reference.to_dict()
    assert report["tableTotals"]["boxes"] == len(boxes)
    assert report["tableTotals"]["patients"] == 3


def test_comment_lines_before_the_header_are_skipped_and_refused_after_it(small_folder, tmp_path):
    table = tmp_path / "covid-severity-scores.csv"
    table.write_text("## Geographic and opacity extent scores\n## from two readers\nfile,finding,patient\n"
                     "a.png,Effusion,P1\nb.png,Mass,P2\n")
    images = ["--images", str(small_folder / "img")]
    report = check_json(*GENERIC, "--labels", str(table), *images)
    assert report["imagesMatched"] == len(pd.read_csv(table, comment="#")) == 2
    table.write_text("## scores\nfile,finding,patient\na.png,Effusion,P1\n## a note\nb.png,Mass,P2\n")
    run = medprep("labels", "check", *GENERIC, "--labels", str(table), *images, check=False)
    assert run.returncode == 1
    assert run.stderr.decode().startswith(f"error: {table}:4:1: a '##' comment line after the header")


def test_errors_share_one_prefix_and_control_characters_in_keys_are_escaped(small_folder, tmp_path):
    run = medprep("labels", "check", "--dataset", "nih", "--labels", str(small_folder / "img"), "--images",
                  str(small_folder / "img"), check=False)
    assert run.returncode == 1 and run.stderr.decode().startswith("error: ")
    table = tmp_path / "labels.csv"
    table.write_bytes(b"file,finding,patient\na.png,Effusion,P1\n\"z\x1b[2J\nfake.png\",Mass,P2\n")
    text = medprep("labels", "check", *GENERIC, "--labels", str(table), "--images",
                   str(small_folder / "img")).stdout.decode()
    assert "\x1b" not in text and "z\\x1b[2J\\x0afake.png" in text


def write_dicom(path, patient_id, shade):
    import numpy as np
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid, SecondaryCaptureImageStorage
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = SecondaryCaptureImageStorage
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.PatientID = patient_id
    ds.Modality = "OT"
    ds.Rows, ds.Columns = 8, 8
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelData = np.full((8, 8), shade, dtype=np.uint16).tobytes()
    ds.save_as(path, enforce_file_format=True)


def test_dicom_without_labels_splits_by_patient_id(tmp_path):
    import random
    import pydicom
    folder = tmp_path / "dicom"
    folder.mkdir()
    generator = random.Random(5)
    for patient in range(12):
        for image in range(4):
            # Names say nothing about the patient, so a split by file name would scatter each patient.
            write_dicom(folder / f"{generator.getrandbits(48):012x}.dcm", f"PAT-{patient:03d}", 100 * image + patient)
    out = tmp_path / "out"
    medprep("convert", str(folder), "--out", str(out), "--no-progress", "--size", "8", "--split", "0.34,0.33,0.33")
    manifest = json.loads((out / "manifest.json").read_text())
    samples = pd.DataFrame(manifest["samples"])
    samples["patient"] = [pydicom.dcmread(folder / os.path.basename(s)).PatientID for s in samples["source"]]
    assert samples["patient"].nunique() == 12 and len(samples) == 48
    assert (samples.groupby("patient")["split"].nunique() == 1).all()
    assert samples["split"].nunique() > 1  # the patients themselves are spread over the splits


def test_generic_table_without_patient_column_splits_dicom_by_patient_id(tmp_path):
    import random
    import pydicom
    folder = tmp_path / "dicom"
    folder.mkdir()
    generator = random.Random(9)
    names = []
    for patient in range(10):
        for image in range(4):
            name = f"{generator.getrandbits(48):012x}.dcm"
            write_dicom(folder / name, f"PID{patient:02d}", 50 * image + patient)
            names.append(name)
    table = tmp_path / "labels.csv"
    pd.DataFrame({"file": names, "finding": ["Mass" if i % 2 else "Effusion" for i in range(len(names))]}).to_csv(
        table, index=False)
    out = tmp_path / "out"
    medprep("convert", str(folder), "--out", str(out), "--no-progress", "--size", "8", "--split", "0.34,0.33,0.33",
            "--dataset", "generic", "--labels", str(table), "--key-column", "file", "--class-column", "finding")
    manifest = json.loads((out / "manifest.json").read_text())
    samples = pd.DataFrame(manifest["samples"])
    samples["patient"] = [pydicom.dcmread(folder / os.path.basename(s)).PatientID for s in samples["source"]]
    assert len(samples) == 40 and (samples.groupby("patient")["split"].nunique() == 1).all()
    pseudonyms = {}
    for shard in manifest["shards"]:
        with tarfile.open(out / shard["name"]) as tar:
            for info in tar.getmembers():
                if info.name.endswith(".json"):
                    meta = json.loads(tar.extractfile(info).read())
                    pseudonyms.setdefault(meta["patient"], set()).add(meta["split"])
    # The JSON names the DICOM patient (10 of them), not the table's key (40).
    assert len(pseudonyms) == 10 and all(len(s) == 1 for s in pseudonyms.values())
