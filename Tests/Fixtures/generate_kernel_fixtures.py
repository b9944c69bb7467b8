#!/usr/bin/env python3
"""Generates the resize and affine fixtures for MedKernelsTests from Pillow and OpenCV.

Run from anywhere: `python3 Tests/Fixtures/generate_kernel_fixtures.py`. Writes raw 8-bit images
(`*.u8`, row-major, channels interleaved, no header) and `kernels/cases.json` describing every case.
The input images are computed from closed formulas and a fixed-seed generator, so reruns with the
same library versions give the same bytes. Versions used are recorded in cases.json.
"""
import json
import os

import cv2
import numpy as np
import PIL
from PIL import Image

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kernels")
cv2.setNumThreads(1)


def smooth_input(width, height, channels, seed):
    """A radiograph-like 8-bit image: gradients, waves and mild texture, kept inside 20...235 so
    that no library's intermediate clipping is ever reached."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    rng = np.random.default_rng(seed)
    planes = []
    for c in range(channels):
        v = (128 + 55 * np.sin(x / (6.0 + c)) * np.cos(y / (9.0 + 2 * c)) + 0.2 * (x - y)
             + 20 * np.sin((x + 2 * y) / 23.0) + rng.uniform(-8, 8, size=(height, width)))
        planes.append(np.clip(np.rint(v), 20, 235))
    img = np.stack(planes, axis=-1).astype(np.uint8)
    return img if channels > 1 else img[:, :, 0]


def save(name, array):
    np.ascontiguousarray(array).tofile(os.path.join(OUT, name))
    return name


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = []
    inputs = {
        "gray_200x150": smooth_input(200, 150, 1, 7),
        "rgb_97x64": smooth_input(97, 64, 3, 11),
        "gray_64x64": smooth_input(64, 64, 1, 13),
    }
    for key, img in inputs.items():
        save(f"input_{key}.u8", img)

    def shape(img):
        return img.shape[1], img.shape[0], (img.shape[2] if img.ndim == 3 else 1)

    pillow_filters = {"bilinear": Image.BILINEAR, "bicubic": Image.BICUBIC, "lanczos3": Image.LANCZOS}
    pillow_sizes = {
        "gray_200x150": [(64, 48), (57, 111), (200, 37), (260, 170), (23, 17)],
        "rgb_97x64": [(40, 27), (150, 100)],
        "gray_64x64": [(100, 100), (32, 32), (7, 9)],
    }
    for key, sizes in pillow_sizes.items():
        img = inputs[key]
        w, h, ch = shape(img)
        pil = Image.fromarray(img, mode="RGB" if ch == 3 else "L")
        for fname, f in pillow_filters.items():
            for (ow, oh) in sizes:
                out = np.asarray(pil.resize((ow, oh), resample=f))
                name = save(f"pillow_{fname}_{key}_to_{ow}x{oh}.u8", out)
                cases.append(dict(kind="resize", library="pillow", filter=fname, input=f"input_{key}.u8",
                                  width=w, height=h, channels=ch, outputWidth=ow, outputHeight=oh, output=name))

    area_sizes = {
        "gray_200x150": [(64, 48), (50, 50), (100, 75), (67, 43), (40, 30)],
        "rgb_97x64": [(40, 27), (97 // 2, 32)],
        "gray_64x64": [(16, 16), (21, 13)],
    }
    for key, sizes in area_sizes.items():
        img = inputs[key]
        w, h, ch = shape(img)
        for (ow, oh) in sizes:
            out = cv2.resize(img, (ow, oh), interpolation=cv2.INTER_AREA)
            name = save(f"opencv_area_{key}_to_{ow}x{oh}.u8", out)
            cases.append(dict(kind="resize", library="opencv", filter="area", input=f"input_{key}.u8",
                              width=w, height=h, channels=ch, outputWidth=ow, outputHeight=oh, output=name))

    # Affine: the matrix maps output (x, y) to input coordinates, pixel centers at integers
    # (OpenCV's convention, WARP_INVERSE_MAP). Compared with MedKernels' affine sampler away from borders.
    affines = [
        ("rot17", 17.0, 1.0, (3.5, -2.25), 0.0),
        ("rot-40_scale1.3_shear8", -40.0, 1.3, (0.0, 4.0), 8.0),
        ("scale0.8", 0.0, 0.8, (-5.0, 1.5), 0.0),
    ]
    img = inputs["gray_200x150"]
    w, h, _ = shape(img)
    for (label, deg, scale, (tx, ty), shear) in affines:
        cx, cy = (w - 1) / 2.0, (h - 1) / 2.0
        a, s = np.deg2rad(deg), np.deg2rad(shear)
        # forward: translate(center + t) * rotate * shear_x * scale * translate(-center)
        rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
        sh = np.array([[1.0, np.tan(s)], [0.0, 1.0]])
        lin = rot @ sh * scale
        fwd = np.eye(3)
        fwd[:2, :2] = lin
        fwd[:2, 2] = np.array([cx + tx, cy + ty]) - lin @ np.array([cx, cy])
        inv = np.linalg.inv(fwd)[:2]
        out = cv2.warpAffine(img, inv, (w, h), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                             borderMode=cv2.BORDER_CONSTANT, borderValue=0)
        name = save(f"opencv_affine_{label}.u8", out)
        cases.append(dict(kind="affine", library="opencv", filter="bilinear", input="input_gray_200x150.u8",
                          width=w, height=h, channels=1, outputWidth=w, outputHeight=h, output=name,
                          matrix=[float(v) for v in inv.reshape(-1)],
                          rotation=deg, scale=scale, translationX=tx, translationY=ty, shear=shear))

    with open(os.path.join(OUT, "cases.json"), "w") as f:
        json.dump(dict(generator="Tests/Fixtures/generate_kernel_fixtures.py", pillow=PIL.__version__,
                       opencv=cv2.__version__, numpy=np.__version__, cases=cases), f, indent=1)
    print(f"{len(cases)} cases in {OUT}")


if __name__ == "__main__":
    main()
