#!/usr/bin/env python3
"""Writes the PNG and JPEG test fixtures with tools independent of MedPrep.

PNG files are written by pypng (pure Python, every bit depth and color type, interlacing) and
Pillow; JPEG files by Pillow's libjpeg. Expected pixel values are either given by a formula the
Swift tests recompute (PNG), or decoded by Pillow and stored as .npy next to the file (JPEG).

Run from the repository root:  python3 Tests/Fixtures/generate_image_fixtures.py
Needs: pip install pypng pillow numpy
"""
import io
import os

import numpy as np
import png  # pypng
from PIL import Image

ROOT = os.path.dirname(os.path.abspath(__file__))
W, H = 37, 23  # odd sizes catch row-stride and padding mistakes


def gray(bits):
    """value(x, y) = (x * 1237 + y * 4099) mod 2^bits, the formula the Swift tests use."""
    y, x = np.mgrid[0:H, 0:W]
    return ((x * 1237 + y * 4099) % (1 << bits)).astype(np.uint16)


def channel(c, bits):
    y, x = np.mgrid[0:H, 0:W]
    return ((x * 1237 + y * 4099 + c * 7919) % (1 << bits)).astype(np.uint16)


def write_png(name, rows, **kwargs):
    with open(os.path.join(ROOT, "png", name), "wb") as f:
        png.Writer(width=W, height=H, **kwargs).write(f, rows.tolist())


def main():
    for bits in (1, 2, 4, 8, 16):
        write_png(f"gray{bits}.png", gray(bits), greyscale=True, bitdepth=bits)
    write_png("gray16_interlaced.png", gray(16), greyscale=True, bitdepth=16, interlace=True)
    write_png("gray8_interlaced.png", gray(8), greyscale=True, bitdepth=8, interlace=True)
    # gray + alpha: alpha is the inverted gray, which the decoder must drop.
    ga = np.stack([gray(16), 65535 - gray(16)], axis=-1).reshape(H, W * 2)
    write_png("gray_alpha16.png", ga, greyscale=True, alpha=True, bitdepth=16)
    for bits in (8, 16):
        rgb = np.stack([channel(c, bits) for c in range(3)], axis=-1).reshape(H, W * 3)
        write_png(f"rgb{bits}.png", rgb, greyscale=False, bitdepth=bits)
        rgba = np.stack([channel(c, bits) for c in range(4)], axis=-1).reshape(H, W * 4)
        write_png(f"rgba{bits}.png", rgba, greyscale=False, alpha=True, bitdepth=bits)
    # palette: index = gray(4); palette entry i = (i*16, 255 - i*16, i*7)
    palette = [(i * 16, 255 - i * 16, i * 7) for i in range(16)]
    write_png("palette4.png", gray(4), palette=palette, bitdepth=4)
    # The same palette with transparency (a tRNS chunk): alpha must be dropped, RGB kept.
    write_png("palette4_trns.png", gray(4), palette=[p + (i * 17,) for i, p in enumerate(palette)], bitdepth=4)
    # A 65535 x 1 strip: resized by its shorter side it would need a canvas of 33 million x 512.
    with open(os.path.join(ROOT, "png", "strip_65535x1.png"), "wb") as f:
        png.Writer(width=65535, height=1, greyscale=True, bitdepth=8).write(f, [[i % 256 for i in range(65535)]])
    # A 16-bit PNG with a gAMA chunk and an sRGB chunk: samples must still come out exact.
    img = Image.fromarray(gray(16).astype(np.uint16))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    data = buf.getvalue()
    # insert gAMA (gamma 1/2.2) right after IHDR (8 + 25 bytes)
    import zlib, struct
    def chunk(tag, payload):
        return struct.pack(">I", len(payload)) + tag + payload + struct.pack(">I", zlib.crc32(tag + payload))
    data = data[:33] + chunk(b"gAMA", struct.pack(">I", 45455)) + chunk(b"sRGB", b"\x00") + data[33:]
    open(os.path.join(ROOT, "png", "gray16_gamma.png"), "wb").write(data)

    # JPEG: smooth radiograph-like content so DCT scaling is meaningful.
    yy, xx = np.mgrid[0:240, 0:320].astype(np.float64)
    base = 128 + 90 * np.sin(xx / 19.0) * np.cos(yy / 27.0) + 20 * np.sin((xx + yy) / 7.0)
    rng = np.random.default_rng(7)
    g = np.clip(base + rng.normal(0, 4, base.shape), 0, 255).astype(np.uint8)
    rgb = np.stack([g, np.clip(g * 0.8 + 30, 0, 255).astype(np.uint8), 255 - g], axis=-1)
    for name, arr in (("gray", g), ("color", rgb)):
        for mode, progressive in (("baseline", False), ("progressive", True)):
            path = os.path.join(ROOT, "jpeg", f"{name}_{mode}.jpg")
            Image.fromarray(arr).save(path, quality=90, progressive=progressive, subsampling=2 if name == "color" else 0)
            decoded = np.asarray(Image.open(path).convert("RGB" if name == "color" else "L"))
            np.save(os.path.join(ROOT, "jpeg", f"{name}_{mode}.pillow.npy"), decoded)
    write_filter_fixtures()


