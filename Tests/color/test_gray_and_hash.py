"""`--color gray` against OpenCV's cvtColor(COLOR_RGB2GRAY) and the source hashes against Python's
`blake3` and `hashlib`, on images generated here with OpenCV, Pillow and pydicom.

Run: `python3 -m pytest Tests/color` (the medprep binary is found under .build*/, or MEDPREP=...).
"""
import glob
import hashlib
import io
import json
import os
import subprocess
import tarfile

import blake3
import cv2
import numpy as np
import pydicom
import pytest
from PIL import Image
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
from medprep_tool import medprep_binary



def run(*args):
    result = subprocess.run([medprep_binary(), *args], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result


def radiograph(height, width, seed):
    """A smooth gray 'chest' with noise, 8-bit."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    body = 150 + 80 * np.exp(-(((x - width / 2) / (0.3 * width)) ** 2 + ((y - height / 2) / (0.4 * height)) ** 2))
    return np.clip(body + rng.normal(0, 12, (height, width)), 0, 255).astype(np.uint8)


def color_image(height, width, seed, dtype=np.uint8):
    rng = np.random.default_rng(seed)
    top = 255 if dtype == np.uint8 else 65535
    return rng.integers(0, top + 1, (height, width, 3), dtype=np.int64).astype(dtype)


def decode_gray(tmp_path, path):
    out = str(tmp_path / "out.npy")
    run("decode", "--gray", str(path), "--out", out)
    return np.load(out)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
@pytest.mark.parametrize("alpha", [False, True])
def test_png_color_equals_opencv_rgb2gray(tmp_path, dtype, alpha):
    rgb = color_image(61, 83, 1, dtype)
    path = tmp_path / "c.png"
    pixels = rgb
    if alpha:
        a = np.full(rgb.shape[:2] + (1,), 7, dtype)
        pixels = np.concatenate([rgb, a], axis=2)
    cv2.imwrite(str(path), cv2.cvtColor(pixels, cv2.COLOR_RGBA2BGRA if alpha else cv2.COLOR_RGB2BGR))
    ours = decode_gray(tmp_path, path)
    theirs = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    assert np.abs(ours.astype(np.int64) - theirs).max() <= 1
    assert (ours == theirs).mean() > 0.99


def test_palette_and_interlaced_png_through_libpng_equal_opencv(tmp_path):
    rgb = color_image(40, 50, 2)
    path = tmp_path / "i.png"
    Image.fromarray(rgb).save(path, interlace=1)  # Adam7: libpng decodes, then the luma pass
    ours = decode_gray(tmp_path, path)
    assert np.abs(ours.astype(int) - cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)).max() <= 1


def test_png_with_equal_channels_keeps_the_gray_exactly(tmp_path):
    gray = radiograph(64, 48, 3)
    path = tmp_path / "g.png"
    Image.fromarray(np.stack([gray] * 3, axis=2)).save(path)
    assert np.array_equal(decode_gray(tmp_path, path), gray)


@pytest.mark.parametrize("writer", ["pillow", "opencv"])
def test_rgb_encoded_gray_jpeg_decodes_to_luminance(tmp_path, writer):
    gray = radiograph(300, 260, 4)
    path = tmp_path / "x.jpg"
    if writer == "pillow":
        Image.fromarray(np.stack([gray] * 3, axis=2)).save(path, quality=92)
    else:
        cv2.imwrite(str(path), cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR), [cv2.IMWRITE_JPEG_QUALITY, 92])
    ours = decode_gray(tmp_path, path)
    # OpenCV's own gray read of a color JPEG is libjpeg-turbo's luminance decode too.
    assert np.array_equal(ours, cv2.imread(str(path), cv2.IMREAD_GRAYSCALE))
    rgb = cv2.cvtColor(cv2.imread(str(path), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
    assert np.abs(ours.astype(int) - cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)).max() <= 1


def test_color_jpeg_luminance_is_within_a_level_of_opencv_where_rgb_does_not_clip(tmp_path):
    rng = np.random.default_rng(5)
    base = cv2.resize(rng.integers(40, 216, (12, 10, 3)).astype(np.uint8), (200, 240), interpolation=cv2.INTER_CUBIC)
    path = tmp_path / "c.jpg"
    Image.fromarray(base).save(path, quality=95)
    ours = decode_gray(tmp_path, path).astype(int)
    rgb = cv2.cvtColor(cv2.imread(str(path), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
    inside = np.all((rgb > 0) & (rgb < 255), axis=2)
    assert inside.mean() > 0.9
    assert np.abs(ours - cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))[inside].max() <= 1


def write_rgb_dicom(path, rgb):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(str(path), {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Modality = "OT"
    ds.Rows, ds.Columns = rgb.shape[:2]
    ds.SamplesPerPixel = 3
    ds.PhotometricInterpretation = "RGB"
    ds.PlanarConfiguration = 0
    ds.BitsAllocated = ds.BitsStored = 8 * rgb.dtype.itemsize
    ds.HighBit = ds.BitsStored - 1
    ds.PixelRepresentation = 0
    ds.PixelData = rgb.tobytes()
    ds.save_as(str(path), enforce_file_format=True)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_dicom_rgb_equals_opencv_rgb2gray(tmp_path, dtype):
    rgb = color_image(33, 47, 6, dtype)
    path = tmp_path / "c.dcm"
    write_rgb_dicom(path, rgb)
    assert np.array_equal(pydicom.dcmread(path).pixel_array, rgb)
    ours = decode_gray(tmp_path, path)
    assert np.abs(ours.astype(np.int64) - cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)).max() <= 1


def shard_members(folder):
    members = {}
    for shard in sorted(glob.glob(os.path.join(folder, "*.tar"))):
        with tarfile.open(shard) as tar:
            for member in tar.getmembers():
                members[member.name] = tar.extractfile(member).read()
    return members


def make_inputs(folder):
    os.makedirs(folder)
    gray = radiograph(120, 100, 7)
    Image.fromarray(np.stack([gray] * 3, axis=2)).save(os.path.join(folder, "equal.png"))
    Image.fromarray(color_image(90, 70, 8)).save(os.path.join(folder, "color.png"))
    Image.fromarray(np.stack([gray] * 3, axis=2)).save(os.path.join(folder, "rgbgray.jpg"), quality=90)
    Image.fromarray(gray).save(os.path.join(folder, "gray.png"))


def test_convert_gray_by_default_rgb_on_request_and_source_hashes(tmp_path):
    inputs = str(tmp_path / "in")
    make_inputs(inputs)
    common = ["convert", inputs, "--normalize", "none", "--format", "npy-u8", "--no-patient-id", "--no-progress"]

    out = str(tmp_path / "gray")
    run(*common, "--out", out)
    manifest = json.load(open(os.path.join(out, "manifest.json")))
    assert manifest["pipeline"]["pipeline"]["color"] == "gray"
    assert manifest["sourceHash"] == "blake3"
    members = shard_members(out)
    expected_from = {"equal": "rgb-equal", "color": "rgb-luma", "rgbgray": "jpeg-luminance", "gray": None}
    for sample in manifest["samples"]:
        data = open(os.path.join(inputs, sample["source"]), "rb").read()
        assert sample["sourceBLAKE3"] == blake3.blake3(data).hexdigest()
        assert "sourceSHA256" not in sample
        meta = json.loads(members[sample["key"] + ".json"])
        assert meta["sourceBLAKE3"] == sample["sourceBLAKE3"]
        assert meta.get("grayFrom") == expected_from[sample["key"]]
        image = np.load(io.BytesIO(members[sample["key"] + ".npy"]))
        assert image.ndim == 2 or image.shape[-1] == 1
    color = np.load(io.BytesIO(members["color.npy"])).reshape(90, 70)
    rgb = np.asarray(Image.open(os.path.join(inputs, "color.png")))
    assert np.abs(color.astype(int) - cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)).max() <= 1

    out_rgb = str(tmp_path / "rgb")
    run(*common, "--out", out_rgb, "--color", "rgb", "--hash", "sha256")
    manifest = json.load(open(os.path.join(out_rgb, "manifest.json")))
    assert manifest["pipeline"]["pipeline"]["color"] == "rgb"
    assert manifest["sourceHash"] == "sha256"
    for sample in manifest["samples"]:
        data = open(os.path.join(inputs, sample["source"]), "rb").read()
        assert sample["sourceSHA256"] == hashlib.sha256(data).hexdigest()
    members = shard_members(out_rgb)
    assert np.load(io.BytesIO(members["color.npy"])).shape == (90, 70, 3)

    # Resume takes the folder's hash; asking for another one is refused.
    os.remove(os.path.join(out_rgb, "manifest.json"))
    result = subprocess.run([medprep_binary(), *common, "--out", out, "--resume", "--hash", "sha256"],
                            capture_output=True, text=True)
    assert result.returncode != 0 and "hashed with blake3" in result.stderr
    run(*common, "--out", out, "--resume")
