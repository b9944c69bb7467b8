"""Compares `medprep list` with Python's `os.walk(followlinks=True)` on generated trees.

The tree has names of any bytes (Windows-1252 bytes, control characters, NFC and NFD spellings,
spaces, dots and dashes that sort around '/'), hidden entries, hard links, and symbolic links to
files and folders inside and outside the root (no cycles: `os.walk` would follow them forever; the
Swift tests cover cycles). The reference is written from the rule in `InputCatalog`, on top of
`os.walk` and `os.path.realpath`, not from medprep's code:

- every non-hidden regular file `os.walk` reaches (links followed) is a candidate;
- candidates with the same `realpath` are one file, kept under the smallest relative path in
  byte order; the others are duplicates;
- the listing is sorted by the bytes of relative paths, and printed as
  `bytes.decode("utf-8", "backslashreplace")` with control characters as `\\xHH`.

Every candidate medprep does not list must be covered by a `duplicate` record (for itself or for a
folder above it): nothing is dropped silently.

Run: `python3 -m pytest Tests/listing` (the binary is found under .build/, or MEDPREP=/path/to/medprep).
"""
import json
import os
import random
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# A valid 1x1 8-bit gray PNG (zlib-compressed by Python), so medprep takes every file as an image.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b55"
    "0000000a49444154789c6368000000820081" "77cd72b60000000049454e44ae426082")


def medprep():
    """The built binary: $MEDPREP, else the newest of .build/{debug,release}/medprep."""
    if os.environ.get("MEDPREP"):
        return os.environ["MEDPREP"]
    builds = [os.path.join(ROOT, ".build", kind, "medprep") for kind in ("debug", "release")]
    builds = [path for path in builds if os.access(path, os.X_OK)]
    if not builds:
        pytest.fail("build medprep first (swift build), or set MEDPREP")
    return max(builds, key=os.path.getmtime)


def printed(raw: bytes) -> str:
    """The printed form of a name (PathText): backslashreplace, then control characters escaped."""
    text = raw.decode("utf-8", "backslashreplace")
    return "".join("\\x%02x" % ord(c) if ord(c) < 0x20 or ord(c) == 0x7F else c for c in text)


NAME_PARTS = [b"a", b"B", b"img", b"-", b".", b" ", b"_", b"1", b"\xc3\xa9", b"e\xcc\x81", b"\xe9", b"\x0a", b"\\",
              b"\xff", b"\xe2\x82"]


def random_name(rng, used):
    while True:
        name = b"".join(rng.choice(NAME_PARTS) for _ in range(rng.randint(1, 4)))
        if name not in (b".", b"..") and name not in used and not name.startswith(b"."):
            used.add(name)
            return name


def make_tree(base: bytes, seed: int):
    """A tree under base/root and base/outside; returns the root path (bytes).

    Every folder gets a number when it is made, after its parent's; a link to a folder only ever
    points to a folder of a higher number than the one holding it, and a folder's descendants have
    higher numbers than it, so following links can never come back: no cycles.
    """
    rng = random.Random(seed)
    root, outside = os.path.join(base, b"root"), os.path.join(base, b"outside")
    order = [outside, root]
    names = {root: set(), outside: set()}
    os.mkdir(root)
    os.mkdir(outside)
    for _ in range(60):
        parent = rng.choice(order)
        path = os.path.join(parent, random_name(rng, names[parent]))
        os.mkdir(path)
        names[path] = set()
        order.append(path)
    files = []
    for index in range(600):
        parent = rng.choice(order)
        path = os.path.join(parent, random_name(rng, names[parent]) + (b".png" if index % 3 else b""))
        with open(path, "wb") as handle:
            handle.write(PNG)
        files.append(path)
    for index in range(20):  # hidden entries: never listed
        parent = rng.choice(order)
        hidden = os.path.join(parent, b".hidden%d" % index)
        if index % 2:
            os.mkdir(hidden)
            with open(os.path.join(hidden, b"x.png"), "wb") as handle:
                handle.write(PNG)
        else:
            with open(hidden, "wb") as handle:
                handle.write(PNG)
    inside = [folder for folder in order if folder == root or folder.startswith(root + b"/")]
    for _ in range(30):  # hard links: distinct files
        parent = rng.choice(inside)
        os.link(rng.choice(files), os.path.join(parent, random_name(rng, names[parent]) + b".png"))
    for _ in range(60):  # links to files, inside and outside the root, absolute and relative
        target, parent = rng.choice(files), rng.choice(inside)
        link = os.path.join(parent, random_name(rng, names[parent]) + b".png")
        os.symlink(target if rng.random() < 0.5 else os.path.relpath(target, parent), link)
    for _ in range(15):  # links to folders of a higher number
        parent = rng.choice(inside)
        later = order[order.index(parent) + 1:]
        if later:
            os.symlink(rng.choice(later), os.path.join(parent, random_name(rng, names[parent])))
    return root


def reference(root: bytes):
    """(kept relative paths in byte order, {dropped relative path: kept path})."""
    candidates = []
    for folder, dirnames, filenames in os.walk(root, followlinks=True):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(b"."))
        for name in filenames:
            path = os.path.join(folder, name)
            if not name.startswith(b".") and os.path.isfile(path):
                candidates.append(os.path.relpath(path, root))
    by_file = {}
    for relative in candidates:
        by_file.setdefault(os.path.realpath(os.path.join(root, relative)), []).append(relative)
    kept, dropped = [], {}
    for paths in by_file.values():
        paths.sort()
        kept.append(paths[0])
        for other in paths[1:]:
            dropped[other] = paths[0]
    return sorted(kept), dropped


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_listing_matches_os_walk(tmp_path, seed):
    root = make_tree(os.fsencode(str(tmp_path)), seed)
    kept, dropped = reference(root)
    result = subprocess.run([medprep(), "list", os.fsdecode(root), "--json"], capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ignored"] == []
    assert sorted(report["images"]) == sorted(printed(p) for p in kept)
    # The order: byte order of the raw relative paths, whatever the printed form.
    order = {printed(p): i for i, p in enumerate(kept)}
    assert [order[p] for p in report["images"]] == sorted(order[p] for p in report["images"])
    # Nothing dropped silently: each dropped path is a duplicate record, or lies in a folder that is.
    records = {r["path"]: r for r in report["skipped"]}
    assert all(r["code"] == "duplicate" for r in report["skipped"]), report["skipped"]
    for path in dropped:
        parts = path.split(b"/")
        covering = [printed(b"/".join(parts[:n])) for n in range(1, len(parts) + 1)]
        assert any(c in records for c in covering), (printed(path), printed(dropped[path]))
    # The tree exercised what it is meant to: many files, duplicates through links, names not UTF-8.
    assert len(kept) > 300 and len(dropped) > 10
    assert any(printed(p) != p.decode("utf-8", "replace") for p in kept)


def test_printed_names_match_python(tmp_path):
    """A folder of names of many byte patterns prints as Python's reference printing."""
    root = os.fsencode(str(tmp_path))
    names = [b"caf\xe9.png", b"a\nb.png", b"\xf0\x9f\x98.png", b"\xf0\x9f\x98\x80.png", b"\xed\xa0\x80.png",
             b"tab\there.png", b"back\\slash.png", b"\x7f.png", b"\xc3\xa9.png", b"e\xcc\x81.png"]
    for name in names:
        with open(os.path.join(root, name), "wb") as handle:
            handle.write(PNG)
    result = subprocess.run([medprep(), "list", os.fsdecode(root), "--json"], capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["images"] == [printed(n) for n in sorted(names)]
