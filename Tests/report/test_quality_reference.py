"""The quality measures `medprep convert` records in KEY.json against an independent numpy/scipy/OpenCV
implementation, computed from the written image itself: pHash (OpenCV INTER_AREA to 32x32, scipy
DCT-II, median of the 63 AC coefficients of the top-left 8x8 block), clipping fractions, dynamic
range, histogram entropy and the blank flag."""
import io
import json

import cv2
import numpy as np
import pytest
import scipy.fft
from PIL import Image

from conftest import radiograph, read_members, run


def reference_gray(array):
    """Gray values on the 0...255 scale, as float64 (16-bit samples divided by 257)."""
    if array.dtype == np.uint16:
        return array.astype(np.float64) / 257
    return array.astype(np.float64)


def reference_phash(gray):
    """(hash, coefficients, median) of imagehash's phash steps on the 32x32 area reduction."""
    small = cv2.resize(gray, (32, 32), interpolation=cv2.INTER_AREA)
    dct = scipy.fft.dct(scipy.fft.dct(small, type=2, axis=0), type=2, axis=1)
    low = dct[:8, :8].flatten()
    median = np.median(low[1:])
    bits = low > median
    return int("".join("1" if b else "0" for b in bits), 2), low, median


def reference_measures(gray):
    n = gray.size
    histogram = np.bincount(np.minimum(255, np.floor(gray).astype(int)).ravel(), minlength=256)
    p = histogram[histogram > 0] / n
    value_range = (gray.max() - gray.min()) / 255
    return dict(
        atFloor=np.count_nonzero(gray <= 0) / n,
        atCeiling=np.count_nonzero(gray >= 255) / n,
        dynamicRange=value_range,
        entropy=float(-(p * np.log2(p)).sum()),
        blank=bool(histogram.max() / n >= 0.98 or value_range < 0.02),
    )


@pytest.fixture(scope="module", params=["png8", "png16"])
def converted(request, tmp_path_factory):
    """Generated images of assorted sizes (multiples of 32 and not), converted without resizing."""
    work = tmp_path_factory.mktemp("quality-" + request.param)
    images = work / "images"
    images.mkdir()
    sizes = [(512, 512), (300, 217), (97, 61), (640, 480), (33, 700), (256, 320)]
    for i, (w, h) in enumerate(sizes):
        Image.fromarray(radiograph(500 + i, w, h)).save(images / f"g{i}.png")
    Image.fromarray(np.full((64, 80), 200, np.uint8)).save(images / "flat.png")
    ramp = np.tile(np.linspace(0, 255, 128).round().astype(np.uint8), (96, 1))
    Image.fromarray(ramp).save(images / "ramp.png")
    out = work / "shards"
    run("convert", str(images), "--out", str(out), "--format", request.param, "--normalize", "none",
        "--no-progress", "--split", "1,0,0")
    manifest = json.loads((out / "manifest.json").read_text())
    return out, manifest


def test_measures_equal_the_independent_reference(converted):
    out, manifest = converted
    pngs = read_members(out, manifest, "png")
    metas = {k: json.loads(v) for k, v in read_members(out, manifest, "json").items()}
    assert len(pngs) == 8
    compared_bits = 0
    for key, data in pngs.items():
        gray = reference_gray(np.asarray(Image.open(io.BytesIO(data))))
        quality = metas[key]["quality"]
        expected = reference_measures(gray)
        for name in ("atFloor", "atCeiling", "dynamicRange", "entropy"):
            assert quality[name] == pytest.approx(expected[name], abs=2e-6), (key, name)
        assert quality["blank"] == expected["blank"], key
        bits, coefficients, median = reference_phash(gray)
        got = int(quality["phash"], 16)
        # A coefficient within rounding of the median may fall either way; every other bit must agree.
        scale = max(1.0, np.abs(coefficients[1:]).max())
        ties = {i for i in range(64) if abs(coefficients[i] - median) <= 1e-9 * scale}
        differing = {i for i in range(64) if ((got ^ bits) >> (63 - i)) & 1}
        assert differing <= ties, (key, quality["phash"], f"{bits:016x}", sorted(differing))
        compared_bits += 64 - len(ties)
    assert compared_bits >= 64 * 6


def test_manifest_profile_repeats_the_key_json_quality(converted):
    out, manifest = converted
    metas = {k: json.loads(v) for k, v in read_members(out, manifest, "json").items()}
    for sample in manifest["samples"]:
        assert sample["profile"]["quality"] == metas[sample["key"]]["quality"]
        assert sample["profile"]["originalSize"] == metas[sample["key"]]["originalSize"]


def test_flat_and_ramp_images_are_flagged_as_expected(converted):
    out, manifest = converted
    metas = {k: json.loads(v) for k, v in read_members(out, manifest, "json").items()}
    flat = next(m for m in metas.values() if m["key"].endswith("flat"))
    ramp = next(m for m in metas.values() if m["key"].endswith("ramp"))
    assert flat["quality"]["blank"] is True and flat["quality"]["entropy"] == 0
    if manifest["samples"][0]["members"] and read_members(out, manifest, "png")[ramp["key"]][24] == 16:
        # --normalize none keeps 0...255 in a 16-bit image: 0.4 % of its scale, near-constant.
        assert ramp["quality"]["blank"] is True and ramp["quality"]["dynamicRange"] == pytest.approx(255 / 65535, abs=1e-6)
    else:
        assert ramp["quality"]["blank"] is False and ramp["quality"]["entropy"] == pytest.approx(7, abs=0.01)
