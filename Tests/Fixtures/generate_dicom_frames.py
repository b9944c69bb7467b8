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


    jpeg2000()
    trailing_faults()


def trailing_faults():
    """Files whose only fault lies after Pixel Data (pydicom reads the first two)."""
    with open(os.path.join(OUT, "mono12_rle.dcm"), "rb") as f:
        rle = f.read()
    assert rle.endswith(b"\xfe\xff\xdd\xe0\x00\x00\x00\x00")
    with open(os.path.join(OUT, "trailing_no_sequence_delimiter.dcm"), "wb") as f:
        f.write(rle[:-8])
    with open(os.path.join(OUT, "trailing_stray_delimiter.dcm"), "wb") as f:
        f.write(rle + b"\xfe\xff\xdd\xe0\x00\x00\x00\x00")
    with open(os.path.join(OUT, "mono12_explicit_le.dcm"), "rb") as f:
        native = f.read()
    with open(os.path.join(OUT, "trailing_invalid_element.dcm"), "wb") as f:
        f.write(native + b"\x08\x00\x05\x00ZZ\xff\xff")


def radiograph(rows, columns, seed):
    """A smooth 12-bit gray image with noise and edges, like a radiograph (deterministic)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:rows, 0:columns]
    image = 1500 + 900 * np.sin(x / 23.0) * np.cos(y / 31.0) + 400 * (x > columns // 3) - 300 * (y > rows // 2)
    image += rng.normal(0, 40, size=image.shape)
    return np.clip(image, 0, 4095).astype(np.uint16)


def jpeg2000():
    """JPEG 2000 and HTJ2K fixtures; references are the arrays encoded (lossless) and Pillow's
    own OpenJPEG build decoding at reduced resolution (Image.reduce)."""
    import io
    import subprocess
    import tempfile

    import openjpeg
    from PIL import Image
    from pydicom.uid import JPEG2000Lossless

    ds = pydicom.dcmread(os.path.join(OUT, "jpeg2000_lossless.dcm"))
    rows, columns = 300, 244
    frames = [radiograph(rows, columns, seed) for seed in (1, 2)]
    np.save(os.path.join(OUT, "j2k_fragmented.npy"), np.stack(frames))
    ds.Rows, ds.Columns, ds.BitsAllocated, ds.BitsStored, ds.HighBit = rows, columns, 16, 12, 11
    ds.PixelRepresentation, ds.SamplesPerPixel, ds.PhotometricInterpretation = 0, 1, "MONOCHROME2"
    ds.NumberOfFrames = 2
    ds.file_meta.TransferSyntaxUID = JPEG2000Lossless
    # Raw codestreams (5 decomposition levels by default), each frame over three fragments.
    codestreams = [openjpeg.encode(frame, bits_stored=12, codec_format=0) for frame in frames]
    fragments, offsets, position = [], [], 0
    for stream in codestreams:
        offsets.append(position)
        third = (len(stream) // 3) & ~1
        for part in split(stream, [third, third]):
            fragments.append(part)
            position += 8 + len(part) + len(part) % 2
    bot = b"".join(o.to_bytes(4, "little") for o in offsets)
    write(ds, "j2k_fragmented.dcm", pixel_sequence(bot, fragments))
    # Pillow's decode of frame 0 at 1/2 and 1/4.
    for reduce in (1, 2):
        image = Image.open(io.BytesIO(codestreams[0]))
        image.reduce = reduce
        image.load()
        # Pillow widens 12-bit precision to 16 bits (value << 4); undo it.
        full = Image.open(io.BytesIO(codestreams[0]))
        assert np.array_equal(np.array(full) >> 4, frames[0])
        np.save(os.path.join(OUT, f"j2k_fragmented_reduce{reduce}.npy"), (np.array(image) >> 4).astype(np.uint16))

    # One frame in a JP2 wrapper.
    del ds.NumberOfFrames
    jp2 = openjpeg.encode(frames[0], bits_stored=12, codec_format=1)
    write(ds, "j2k_jp2_wrapper.dcm", pixel_sequence(b"", [jp2]))

    # HTJ2K lossless (Part 15), written by OpenJPH's ojph_compress from a 16-bit PGM.
    with tempfile.TemporaryDirectory() as tmp:
        pgm = os.path.join(tmp, "frame.pgm")
        with open(pgm, "wb") as f:
            f.write(f"P5\n{columns} {rows}\n4095\n".encode() + frames[0].astype(">u2").tobytes())
        j2c = os.path.join(tmp, "frame.j2c")
        subprocess.run(["ojph_compress", "-i", pgm, "-o", j2c, "-reversible", "true"], check=True,
                       stdout=subprocess.DEVNULL)
        with open(j2c, "rb") as f:
            htj2k = f.read()
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.4.201"
    write(ds, "htj2k_lossless.dcm", pixel_sequence(b"", [htj2k]))

    # A JPEG 2000 codestream cut to half: OpenJPEG would decode what is there; strict mode refuses.
    ds.file_meta.TransferSyntaxUID = JPEG2000Lossless
    half = codestreams[0][: (len(codestreams[0]) // 2) & ~1]
    write(ds, "j2k_cut_half.dcm", pixel_sequence(b"", [half]))


if __name__ == "__main__":
    main()
