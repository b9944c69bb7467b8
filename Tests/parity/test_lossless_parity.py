"""pytest: lossless JPEG files decoded by medprep (CLosslessJPEG) equal the source pixels and pydicom.

The files in Tests/Fixtures/lossless were written by DCMTK's dcmcjpeg and by the reference encoder
in Tests/Fixtures/generate_lossless.py; `expected.npz` holds each one's source pixels (after the
point transform) and `references.json` which of pydicom's plugins and DCMTK reproduce them.
"""
import json
import os
import subprocess
import tempfile
import warnings

import numpy as np
import pydicom
import pytest
from pydicom.pixels import pixel_array

import dicom_parity

FOLDER = os.path.join(dicom_parity.ROOT, "Tests", "Fixtures", "lossless")
DATA_STORE = os.path.join(os.path.dirname(os.path.dirname(pydicom.__file__)), "data_store", "data")


def ours(path, out):
    command = dicom_parity.default_decoder().format(file=path, out=out)
    result = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, (path, result.stderr[-400:])
    return np.load(out).astype(np.int64).reshape(-1)


def test_every_generated_file_equals_the_source_and_pydicom():
    expected = np.load(os.path.join(FOLDER, "expected.npz"))
    with open(os.path.join(FOLDER, "references.json")) as handle:
        references = json.load(handle)
    names = sorted(name for name in os.listdir(FOLDER) if name.endswith(".dcm"))
    assert len(names) >= 100 and set(names) == set(references)
    compared_with_pydicom = 0
    with tempfile.TemporaryDirectory() as tmp:
        for index, name in enumerate(names):
            path = os.path.join(FOLDER, name)
            values = ours(path, os.path.join(tmp, f"{index}.npy"))
            truth = expected[name[:-4]].astype(np.int64).reshape(-1)
            if "multiframe" in name:
                truth = truth[: values.size]  # frame 0
            assert np.array_equal(values, truth), name
            if "pydicom-pylibjpeg" in references[name]:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    theirs = pixel_array(pydicom.dcmread(path), index=0, decoding_plugin="pylibjpeg")
                assert np.array_equal(values, theirs.astype(np.int64).reshape(-1)), name
                compared_with_pydicom += 1
    assert compared_with_pydicom >= 70


@pytest.mark.skipif(not os.path.isdir(DATA_STORE), reason="pydicom-data is not installed")
@pytest.mark.parametrize("name", ["JPEG-LL.dcm", "JPGLosslessP14SV1_1s_1f_8b.dcm"])
def test_pydicom_data_lossless_files(name, tmp_path):
    path = os.path.join(DATA_STORE, name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = pixel_array(pydicom.dcmread(path), index=0, decoding_plugin="pylibjpeg")
    assert np.array_equal(ours(path, str(tmp_path / "out.npy")), theirs.astype(np.int64).reshape(-1))
