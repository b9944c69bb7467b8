#!/usr/bin/env python3
"""Writes the PNG and JPEG demo images in samples/ (synthetic chest-radiograph-like pictures).

The pictures are drawn from smooth shapes (a body outline, two lung fields, a spine, ribs) plus
film-like noise, so compression ratios and decode costs resemble real radiographs. Deterministic:
the same script gives the same files. Pillow writes the files (libpng / libjpeg), not MedPrep.
Run from the repository root: python3 samples/generate_samples.py
"""
import os

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))


def radiograph(width, height, seed):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    u, v = (x / width - 0.5) * 2, (y / height - 0.5) * 2
    body = np.exp(-((u / 0.78) ** 6 + (v / 1.1) ** 8))
    lungs = sum(np.exp(-(((u - cx) / 0.28) ** 2 + ((v + 0.05) / 0.55) ** 2) ** 2) for cx in (-0.38, 0.38))
    spine = np.exp(-((u / 0.06) ** 2)) * (0.8 + 0.2 * np.sin(v * 60))
    ribs = 0.5 + 0.5 * np.sin(v * 38 + 6 * np.abs(u) ** 1.5)
    density = 0.15 + 0.75 * body - 0.45 * lungs * (0.85 + 0.15 * ribs) + 0.18 * spine * body
    density += rng.normal(0, 0.015, density.shape)
    return np.clip(density, 0, 1)


def main():
    img = (radiograph(512, 512, 1) * 255).round().astype(np.uint8)
    Image.fromarray(img).save(os.path.join(HERE, "png", "chest_like_512.png"))
    img16 = (radiograph(384, 448, 2) * 65535).round().astype(np.uint16)
    Image.fromarray(img16).save(os.path.join(HERE, "png", "chest_like_16bit.png"))
    img = (radiograph(1160, 1414, 3) * 255).round().astype(np.uint8)
    Image.fromarray(img).save(os.path.join(HERE, "jpeg", "chest_like_1160x1414.jpg"), quality=92)


if __name__ == "__main__":
    main()
