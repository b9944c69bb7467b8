#!/usr/bin/env python3
"""Times `medprep labels check` against a pandas script doing the same join and split, in one run.

Builds an NIH-like `Data_Entry_2017.csv` of N rows (default 1,000,000; the real file has 112,120)
with the released header and value shapes (`Finding Labels` over the 14 findings or `No Finding`,
`058Y` ages, bracketed size and spacing columns, a trailing comma), and a folder of 112,120 image
files as NIH lays them out (`images_001/images/00000001_000.png` ...; hard links to one file per
folder, so the folder costs a few inodes). The first 112,120 rows name those images; the others name
images that are not there (rows without images). Then, in alternating rounds after a warm-up round,
runs each contender in its own process and records CPU time (user + system) and peak RSS from
wait4(2), and wall time:

- medprep: `medprep labels check --dataset nih --labels TABLE --images DIR` (reads the table, walks
  the folder, joins by file name, splits patients by hash, counts labels and patients per split,
  lists images without rows and rows without images, prints the text report);
- pandas:  `pd.read_csv` of the table, `os.walk` of the folder, merge on the file name, patients
  split by a vectorized hash of the patient id, labels and patients counted per split, the unmatched
  names on both sides kept as lists, a short report printed.

and prints the medians and the ratios medprep / pandas (below 1: medprep uses less).

    python3 Benchmarks/labels/compare_join.py --medprep .build/release/medprep [--rows 1000000 3000000] [--rounds 3]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

IMAGES = 112_120
PER_FOLDER = 10_000
FINDINGS = ["Atelectasis", "Cardiomegaly", "Effusion", "Infiltration", "Mass", "Nodule", "Pneumonia",
            "Pneumothorax", "Consolidation", "Edema", "Emphysema", "Fibrosis", "Pleural_Thickening", "Hernia"]

PANDAS_JOIN = r"""
import os, sys
import numpy as np
import pandas as pd
table_path, root = sys.argv[1], sys.argv[2]
table = pd.read_csv(table_path, dtype={"Patient ID": str, "Image Index": str}, keep_default_na=False)
table = table.loc[:, ~table.columns.str.startswith("Unnamed")]
paths = []
for folder, _, files in os.walk(root, followlinks=True):
    for name in files:
        if name.lower().endswith((".png", ".jpg", ".jpeg", ".dcm", ".dicom")):
            paths.append(os.path.relpath(os.path.join(folder, name), root))
