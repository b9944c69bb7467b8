"""Reads shards written by `medprep convert` with the `webdataset` library and with plain
`tarfile` + numpy/Pillow, and checks them against what was written: sample count, keys, image
shapes and dtypes, and labels.

Run: `python3 -m pytest Tests/readers` (the medprep binary is found under .build*/{debug,release}/,
or given with MEDPREP=/path/to/medprep).
"""
import csv
import io
import json
import os
import subprocess
import tarfile

import numpy as np
import pytest
import webdataset as wds
from PIL import Image
from medprep_tool import medprep_binary

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLES = os.path.join(ROOT, "samples")
KEY = "reader-test-pseudonym-key-0123456789"
SIZE = 64


def sample_files():
    files = []
    for folder in ("dicom", "png", "jpeg"):
        for name in sorted(os.listdir(os.path.join(SAMPLES, folder))):
            if not name.startswith("."):
                files.append(name)
    return files


@pytest.fixture(scope="module")
def labelled(tmp_path_factory):
    """Converts samples/ with a generic label table giving each image a class, as png8."""
    work = tmp_path_factory.mktemp("labelled")
    classes = ["effusion", "normal", "pneumonia"]
    table = work / "labels.csv"
    expected = {}
    with open(table, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["file", "finding", "patient"])
        for i, name in enumerate(sample_files()):
            writer.writerow([name, classes[i % 3], f"P{i % 2}"])
            expected[name] = classes[i % 3]
    out = work / "shards"
    run = subprocess.run(
        [medprep_binary(), "convert", SAMPLES, "--out", str(out), "--size", str(SIZE), "--format", "png8",
         "--shard-samples", "2", "--split", "1,0,0", "--no-progress", "--labels", str(table), "--dataset", "generic",
         "--key-column", "file", "--match", "file-name", "--class-column", "finding", "--patient-column", "patient"],
        env={**os.environ, "MEDPREP_PSEUDONYM_KEY": KEY}, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    return out, manifest, expected


@pytest.fixture(scope="module")
def floats(tmp_path_factory):
    """Converts samples/ without labels as float32 .npy."""
    out = tmp_path_factory.mktemp("floats") / "shards"
    run = subprocess.run(
        [medprep_binary(), "convert", SAMPLES, "--out", str(out), "--size", f"{SIZE}x{SIZE // 2}",
         "--format", "npy-f32", "--split", "1,0,0", "--no-progress"],
        env={**os.environ, "MEDPREP_PSEUDONYM_KEY": KEY}, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return out, json.loads((out / "manifest.json").read_text())


def shard_paths(out, manifest, split="train"):
    return [str(out / s["name"]) for s in manifest["shards"] if s["split"] == split]


def brace_pattern(out, manifest, split="train"):
    names = [s["name"] for s in manifest["shards"] if s["split"] == split]
    last = names[-1].rsplit("-", 1)[1].split(".")[0]
    return str(out / f"{split}-{{000000..{last}}}.tar")


def test_webdataset_reads_every_sample_with_labels(labelled):
    out, manifest, expected = labelled
    vocabulary = manifest["pipeline"]["labels"]["vocabulary"]
    dataset = wds.WebDataset(brace_pattern(out, manifest), shardshuffle=False).decode("pill")
    seen = []
    for sample in dataset:
        seen.append(sample["__key__"])
        image, meta, cls = sample["png"], sample["json"], sample["cls"]
        assert image.size == (SIZE, SIZE)
        assert image.mode == "L"
        source = next(s["source"] for s in manifest["samples"] if s["key"] == sample["__key__"])
        assert vocabulary[cls] == expected[os.path.basename(source)]
        assert meta["cls"] == cls
        assert meta["findings"] == [vocabulary[cls]]
        assert len(meta["patient"]) == 32
    assert seen == [s["key"] for s in manifest["samples"]]
    assert len(seen) == len(sample_files())


def test_tarfile_and_pillow_read_the_same_samples(labelled):
    out, manifest, _ = labelled
    keys, members = [], {}
    for path in shard_paths(out, manifest):
        with tarfile.open(path) as tar:
            for info in tar.getmembers():
                assert info.isfile() and info.mtime == 946684800 and info.uid == 0 and info.mode == 0o644
                key, ext = info.name.split(".", 1)
                if not keys or keys[-1] != key:
                    keys.append(key)
                members.setdefault(key, {})[ext] = tar.extractfile(info).read()
    assert keys == [s["key"] for s in manifest["samples"]]
    for key, parts in members.items():
        assert set(parts) == {"png", "json", "cls"}
        array = np.asarray(Image.open(io.BytesIO(parts["png"])))
        assert array.dtype == np.uint8 and array.shape == (SIZE, SIZE)
        assert int(parts["cls"]) == json.loads(parts["json"])["cls"]


def test_float_npy_shapes_and_dtypes(floats):
    out, manifest = floats
    count = 0
    for path in shard_paths(out, manifest):
        with tarfile.open(path) as tar:
            for info in tar.getmembers():
                if info.name.endswith(".npy"):
                    array = np.load(io.BytesIO(tar.extractfile(info).read()))
                    assert array.dtype == np.float32
                    assert array.shape[:2] == (SIZE // 2, SIZE)
                    # Resampling in float may overshoot by an ulp or so (weights sum to 1 within rounding).
                    assert np.isfinite(array).all() and array.min() >= -1e-5 and array.max() <= 1 + 1e-5
                    count += 1
    assert count == len(manifest["samples"]) == len(sample_files())
    dataset = wds.WebDataset(shard_paths(out, manifest), shardshuffle=False).decode()
    arrays = [s["npy"] for s in dataset]
    assert len(arrays) == count and all(a.dtype == np.float32 for a in arrays)


def test_shard_hashes_match_the_manifest(labelled):
    import hashlib
    out, manifest, _ = labelled
    for shard in manifest["shards"]:
        data = (out / shard["name"]).read_bytes()
        assert len(data) == shard["bytes"]
        assert hashlib.sha256(data).hexdigest() == shard["sha256"]