# Layouts of the filtered fixtures: (name, PNG color type, bits, channel formulas). Channel c of
# pixel (x, y) is channel(c, bits), except alpha, which is the inverted channel 0.
FILTER_LAYOUTS = [("gray8", 0, 8, 1), ("gray16", 0, 16, 1), ("gray_alpha8", 4, 8, 2), ("gray_alpha16", 4, 16, 2),
                  ("rgb8", 2, 8, 3), ("rgb16", 2, 16, 3), ("rgba8", 6, 8, 4), ("rgba16", 6, 16, 4)]


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def filter_row(kind, row, prior, bpp):
    """PNG 1.2 section 9 filter `kind` of one row of bytes (straight from the spec)."""
    out = bytearray(len(row))
    for i, byte in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        b = prior[i]
        c = prior[i - bpp] if i >= bpp else 0
        predictor = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
        out[i] = (byte - predictor) & 0xFF
    return bytes(out)


def png_chunk(tag, payload):
    import struct, zlib
    return struct.pack(">I", len(payload)) + tag + payload + struct.pack(">I", zlib.crc32(tag + payload))


def filtered_png(samples, color_type, bits, first_filter, idat_size=None, filter_of_row=None, zlib_stream=None,
                 extra_after_idat=b""):
    """A PNG of `samples` (H x W*channels) with row y filtered by type (first_filter + y) mod 5."""
    import struct, zlib
    channels = samples.shape[1] // W
    bpp = channels * bits // 8
    raw_rows = [row.astype(">u2").tobytes() if bits == 16 else row.astype(np.uint8).tobytes() for row in samples]
    prior = bytes(len(raw_rows[0]))
    stream = bytearray()
    for y, row in enumerate(raw_rows):
        kind = (first_filter + y) % 5
        stream.append(filter_of_row(y, kind) if filter_of_row else kind)
        stream += filter_row(kind, row, prior, bpp)
        prior = row
    compressed = zlib_stream(bytes(stream)) if zlib_stream else zlib.compress(bytes(stream), 6)
    pieces = [compressed[i:i + idat_size] for i in range(0, len(compressed), idat_size)] if idat_size else [compressed]
    header = struct.pack(">IIBBBBB", W, H, bits, color_type, 0, 0, 0)
    return (bytes([0x89]) + b"PNG\r\n\x1a\n" + png_chunk(b"IHDR", header)
            + png_chunk(b"tEXt", b"Comment\x00written by generate_image_fixtures.py")
            + b"".join(png_chunk(b"IDAT", piece) for piece in pieces) + extra_after_idat + png_chunk(b"IEND", b""))


def write_filter_fixtures():
    """Every filter type at every pixel size (1 to 8 bytes), including on the first row; multi-IDAT
    streams; and three damaged files whose CRCs are right but whose image data is not."""
    import zlib
    for index, (name, color_type, bits, channels) in enumerate(FILTER_LAYOUTS):
        planes = [channel(c, bits) for c in range(channels)]
        if channels in (2, 4):
            planes[-1] = (1 << bits) - 1 - planes[0]
        samples = np.stack(planes, axis=-1).reshape(H, W * channels)
        data = filtered_png(samples, color_type, bits, first_filter=index % 5, idat_size=97 if index % 2 else None,
                            extra_after_idat=png_chunk(b"tIME", bytes([7, 234, 11, 23, 12, 0, 0])))
        path = os.path.join(ROOT, "png", f"filters_{name}.png")
        open(path, "wb").write(data)
        # pypng, which checks CRCs and the zlib stream, must read back exactly these samples.
        _, _, rows, _ = png.Reader(filename=path).read()
        assert np.array_equal(np.array([list(r) for r in rows]), samples), name

    gray = channel(0, 8).reshape(H, W)
    damaged = {
        # Row 3's filter type byte is 5, which does not exist.
        "damaged_filter_type.png": filtered_png(gray, 0, 8, 0, filter_of_row=lambda y, k: 5 if y == 3 else k),
        # The zlib stream's Adler-32 is wrong; the IDAT CRC is computed over the wrong bytes, so it is right.
        "damaged_adler32.png": filtered_png(gray, 0, 8, 0, zlib_stream=lambda s: (lambda z: z[:-1] + bytes([z[-1] ^ 1]))(
            zlib.compress(s, 6))),
        # The stream ends two rows early.
        "damaged_short_data.png": filtered_png(gray, 0, 8, 0, zlib_stream=lambda s: zlib.compress(s[:-2 * (W + 1)], 6)),
    }
    for name, data in damaged.items():
        open(os.path.join(ROOT, "png", name), "wb").write(data)


if __name__ == "__main__":
    main()