paths.sort()
images = pd.DataFrame({"path": paths})
images["Image Index"] = images["path"].str.rsplit("/", n=1).str[-1]
merged = images.merge(table, on="Image Index", how="inner")
images_without_rows = images.loc[~images["Image Index"].isin(table["Image Index"]), "path"].tolist()
rows_without_images = table.loc[~table["Image Index"].isin(images["Image Index"]), "Image Index"].tolist()
unit = pd.util.hash_array(merged["Patient ID"].to_numpy()).astype(np.float64) / 2.0**64
merged["split"] = np.where(unit < 0.8, "train", np.where(unit < 0.9, "val", "test"))
patients = merged.groupby("split")["Patient ID"].nunique()
leaks = (merged.groupby("Patient ID")["split"].nunique() > 1).sum()
labels = merged[["split", "Finding Labels"]].assign(label=merged["Finding Labels"].str.split("|")).explode("label")
counts = labels.groupby(["split", "label"]).size()
print(len(table), len(images), len(merged), len(images_without_rows), len(rows_without_images), int(leaks))
print(patients.to_string())
print(counts.unstack(0).fillna(0).astype(int).to_string())
"""


def build_images(root):
    for start in range(0, IMAGES, PER_FOLDER):
        folder = os.path.join(root, "images_%03d" % (start // PER_FOLDER + 1), "images")
        os.makedirs(folder)
        first = None
        for index in range(start, min(start + PER_FOLDER, IMAGES)):
            path = os.path.join(folder, "%08d_%03d.png" % (index // 4 + 1, index % 4))
            if first is None:
                with open(path, "wb") as handle:
                    handle.write(b"\x89PNG\r\n\x1a\n")
                first = path
            else:
                os.link(first, path)


def build_table(path, rows, seed=17):
    import numpy as np
    import pandas as pd
    rng = np.random.default_rng(seed)
    index = np.arange(rows)
    present = index < IMAGES
    # Rows naming images that exist, then rows naming images that do not (ids past the folder's).
    names = np.where(present, np.char.add(np.char.zfill((index // 4 + 1).astype(str), 8),
                                          np.char.add("_", np.char.zfill((index % 4).astype(str), 3))),
                     np.char.add(np.char.zfill((index + 40_000_000).astype(str), 8), "_000"))
    names = np.char.add(names, ".png")
    count = rng.integers(0, 3, rows)
    first = rng.integers(0, len(FINDINGS), rows)
    second = (first + 1 + rng.integers(0, len(FINDINGS) - 1, rows)) % len(FINDINGS)
    findings = np.array(FINDINGS, dtype=object)
    labels = np.where(count == 0, "No Finding",
                      np.where(count == 1, findings[first], findings[np.minimum(first, second)] + "|"
                               + findings[np.maximum(first, second)]))
    frame = pd.DataFrame({
        "Image Index": names, "Finding Labels": labels, "Follow-up #": index % 4,
        "Patient ID": index // 4 + 1, "Patient Age": np.char.add(np.char.zfill(rng.integers(1, 95, rows).astype(str), 3), "Y"),
        "Patient Gender": np.where(rng.integers(0, 2, rows) == 0, "M", "F"),
        "View Position": np.where(rng.integers(0, 3, rows) == 0, "AP", "PA"),
        "OriginalImage[Width": rng.integers(2000, 3000, rows), "Height]": rng.integers(2000, 3000, rows),
        "OriginalImagePixelSpacing[x": 0.143, "y]": 0.143, "": ""})
    frame.to_csv(path, index=False)


def measured(command):
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = process.stdout.read()
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("failed: %s\n%s" % (" ".join(command), err.decode()))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, out.decode()


def check_agreement(medprep_out, pandas_out, rows):
    """Both saw the same numbers: rows, images, matches, both kinds of unmatched names."""
    read, listed, matched, images_without, rows_without, leaks = (int(x) for x in pandas_out.split("\n")[0].split())
    assert (read, listed, matched, leaks) == (rows, IMAGES, IMAGES, 0), pandas_out[:200]
    assert f"{rows} rows read" in medprep_out and f"{IMAGES} images listed" in medprep_out, medprep_out[:300]
    matched_line = next(line for line in medprep_out.splitlines() if line.startswith("images matched"))
    assert int(matched_line.split()[-1]) == matched, matched_line
    without_line = next(line for line in medprep_out.splitlines() if line.startswith("rows without images"))
    assert int(without_line.split()[3]) == rows_without, without_line


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--medprep", default=".build/release/medprep")
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 3_000_000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", help="keep the generated table and folder here (reused when present)")
    parser.add_argument("--build-table", nargs=2, metavar=("PATH", "ROWS"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.build_table:
        build_table(arguments.build_table[0], int(arguments.build_table[1]))
        return
    work = arguments.work or tempfile.mkdtemp(prefix="medprep-join-")
    try:
        images = os.path.join(work, "images")
        if not os.path.isdir(images):
            build_images(images)
        print("| rows | contender | wall s | CPU s | peak RSS MB | medprep/pandas CPU | medprep/pandas RSS |")
        print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
        for rows in arguments.rows:
            table = os.path.join(work, "Data_Entry_%d.csv" % rows)
            if not os.path.exists(table):
                # In a child process: Linux keeps a process's peak RSS across fork and exec, so a
                # parent grown by pandas would lend its peak to every contender it starts.
                subprocess.run([sys.executable, __file__, "--build-table", table, str(rows)], check=True)
            contenders = {
                "medprep": [arguments.medprep, "labels", "check", "--dataset", "nih", "--labels", table,
                            "--images", images],
                "pandas": [sys.executable, "-c", PANDAS_JOIN, table, images],
            }
            results = {name: [] for name in contenders}
            outputs = {}
            for round_index in range(arguments.rounds + 1):
                order = list(contenders) if round_index % 2 == 0 else list(contenders)[::-1]
                for name in order:
                    wall, cpu, rss, out = measured(contenders[name])
                    outputs[name] = out
                    if round_index > 0:  # round 0 warms the page cache
                        results[name].append((wall, cpu, rss))
            check_agreement(outputs["medprep"], outputs["pandas"], rows)
            medians = {n: [statistics.median(r[i] for r in rs) for i in range(3)] for n, rs in results.items()}
            for name, (wall, cpu, rss) in medians.items():
                ratios = "| | |" if name == "medprep" else "| %.2f | %.2f |" % (
                    medians["medprep"][1] / cpu, medians["medprep"][2] / rss)
                print("| %d | %s | %.2f | %.2f | %.0f %s" % (rows, name, wall, cpu, rss / 1e6, ratios))
        print("\n%d images; median of %d alternating rounds after a warm-up round; load average: %s" % (
            IMAGES, arguments.rounds, " ".join("%.2f" % x for x in os.getloadavg())))
    finally:
        if not arguments.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
