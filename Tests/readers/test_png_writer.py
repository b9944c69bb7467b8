"""medprep's PNG writer (libdeflate + its own filtering and chunks) read by independent decoders.

The same conversion of samples/ is written as PNG and as .npy; Pillow and pypng must decode every
PNG to exactly the .npy's samples, at the fast, default-like and smallest levels and at 8 and 16 bits.
"""
import io
import os
import subprocess
import tarfile

import numpy as np
import png  # pypng: a pure-Python decoder, independent of libpng and of our writer
import pytest
from PIL import Image

from test_read_shards import KEY, SAMPLES, medprep_binary


def convert(out, fmt, level):
    run = subprocess.run(
        [medprep_binary(), "convert", SAMPLES, "--out", str(out), "--size", "96x80", "--format", fmt,
         "--png-level", str(level), "--split", "1,0,0", "--no-progress", "--augment", "1"],
        env={**os.environ, "MEDPREP_PSEUDONYM_KEY": KEY}, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    members = {}
    for name in sorted(os.listdir(out)):
        if name.endswith(".tar"):
            with tarfile.open(out / name) as tar:
                for info in tar.getmembers():
                    key, ext = info.name.split(".", 1)
                    if ext in ("png", "npy"):
                        members[key] = tar.extractfile(info).read()
    return members


@pytest.mark.parametrize("bits,level", [(8, 0), (8, 1), (8, 6), (8, 9), (16, 1), (16, 9)])
def test_pillow_and_pypng_decode_exactly_the_npy_samples(tmp_path, bits, level):
    pngs = convert(tmp_path / "png", f"png{bits}", level)
    arrays = convert(tmp_path / "npy", f"npy-u{bits}", 1)
    assert pngs.keys() == arrays.keys() and len(pngs) >= 12
    dtype = np.uint8 if bits == 8 else np.uint16
    for key, data in pngs.items():
        expected = np.load(io.BytesIO(arrays[key]))
        assert expected.dtype == dtype and expected.shape == (80, 96)
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # Pillow checks the CRC of every chunk it reads
            decoded = np.asarray(image).astype(dtype)
        assert np.array_equal(decoded, expected), key
        width, height, rows, info = png.Reader(bytes=data).read()  # pypng checks CRCs and zlib
        assert (width, height, info["bitdepth"], info["greyscale"]) == (96, 80, bits, True)
        assert np.array_equal(np.vstack([np.asarray(r, dtype=dtype) for r in rows]), expected), key
