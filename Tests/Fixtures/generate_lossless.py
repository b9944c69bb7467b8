#!/usr/bin/env python3
"""Writes Tests/Fixtures/lossless/: lossless JPEG (process 14) DICOM files covering every predictor,
precision 2-16, point transforms, restart intervals, signed data, color (interleaved and one scan
per component), long Huffman codes and SSSS 16, plus `expected.npz` with each file's true stored
values (the source pixels, shifted right then left by the point transform).

Two independent encoders: DCMTK's `dcmcjpeg` (precision 8 and 16 only, no restart intervals) and
the small encoder below (ISO 10918-1 H.1, K.2), which writes what dcmcjpeg cannot. Every file is
checked here against the source and against pydicom (pylibjpeg's libjpeg and GDCM plugins) and
DCMTK's dcmdjpeg; a reference
that reproduces the source is listed in `references.json` (pylibjpeg clips data with a point
transform; GDCM aborts when Bits Stored < Bits Allocated) and every file needs at least one.

    python3 Tests/Fixtures/generate_lossless.py        # deterministic: seeded pixels
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.uid import ExplicitVRLittleEndian, SecondaryCaptureImageStorage

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "lossless")
SV1 = "1.2.840.10008.1.2.4.70"
P14 = "1.2.840.10008.1.2.4.57"


# --- pixels -------------------------------------------------------------------------------------
def cr_like(rng, height, width, bits, channels=1):
    """A smooth gradient with a bright disc and noise, full range of `bits`, like a radiograph."""
    y, x = np.mgrid[0:height, 0:width]
    base = 0.3 + 0.4 * x / max(width - 1, 1) + 0.2 * np.sin(y / 5.0)
    base += 0.25 * (((x - width / 2) ** 2 + (y - height / 2) ** 2) < (min(width, height) / 3) ** 2)
    top = (1 << bits) - 1
    planes = []
    for c in range(channels):
        noise = rng.normal(0, 0.03 + 0.02 * c, size=(height, width))
        planes.append(np.clip(np.rint((base + noise) / 1.3 * top), 0, top))
    image = np.stack(planes, axis=-1).astype(np.int64)
    image[0, 0] = 0  # both extremes appear
    image[-1, -1] = top
    return image


# --- our reference encoder ----------------------------------------------------------------------
def predictions(plane, predictor, precision, pt, rows_per_interval):
    """Predictions of ISO 10918-1 H.1.2.1 for one component (values already shifted by pt)."""
    height, width = plane.shape
    pred = np.zeros_like(plane)
    for y in range(height):
        first = y % rows_per_interval == 0
        for x in range(width):
            ra = plane[y, x - 1] if x else 0
            rb = plane[y - 1, x] if y else 0
            rc = plane[y - 1, x - 1] if x and y else 0
            if first and x == 0:
                p = 1 << (precision - pt - 1)
            elif first:
                p = ra
            elif x == 0:
                p = rb
            else:
                p = {1: ra, 2: rb, 3: rc, 4: ra + rb - rc, 5: ra + ((rb - rc) >> 1),
                     6: rb + ((ra - rc) >> 1), 7: (ra + rb) >> 1}[predictor]
            pred[y, x] = p
    return pred


def category(d):
    return 16 if d == 32768 else int(abs(d)).bit_length()


def optimal_table(freq):
    """Code lengths by ISO 10918-1 K.2 (libjpeg's jpeg_gen_optimal_table), limited to 16 bits."""
    freq = list(freq) + [1]  # symbol 256 reserves the all-ones code
    n = len(freq)
    codesize = [0] * n
    others = [-1] * n
    freq = [f if f else 0 for f in freq]
    while True:
        c1 = min((i for i in range(n) if freq[i] > 0), key=lambda i: (freq[i], -i), default=-1)
        c2 = min((i for i in range(n) if freq[i] > 0 and i != c1), key=lambda i: (freq[i], -i), default=-1)
        if c2 < 0:
            break
        freq[c1] += freq[c2]
        freq[c2] = 0
        codesize[c1] += 1
        while others[c1] >= 0:
            c1 = others[c1]
            codesize[c1] += 1
        others[c1] = c2
        codesize[c2] += 1
        while others[c2] >= 0:
            c2 = others[c2]
            codesize[c2] += 1
    bits = [0] * 33
    for i in range(n):
        if codesize[i]:
            bits[codesize[i]] += 1
    for i in range(32, 16, -1):
        while bits[i] > 0:
            j = i - 2
            while bits[j] == 0:
                j -= 1
            bits[i] -= 2
            bits[i - 1] += 1
            bits[j + 1] += 2
            bits[j] -= 1
    i = 16
    while bits[i] == 0:
        i -= 1
    bits[i] -= 1  # drop the reserved code
    values = [s for size in range(1, 33) for s in range(n - 1) if codesize[s] == size]
    return bits[1:17], values


def canonical_codes(bits, values):
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            codes[values[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


class BitWriter:
    def __init__(self):
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def put(self, value, length):
        for i in range(length - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> i) & 1)
            self.n += 1
            if self.n == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0)
                self.acc = self.n = 0

    def flush(self):
        if self.n:
            self.put((1 << (8 - self.n)) - 1, 8 - self.n)


def segment(marker, body):
    return bytes([0xFF, marker]) + (len(body) + 2).to_bytes(2, "big") + bytes(body)


def encode(image, precision, predictor, pt=0, restart_rows=0, interleaved=True):
    """Lossless JPEG codestream of `image` (height x width x channels ints)."""
    height, width, channels = image.shape
    rows = restart_rows or height
    shifted = image >> pt
    diffs = []
    for c in range(channels):
        d = (shifted[:, :, c] - predictions(shifted[:, :, c], predictor, precision, pt, rows)) & 0xFFFF
        diffs.append(np.where(d >= 32768, d - 65536, d))
    for c in range(channels):
        diffs[c][diffs[c] == -32768] = 32768
    tables = []
    table_of = [0] * channels if interleaved else list(range(channels))
    for t in sorted(set(table_of)):
        freq = [0] * 17
        for c in range(channels):
            if table_of[c] == t:
                for d in diffs[c].ravel():
                    freq[category(int(d))] += 1
        tables.append(optimal_table(freq))
    out = bytearray(b"\xFF\xD8")
    sof = [precision, *height.to_bytes(2, "big"), *width.to_bytes(2, "big"), channels]
    for c in range(channels):
        sof += [c + 1, 0x11, 0]
    out += segment(0xC3, sof)
    for t, (bits, values) in enumerate(tables):
        out += segment(0xC4, [t, *bits, *values])
    if restart_rows:
        out += segment(0xDD, (restart_rows * width).to_bytes(2, "big"))
    scans = [list(range(channels))] if interleaved else [[c] for c in range(channels)]
    for scan in scans:
        sos = [len(scan)]
        for c in scan:
            sos += [c + 1, table_of[c] << 4]
        out += segment(0xDA, sos + [predictor, 0, pt])
        codes = [canonical_codes(*tables[table_of[c]]) for c in range(channels)]
        writer, marker = BitWriter(), 0
        for y in range(height):
            if y and y % rows == 0:
                writer.flush()
                out += writer.out + bytes([0xFF, 0xD0 + marker])
                writer, marker = BitWriter(), (marker + 1) & 7
            for x in range(width):
                for c in scan:
                    d = int(diffs[c][y, x])
                    s = category(d)
                    code, length = codes[c][s]
                    writer.put(code, length)
                    if 0 < s < 16:
                        writer.put(d if d > 0 else d + (1 << s) - 1, s)
        writer.flush()
        out += writer.out
    return bytes(out + b"\xFF\xD9")


# --- DICOM --------------------------------------------------------------------------------------
def dataset(image, bits, signed=False, allocated=None, photometric=None, frames=1):
    height, width, channels = image.shape[-3:]
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    ds.file_meta.MediaStorageSOPInstanceUID = "1.2.826.0.1.3680043.8.498.1"
    ds.SOPClassUID = SecondaryCaptureImageStorage
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
    ds.PatientID = "LOSSLESS"
    ds.Modality = "OT"
    ds.Rows, ds.Columns, ds.SamplesPerPixel = height, width, channels
    ds.PhotometricInterpretation = photometric or ("RGB" if channels == 3 else "MONOCHROME2")
    if channels == 3:
        ds.PlanarConfiguration = 0
    if frames > 1:
        ds.NumberOfFrames = frames
    ds.BitsAllocated = allocated or (8 if bits <= 8 else 16)
    ds.BitsStored, ds.HighBit, ds.PixelRepresentation = bits, bits - 1, int(signed)
    return ds


def save_encapsulated(name, ds, codestreams, syntax):
    ds.file_meta.TransferSyntaxUID = syntax
    ds.PixelData = encapsulate(codestreams)
    ds["PixelData"].VR = "OB"
    ds.save_as(os.path.join(OUT, name), enforce_file_format=True)


def stored(values, bits, signed):
    """Stored values as pydicom returns them: low `bits` bits, sign-extended when signed."""
    values = values & ((1 << bits) - 1)
    return np.where(values >= 1 << (bits - 1), values - (1 << bits), values) if signed else values


def dcmcjpeg(name, image, bits, predictor, pt=0, signed=False, photometric=None, frames=1):
    """Encodes with DCMTK from a native file; `image` holds the raw (two's complement) bit patterns."""
    ds = dataset(image, bits, signed, photometric=photometric, frames=frames)
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    dtype = {(8, 0): np.uint8, (8, 1): np.int8, (16, 0): np.uint16, (16, 1): np.int16}[(ds.BitsAllocated, int(signed))]
    ds.PixelData = stored(image, bits, signed).astype(dtype).tobytes()
    with tempfile.TemporaryDirectory() as tmp:
        native = os.path.join(tmp, "native.dcm")
        ds.save_as(native, enforce_file_format=True)
        mode = ["+e1"] if predictor == 1 and pt == 0 else ["+el", "+sv", str(predictor)]
        subprocess.run(["dcmcjpeg", *mode, "+pt", str(pt), native, os.path.join(OUT, name)], check=True)


# --- references ---------------------------------------------------------------------------------
def gdcm_values(path):
    """pydicom's decode with its GDCM plugin, in a child process: GDCM aborts the process on some files."""
    code = (
        "import sys,numpy as np,pydicom\n"
        "from pydicom.pixels import pixel_array\n"
        "np.save(sys.argv[2],pixel_array(pydicom.dcmread(sys.argv[1]),decoding_plugin='gdcm'))\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "g.npy")
        result = subprocess.run([sys.executable, "-c", code, path, out], capture_output=True)
        return np.load(out).astype(np.int64) if result.returncode == 0 else None


def pydicom_values(path):
    from pydicom.pixels import pixel_array

    try:
        return pixel_array(pydicom.dcmread(path), decoding_plugin="pylibjpeg").astype(np.int64)
    except Exception:  # noqa: BLE001 - a reference that cannot decode is recorded as such
        return None


def dcmtk_values(path):
    """DCMTK's decode (`dcmdjpeg` to a native file, read by pydicom)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "d.dcm")
        if subprocess.run(["dcmdjpeg", path, out], capture_output=True).returncode:
            return None
        return pydicom.dcmread(out).pixel_array.astype(np.int64)


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in os.listdir(OUT):
        if name.endswith(".dcm"):
            os.remove(os.path.join(OUT, name))
    rng = np.random.default_rng(2026)
    expected = {}

    def record(name, source, bits, pt, signed=False):
        expected[name] = stored((source >> pt) << pt, bits, signed)

    # DCMTK's encoder: precision 8 and 16 (it picks them from Bits Stored), every predictor, pt.
    for bits in (8, 12, 16):
        for predictor in range(1, 8):
            for pt in (0, 2):
                image = cr_like(rng, 29, 41, bits)
                name = f"dcmtk_b{bits}_sv{predictor}_pt{pt}.dcm"
                dcmcjpeg(name, image, bits, predictor, pt)
                record(name, image, bits, pt)
    for bits in (12, 16):
        for predictor in (1, 6):
            image = cr_like(rng, 29, 41, bits) - (1 << (bits - 1))
            name = f"dcmtk_signed{bits}_sv{predictor}.dcm"
            dcmcjpeg(name, image, bits, predictor, signed=True)
            record(name, image, bits, 0, signed=True)
    for predictor in range(1, 8):
        image = cr_like(rng, 19, 27, 8, channels=3)
        name = f"dcmtk_rgb8_sv{predictor}.dcm"
        dcmcjpeg(name, image, 8, predictor)
        record(name, image, 8, 0)
    frames = np.stack([cr_like(rng, 17, 23, 12) for _ in range(3)])
    dcmcjpeg("dcmtk_multiframe_b12_sv1.dcm", frames, 12, 1, frames=3)
    record("dcmtk_multiframe_b12_sv1.dcm", frames, 12, 0)

    # Our encoder: every precision 2...16 (each predictor in turn, a point transform on most).
    def ours(name, image, bits, predictor, pt=0, restart_rows=0, interleaved=True, signed=False, allocated=None):
        precision = max(bits, 2)
        codestream = encode(image & ((1 << precision) - 1), precision, predictor, pt, restart_rows, interleaved)
        ds = dataset(image, bits, signed, allocated=allocated)
        save_encapsulated(name, ds, [codestream], SV1 if predictor == 1 and pt == 0 else P14)
        record(name, image, bits, pt, signed)

    for bits in range(2, 17):
        predictor = 1 + (bits % 7)
        pt = (bits // 3) % 2 if bits > 2 else 0
        ours(f"ours_p{bits}_sv{predictor}_pt{pt}.dcm", cr_like(rng, 23, 31, bits), bits, predictor, pt)
    # Restart intervals of 1, 2 and 5 rows.
    for bits in (12, 16):
        for predictor in (1, 4, 7):
            for rows in (1, 2, 5):
                image = cr_like(rng, 21, 33, bits)
                ours(f"ours_p{bits}_sv{predictor}_restart{rows}.dcm", image, bits, predictor, 0, rows)
    ours("ours_p16_sv2_pt3_restart3.dcm", cr_like(rng, 21, 33, 16), 16, 2, 3, 3)
    # Color: interleaved, one scan per component, with and without restarts.
    for bits in (8, 16):
        for interleaved in (True, False):
            for rows in (0, 4):
                predictor = 5 if interleaved else 6
                name = f"ours_rgb{bits}_{'interleaved' if interleaved else 'planes'}_sv{predictor}_restart{rows}.dcm"
                ours(name, cr_like(rng, 18, 26, bits, channels=3), bits, predictor, 0, rows, interleaved)
    # Signed 16-bit with every predictor (sums wrap modulo 2^16).
    for predictor in range(1, 8):
        image = cr_like(rng, 20, 28, 16) - 32768
        ours(f"ours_signed16_sv{predictor}.dcm", image, 16, predictor, signed=True)
    # Differences of 32768 (SSSS 16) and codes longer than the 11-bit lookahead.
    image = np.zeros((16, 24, 1), dtype=np.int64)
    image[:, 1::2] = 32768
    image[1::3, :] ^= 32768
    ours("ours_p16_ssss16_sv1.dcm", image, 16, 1)
    ours("ours_p16_ssss16_sv7.dcm", image, 16, 7)
    for predictor in (1, 3):
        steps = np.minimum(rng.geometric(0.45, size=(40, 50)) - 1, 15)  # category k with probability ~2^-k
        signs = rng.choice([-1, 1], size=steps.shape)
        walk = np.cumsum(signs * np.where(steps > 0, 1 << np.maximum(steps - 1, 0), 0), axis=1) % 65536
        ours(f"ours_p16_long_codes_sv{predictor}.dcm", walk[:, :, None], 16, predictor)
    # Precision below Bits Allocated 16 (8-bit samples in 16-bit words).
    for bits in (6, 8):
        image = cr_like(rng, 20, 28, bits)
        ours(f"ours_p{bits}_in16_sv1.dcm", image, bits, 1, allocated=16)
        write_native(f"ours_p{bits}_in16_sv1.dcm", image, bits, 16)

    # Noisy 16-bit rows (over 7 bits a sample, so the decoder's one-difference loop, which checks the
    # bit buffer once per two samples) with rare SSSS 15 differences, whose code and extra bits take
    # over 21 bits and leave too few for the next code's lookahead.
    steps = rng.integers(8, 11, size=(40, 64))
    steps[rng.random(size=steps.shape) < 0.01] = 15
    signs = rng.choice([-1, 1], size=steps.shape)
    magnitudes = (1 << (steps - 1)) + rng.integers(0, 1 << 14, size=steps.shape) % (1 << (steps - 1))
    walk = np.cumsum(signs * magnitudes, axis=1) % 65536
    ours("ours_p16_noisy_long_codes_sv1.dcm", walk[:, :, None], 16, 1)

    references = {}
    for name, truth in sorted(expected.items()):
        path = os.path.join(OUT, name)
        truth = truth.reshape(-1)
        agree = []
        for label, values in (
            ("pydicom-pylibjpeg", pydicom_values(path)), ("pydicom-gdcm", gdcm_values(path)), ("dcmtk", dcmtk_values(path))
        ):
            if values is not None and values.size == truth.size:
                if np.array_equal(values.reshape(-1), truth):
                    agree.append(label)
        references[name] = agree
        assert agree, f"{name}: no reference decoder reproduces the source pixels"
    np.savez_compressed(os.path.join(OUT, "expected.npz"), **{k[:-4]: v for k, v in expected.items()})
    with open(os.path.join(OUT, "references.json"), "w") as handle:
        json.dump(references, handle, indent=1, sort_keys=True)
        handle.write("\n")
    print(len(expected), "files;", sum(len(v) == 3 for v in references.values()), "equal to all three references")
    write_corrupt()
    write_split_frames()


def write_split_frames():
    """unsupported/: 6-bit samples in 16-bit words, two frames of two fragments each. The frame's
    codestream cannot be located without the offset table, DCMTK would return bytes: refused."""
    os.makedirs(os.path.join(OUT, "unsupported"), exist_ok=True)
    rng = np.random.default_rng(7)
    frames = [cr_like(rng, 12, 16, 6) for _ in range(2)]
    ds = dataset(np.stack(frames), 6, allocated=16, frames=2)
    ds.file_meta.TransferSyntaxUID = SV1
    fragments = []
    for image in frames:
        codestream = encode(image, 6, 1)
        half = len(codestream) // 2 & ~1
        fragments.append((codestream[:half], codestream[half:] + (b"\0" if len(codestream) % 2 else b"")))
    # Items written by hand: an empty Basic Offset Table, then four fragments (PS3.5 A.4).
    items = b"".join(
        b"\xFE\xFF\x00\xE0" + len(part).to_bytes(4, "little") + part for pair in fragments for part in pair
    )
    ds.PixelData = b"\xFE\xFF\x00\xE0\x00\x00\x00\x00" + items  # pydicom adds the sequence delimiter
    ds["PixelData"].VR = "OB"
    ds["PixelData"].is_undefined_length = True
    ds.save_as(os.path.join(OUT, "unsupported", "p6_in16_split_fragments.dcm"), enforce_file_format=True)


def write_native(name, image, bits, allocated):
    """An uncompressed copy in lossless/native/, for tests that need the truth as a DICOM file."""
    os.makedirs(os.path.join(OUT, "native"), exist_ok=True)
    ds = dataset(image.reshape(image.shape[0], image.shape[1], -1), bits, allocated=allocated)
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.PixelData = image.astype(np.uint16 if allocated == 16 else np.uint8).tobytes()
    ds.save_as(os.path.join(OUT, "native", name), enforce_file_format=True)


def write_corrupt():
    """Damaged copies in lossless/corrupt/: each must be refused with the byte offset, not decoded."""
    folder = os.path.join(OUT, "corrupt")
    os.makedirs(folder, exist_ok=True)
    from pydicom.encaps import generate_frames

    def variant(source, name, change):
        ds = pydicom.dcmread(os.path.join(OUT, source))
        codestream = bytearray(next(generate_frames(ds.PixelData, number_of_frames=1)))
        changed = bytes(change(codestream))
        ds.PixelData = encapsulate([changed + (b"\0" if len(changed) % 2 else b"")])
        ds.save_as(os.path.join(folder, name), enforce_file_format=True)

    def first(codestream, marker):
        return bytes(codestream).index(bytes([0xFF, marker]))

    def restart_replaced(c):
        c[first(c, 0xD0) + 1] = 0xD3
        return c

    def restart_removed(c):
        at = first(c, 0xD0)
        return c[:at] + c[at + 2:]

    def too_many_codes(c):
        at = first(c, 0xC4) + 5  # BITS[1...16]
        last = max(i for i in range(16) if c[at + i])
        c[at + last] -= 2 - c[at]
        c[at] = 2  # two 1-bit codes fill the code space; the table's other codes cannot fit
        return c

    def bad_symbol(c):
        at = first(c, 0xC4) + 5
        c[at + 16] = 17
        return c

    def ones_in_scan(c):
        at = first(c, 0xDA) + 2 + int.from_bytes(c[first(c, 0xDA) + 2:first(c, 0xDA) + 4], "big") + 20
        return c[:at] + b"\xFF\x00\xFF\x00\xFF\x00" + c[at:]

    variant("ours_p12_sv1_restart2.dcm", "truncated_scan.dcm", lambda c: c[: len(c) * 3 // 5])
    variant("ours_p12_sv1_restart2.dcm", "wrong_restart_marker.dcm", restart_replaced)
    variant("ours_p12_sv1_restart2.dcm", "missing_restart_marker.dcm", restart_removed)
    variant("dcmtk_b16_sv1_pt0.dcm", "huffman_too_many_codes.dcm", too_many_codes)
    variant("dcmtk_b16_sv1_pt0.dcm", "huffman_symbol_17.dcm", bad_symbol)
    variant("dcmtk_b16_sv1_pt0.dcm", "invalid_huffman_code.dcm", ones_in_scan)


if __name__ == "__main__":
    if sys.argv[1:] == ["--corrupt-only"]:
        write_corrupt()
        write_split_frames()
    else:
        main()
