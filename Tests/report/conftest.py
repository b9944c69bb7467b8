"""Shared helpers of the report tests: the medprep binary, a generator of distinct radiograph-like
images, and a conversion of a generated set with planted near-duplicates across splits."""
import csv
import hashlib
import io
import json
import os
import subprocess
import tarfile

import numpy as np
import pytest
from PIL import Image
from medprep_tool import medprep_binary

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KEY = "report-test-pseudonym-key-0123456789"
LABELS = ["Effusion", "Nodule", "Pneumonia"]


def report_name(key):
    """How `medprep report` names a sample by default when the shard folder's paths were not
    pseudonymized: `sample-` and the first 16 hex digits of the SHA-256 of its key (computed here with
    hashlib, independently of medprep)."""
    return "sample-" + hashlib.sha256(key.encode()).hexdigest()[:16]


def run(*args):
    done = subprocess.run([medprep_binary(), *args], env={**os.environ, "MEDPREP_PSEUDONYM_KEY": KEY},
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr + done.stdout
    return done


def radiograph(seed, width=None, height=None):
    """A chest-radiograph-like picture whose anatomy, exposure, markers and lesions all vary with
    the seed, so two seeds give two different pictures of the same kind (8-bit gray)."""
    rng = np.random.default_rng(seed)
    width = width or int(rng.integers(280, 640))
    height = height or int(width * rng.uniform(0.8, 1.25))
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    shift_u, shift_v = rng.uniform(-0.15, 0.15), rng.uniform(-0.12, 0.12)
    u, v = (x / width - 0.5) * 2 + shift_u, (y / height - 0.5) * 2 + shift_v
    body = np.exp(-((u / rng.uniform(0.6, 0.95)) ** 6 + (v / rng.uniform(0.9, 1.3)) ** 8))
    lungs = 0
    for side in (-1, 1):
        cx, cy = side * rng.uniform(0.28, 0.48), rng.uniform(-0.2, 0.1)
        lungs = lungs + np.exp(-(((u - cx) / rng.uniform(0.18, 0.36)) ** 2 + ((v - cy) / rng.uniform(0.4, 0.7)) ** 2) ** 2)
    heart = np.exp(-(((u + rng.uniform(-0.05, 0.2)) / rng.uniform(0.12, 0.3)) ** 2 + ((v - rng.uniform(0.1, 0.4)) / 0.25) ** 2))
    ribs = 0.5 + 0.5 * np.sin(v * rng.uniform(25, 50) + rng.uniform(3, 9) * np.abs(u) ** 1.5 + rng.uniform(0, 6.3))
    spine = np.exp(-((u / rng.uniform(0.04, 0.09)) ** 2))
    density = 0.15 + 0.75 * body - rng.uniform(0.3, 0.55) * lungs * (0.8 + 0.2 * ribs) + 0.2 * spine * body
    density += rng.uniform(0.05, 0.25) * heart * body
    for _ in range(int(rng.integers(0, 7))):
        bx, by, r = rng.uniform(-0.8, 0.8), rng.uniform(-0.8, 0.8), rng.uniform(0.03, 0.2)
        density += rng.uniform(-0.25, 0.35) * np.exp(-(((u - bx) / r) ** 2 + ((v - by) / r) ** 2))
    # A burned-in side marker in a random corner, and a tilt of the whole exposure.
    mx, my = int(rng.integers(0, 2)), int(rng.integers(0, 2))
    w, h = width // 12, height // 14
    x0, y0 = (width - 2 * w) * mx + w // 2, (height - 2 * h) * my + h // 2
    density[y0:y0 + h, x0:x0 + w] = rng.uniform(0.85, 1.0)
    density += rng.uniform(-0.15, 0.15) * u + rng.uniform(-0.15, 0.15) * v
    gamma = rng.uniform(0.6, 1.6)
    density = np.clip(density, 0, 1) ** gamma
    density += rng.normal(0, rng.uniform(0.005, 0.03), density.shape)
    return (np.clip(density, 0, 1) * 255).round().astype(np.uint8)


def save_png(array, path):
    Image.fromarray(array).save(path)


def jpeg_reencoded(array, quality=70):
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


def read_members(folder, manifest, extension):
    """{key: bytes} of every member with this extension, read with tarfile."""
    out = {}
    for shard in manifest["shards"]:
        with tarfile.open(os.path.join(folder, shard["name"])) as tar:
            for info in tar.getmembers():
                key, ext = info.name.split(".", 1)
                if ext == extension:
                    out[key] = tar.extractfile(info).read()
    return out


DISTINCT = 150
PLANTED = 5


@pytest.fixture(scope="session")
def planted(tmp_path_factory):
    """DISTINCT different radiographs plus, for the first PLANTED, three altered copies under other
    patients in other splits: JPEG re-encoded (q 70), resized to 60 %, and with a one-pixel white
    border. One blank image and one mostly white image are added for the quality flags.

    Returns (images folder, shards folder, report folder, rows of the label table, the variant map).
    """
    work = tmp_path_factory.mktemp("planted")
    images = work / "images"
    images.mkdir()
    rng = np.random.default_rng(2024)
    rows = []
    splits = ["train", "val", "test"]
    variants = {}
    for i in range(DISTINCT):
        name = f"img{i:04d}.png"
        array = radiograph(1000 + i)
        save_png(array, images / name)
        split = splits[i % 3] if i >= PLANTED else "train"
        rows.append(dict(file=name, patient=f"P{i // 2:04d}", split=split))
        if i < PLANTED:
            copies = {
                f"img{i:04d}_jpeg.jpg": ("val", None),
                f"img{i:04d}_small.png": ("test", np.asarray(Image.fromarray(array).resize(
                    (int(array.shape[1] * 0.6), int(array.shape[0] * 0.6)), Image.LANCZOS))),
                f"img{i:04d}_border.png": ("test", np.pad(array, 1, constant_values=255)),
            }
            for j, (copy, (copy_split, copy_array)) in enumerate(copies.items()):
                if copy_array is None:
                    (images / copy).write_bytes(jpeg_reencoded(array))
                else:
                    save_png(copy_array, images / copy)
                rows.append(dict(file=copy, patient=f"Q{i:02d}{j}", split=copy_split))
                variants[copy] = name
    save_png(np.full((300, 260), 128, np.uint8), images / "blank.png")
    rows.append(dict(file="blank.png", patient="B0001", split="train"))
    bright = radiograph(77)
    bright[: bright.shape[0] // 3] = 255
    save_png(bright, images / "bright.png")
    rows.append(dict(file="bright.png", patient="B0002", split="val"))
    for row in rows:
        # At least one finding per row: a blank label cell is a row without labels (left out of the shards).
        row["findings"] = "|".join(name for name in LABELS if rng.random() < 0.3) or LABELS[int(rng.integers(0, 3))]
        row["age"] = "" if rng.random() < 0.05 else str(int(rng.integers(18, 95)))
        row["sex"] = ["M", "F"][int(rng.integers(0, 2))]
        row["viewPosition"] = ["PA", "AP", "LL"][int(rng.integers(0, 3))]
    table = work / "labels.csv"
    with open(table, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["file", "findings", "patient", "split", "age", "sex", "viewPosition"])
        writer.writeheader()
        writer.writerows(rows)
    out = work / "shards"
    run("convert", str(images), "--out", str(out), "--size", "256", "--format", "png8", "--no-progress",
        "--labels", str(table), "--dataset", "generic", "--key-column", "file", "--match", "file-name",
        "--label-column", "findings", "--label-separator", "|", "--vocabulary", ",".join(LABELS),
        "--patient-column", "patient",
        "--split-column", "split", "--extra-column", "age", "--extra-column", "sex",
        "--extra-column", "viewPosition")
    report = work / "report"
    run("report", str(out), "--out", str(report))
    return images, out, report, rows, variants, table
