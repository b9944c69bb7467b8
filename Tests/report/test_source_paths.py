"""`medprep report` and source paths: by default no path component of an input (here a folder named
like a patient with a medical record number) appears in report.html, report.json or DATASET_CARD.md,
through sample names, near-duplicate pairs, quality flags or skipped inputs; `--show-source-paths`
shows them."""
import json
import os

import numpy as np

from conftest import radiograph, report_name, run, save_png

PHI = "DOE_JOHN_MRN12345678"
FRAGMENTS = [PHI, "DOE_JOHN", "MRN12345678", "12345678"]


def converted(tmp_path):
    images = tmp_path / "images"
    patient = images / PHI
    patient.mkdir(parents=True)
    for i in range(6):
        save_png(radiograph(500 + i), images / f"other{i}.png")
    picture = radiograph(42)
    save_png(picture, patient / "chest.png")
    save_png(picture, patient / "chest_again.png")          # a near-duplicate pair named by the folder
    save_png(np.full((200, 180), 128, np.uint8), patient / "flat.png")  # flagged blank
    (patient / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)  # skipped with an error
    out = tmp_path / "shards"
    run("convert", str(images), "--out", str(out), "--size", "128", "--format", "png8", "--no-progress")
    return out


def texts(folder):
    return {name: (folder / name).read_text() for name in ("report.html", "report.json", "DATASET_CARD.md")}


def report_without_phi(out, report):
    """Runs `medprep report` with its defaults and checks that no PHI fragment is in its three files;
    returns the folder and report.json."""
    run("report", str(out), "--out", str(report))
    for name, text in texts(report).items():
        for fragment in FRAGMENTS:
            assert fragment not in text, (name, fragment)
    return report, json.loads((report / "report.json").read_text())


def test_phi_in_a_source_path_never_reaches_the_report_by_default(tmp_path):
    out = converted(tmp_path)
    manifest = json.loads((out / "manifest.json").read_text())
    # The manifest repeats the folder name in keys, sources and errors: the report is what must not.
    assert any(PHI in s["source"] and PHI in s["key"] for s in manifest["samples"])
    assert any(PHI in e["path"] for e in manifest["skipped"])
    report, data = report_without_phi(out, tmp_path / "report")
    # The places a path would show are filled, with names computed from the keys (hashlib here).
    pairs = data["duplicates"]["pairs"]
    assert pairs, "the planted pair must be found, or the test checks nothing"
    keys = {s["key"] for s in manifest["samples"] if PHI in s["key"]}
    named = {report_name(k) for k in keys}
    assert any({p["first"]["key"], p["second"]["key"]} <= named for p in pairs)
    assert all("source" not in p["first"] and "source" not in p["second"] for p in pairs)
    blank = next(f for f in data["flags"] if f["name"] == "blank")
    assert set(blank["examples"]) & named
    assert sum(g["count"] for g in data["errors"]) >= 1
    assert "not shown" in data["sourcePaths"]
    assert "not shown" in texts(report)["DATASET_CARD.md"]


def test_show_source_paths_shows_them(tmp_path):
    out = converted(tmp_path)
    report = tmp_path / "report"
    run("report", str(out), "--out", str(report), "--show-source-paths")
    data = json.loads((report / "report.json").read_text())
    pair = next(p for p in data["duplicates"]["pairs"] if PHI in p["first"]["key"])
    assert PHI in pair["first"]["source"] and os.path.basename(pair["first"]["source"]).startswith("chest")
    assert any(PHI in e["path"] for g in data["errors"] for e in g["examples"])
    assert PHI in texts(report)["report.html"]


def test_a_key_quoted_in_a_skipped_inputs_reason_is_hidden(tmp_path):
    """`--dedupe drop-cross-split` skips a copy with the reason "near-duplicate of KEY in train":
    the key repeats the PHI folder name, so the report names it as it names the sample."""
    images = tmp_path / "images"
    patient = images / PHI
    patient.mkdir(parents=True)
    picture = radiograph(42)
    save_png(picture, patient / "chest.png")
    save_png(picture, patient / "chest_copy.png")
    rows = ["file,finding,patient,split", "chest.png,a,P1,train", "chest_copy.png,a,P2,test"]
    for i in range(4):
        save_png(radiograph(600 + i), images / f"other{i}.png")
        rows.append(f"other{i}.png,b,P{i + 3},{['train', 'val'][i % 2]}")
    table = tmp_path / "labels.csv"
    table.write_text("\n".join(rows) + "\n")
    out = tmp_path / "shards"
    run("convert", str(images), "--out", str(out), "--size", "128", "--format", "png8", "--no-progress",
        "--labels", str(table), "--dataset", "generic", "--key-column", "file", "--match", "file-name",
        "--label-column", "finding", "--vocabulary", "a,b", "--patient-column", "patient",
        "--split-column", "split", "--dedupe", "drop-cross-split")
    manifest = json.loads((out / "manifest.json").read_text())
    dropped = [e for e in manifest["skipped"] if e["code"] == "duplicate"]
    assert dropped and PHI in dropped[0]["reason"], manifest["skipped"]
    kept = next(s["key"] for s in manifest["samples"] if s["key"].endswith("_chest"))
    report, data = report_without_phi(out, tmp_path / "report")
    example = next(e for g in data["errors"] if g["code"] == "duplicate" for e in g["examples"])
    assert f"near-duplicate of {report_name(kept)} in train" in example["reason"]
