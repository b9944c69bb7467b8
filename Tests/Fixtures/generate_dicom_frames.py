#!/usr/bin/env python3
"""Generates the encapsulated-frame fixtures in Tests/Fixtures/dicom (RLE fragment accounting).

Run from the repository root:  python3 Tests/Fixtures/generate_dicom_frames.py

Every file is pydicom's own RLE test data (written by other toolkits), re-encapsulated by pydicom
with frames split over several fragments, or damaged on purpose (issue 14's reproducers). The
reference arrays are pydicom's `pixel_array` of the original, undamaged files. Deterministic.
"""
import os

import numpy as np
import pydicom
from pydicom.data import get_testdata_file
from pydicom.encaps import encapsulate, generate_frames

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "dicom")


def frames_of(ds):
    count = int(ds.get("NumberOfFrames", 1) or 1)
    return list(generate_frames(ds.PixelData, number_of_frames=count))


def item(payload):
    """One item of a pixel sequence: tag (FFFE,E000), length, bytes (padded to even)."""
    if len(payload) % 2:
        payload += b"\0"
    return b"\xfe\xff\x00\xe0" + len(payload).to_bytes(4, "little") + payload


def pixel_sequence(bot, fragments):
    # pydicom appends the Sequence Delimitation Item itself when it writes an undefined length.
    return item(bot) + b"".join(item(f) for f in fragments)


def split(frame, sizes):
    """`frame` cut at the given fragment sizes (the last fragment takes the rest)."""
    parts, start = [], 0
    for size in sizes:
        parts.append(frame[start:start + size])
        start += size
    parts.append(frame[start:])
    return parts


def write(ds, name, pixel_data):
    ds.PixelData = pixel_data
    ds["PixelData"].is_undefined_length = True
    ds.save_as(os.path.join(OUT, name), enforce_file_format=True)


def main():
    # One 16-bit frame (MR, 64x64) over four fragments of unequal size, empty Basic Offset Table:
    # what fo-dicom's D_CLUNIE_CT1_RLE_FRAGS.dcm does.
    ds = pydicom.dcmread(get_testdata_file("MR_small_RLE.dcm"))
    reference = ds.pixel_array
    np.save(os.path.join(OUT, "rle_fragmented.npy"), reference)
    frame = frames_of(ds)[0]
    write(ds, "rle_fragmented.dcm", pixel_sequence(b"", split(frame, [100, 1000, 2])))

    # Two RGB frames, each over three fragments, with a Basic Offset Table.
    ds = pydicom.dcmread(get_testdata_file("SC_rgb_rle_2frame.dcm"))
    np.save(os.path.join(OUT, "rle_fragmented_2frame.npy"), ds.pixel_array)
    fragments, offsets, position = [], [], 0
    for frame in frames_of(ds):
        offsets.append(position)
        for part in split(frame, [64, 300]):
            fragments.append(part)
            position += 8 + len(part) + len(part) % 2
    bot = b"".join(o.to_bytes(4, "little") for o in offsets)
    write(ds, "rle_fragmented_2frame.dcm", pixel_sequence(bot, fragments))
    # The same fragments without the table: their frames cannot be told apart, so they are refused.
    write(ds, "rle_fragments_without_table.dcm", pixel_sequence(b"", fragments))

    # Issue 14's reproducers, on the single-frame MR: an empty fragment, a segment offset far past
    # the frame, and the frame cut to 20 bytes.
    ds = pydicom.dcmread(get_testdata_file("MR_small_RLE.dcm"))
    frame = frames_of(ds)[0]
    write(ds, "rle_empty_fragment.dcm", pixel_sequence(b"", [b""]))
    huge = bytearray(frame)
    huge[4:8] = (0xFFFFFFF0).to_bytes(4, "little")
    huge[0:4] = (2).to_bytes(4, "little")
    huge[8:12] = (0xFFFFFFF0).to_bytes(4, "little")
    huge[4:8] = (64).to_bytes(4, "little")
    write(ds, "rle_huge_offset.dcm", pixel_sequence(b"", [bytes(huge)]))
    write(ds, "rle_cut_20.dcm", pixel_sequence(b"", [frame[:20]]))

    # JPEG streams cut to two thirds, EOI restored: DCMTK's codecs only warn ("premature end of
    # data segment") and fill in the rest, which must be refused.
    for name in ("mono12_jpeg_extended", "mono8_jpeg_baseline"):
        ds = pydicom.dcmread(os.path.join(OUT, f"{name}.dcm"))
        frame = frames_of(ds)[0]
        cut = frame[: len(frame) * 2 // 3]
        cut = cut[: len(cut) - len(cut) % 2]
        write(ds, f"{name}_cut.dcm", pixel_sequence(b"", [cut + b"\xff\xd9"]))


if __name__ == "__main__":
    main()
