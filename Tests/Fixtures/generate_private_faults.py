"""Files with a fault in a private element before Pixel Data, which pydicom reads and DCMTK refuses.

Each is mono12_explicit_le.dcm (or mono12_implicit_le.dcm) with a private block (0019,0010) LO
creator, (0019,1001) OB and a private sequence (0019,1002) inserted by pydicom, then one byte
fault patched in. The intact twin (private_intact*.dcm) has the same elements without the fault.
pydicom's dcmread + pixel_array must give the intact twin's values (checked here).
"""
import io
import os
import struct

import numpy as np
import pydicom
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dicom")


def with_private(name, implicit):
    ds = pydicom.dcmread(os.path.join(OUT, name))
    ds.add_new(0x00190010, "LO", "MEDPREP FAULTS")
    ds.add_new(0x00191001, "OB", b"\x01\x02\x03\x04\x05\x06\x07\x08")
    item = Dataset()
    item.add_new(0x00190010, "LO", "MEDPREP FAULTS")
    item.add_new(0x00191003, "OB", b"ABCDEFGH")
    ds.add_new(0x00191002, "SQ", Sequence([item]))
    buffer = io.BytesIO()
    ds.save_as(buffer, implicit_vr=implicit, little_endian=True, enforce_file_format=True)
    return buffer.getvalue(), ds.pixel_array


def find(data, tag_bytes, after=0):
    index = data.index(tag_bytes, after)
    return index


def write(name, data, expected):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    read = pydicom.dcmread(io.BytesIO(data))
    assert np.array_equal(read.pixel_array, expected), name


def main():
    data, pixels = with_private("mono12_explicit_le.dcm", implicit=False)
    write("private_intact.dcm", data, pixels)
    # Inside the private sequence's item, the element's length points past the item's end.
    inner = find(data, b"\x19\x00\x03\x10OB")
    bad = bytearray(data)
    bad[inner + 8 : inner + 12] = struct.pack("<I", 0x00000400)
    write("private_sequence_bad_length.dcm", bytes(bad), pixels)
    # A fault in a used element (Rows with a length past the file's end) stays an error.
    rows = find(data, b"\x28\x00\x10\x00US")
    bad = bytearray(data)
    bad[rows + 6 : rows + 8] = struct.pack("<H", 0xFFF0)
    with open(os.path.join(OUT, "private_used_element_fault.dcm"), "wb") as f:
        f.write(bytes(bad))

    data, pixels = with_private("mono12_implicit_le.dcm", implicit=True)
    write("private_intact_implicit.dcm", data, pixels)
    inner = find(data, b"\x19\x00\x03\x10")
    bad = bytearray(data)
    bad[inner + 4 : inner + 8] = struct.pack("<I", 0x00000400)
    write("private_sequence_bad_length_implicit.dcm", bytes(bad), pixels)


if __name__ == "__main__":
    main()
