"""`--geometry letterbox --size WxH` letterboxes into W wide by H high (it once wrote a square of
the longer side without a word); `--geometry shorter` refuses two sides. Read back with tarfile and
Pillow; the expected layout is computed here from the input size."""
import io
import os
import subprocess
import tarfile

import numpy as np
from PIL import Image

from test_read_shards import ROOT, medprep_binary

INPUT = os.path.join(ROOT, "Tests", "Fixtures", "png", "gray8.png")


def convert(tmp_path, *flags):
    out = tmp_path / "out"
    run = subprocess.run([medprep_binary(), "convert", INPUT, "--out", str(out), "--format", "png8", "--no-progress",
                          "--no-patient-id", *flags], capture_output=True, text=True, timeout=120)
    return run, out


def only_image(out):
    shards = sorted(p for p in os.listdir(out) if p.endswith(".tar"))
    with tarfile.open(out / shards[0]) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith(".png"))
        return np.asarray(Image.open(io.BytesIO(tar.extractfile(member).read())))


def test_letterbox_honours_width_and_height(tmp_path):
    run, out = convert(tmp_path, "--size", "64x32", "--geometry", "letterbox")
    assert run.returncode == 0, run.stderr
    image = only_image(out)
    assert image.shape == (32, 64)
    width, height = Image.open(INPUT).size  # 37 x 23
    scale = min(64 / width, 32 / height)
    content = round(width * scale)  # the height limits: 32 rows, about 51 columns
    left = (64 - content) // 2
    pad = image[:, :left]
    assert pad.size > 0 and (pad == pad.flat[0]).all()
    assert (image[:, left + content:] == pad.flat[0]).all()
    assert image[:, left:left + content].std() > 0


def test_shorter_refuses_two_sides(tmp_path):
    run, _ = convert(tmp_path, "--size", "64x32", "--geometry", "shorter")
    assert run.returncode != 0
    assert "--geometry shorter" in run.stderr and "64x32" in run.stderr
