"""`convert --dedupe`: the planted copies are dropped (drop-cross-split) or marked (report) against
their originals, deterministically whatever the thread count, and the mode is in the manifest."""
import json
import os

from conftest import LABELS, report_name, run


def convert(planted, folder, *extra):
    images, _, _, _, _, table = planted
    run("convert", str(images), "--out", str(folder), "--size", "256", "--format", "png8", "--no-progress",
        "--labels", str(table), "--dataset", "generic", "--key-column", "file", "--match", "file-name",
        "--label-column", "findings", "--label-separator", "|", "--vocabulary", ",".join(LABELS),
        "--patient-column", "patient", "--split-column", "split", *extra)
    return json.loads((folder / "manifest.json").read_text())


def key_of(manifest):
    return {os.path.basename(s["source"]): s["key"] for s in manifest["samples"]}


def test_drop_cross_split_skips_every_planted_copy(planted, tmp_path):
    _, out, report, _, variants, _ = planted
    single = json.loads((out / "manifest.json").read_text())
    keys = key_of(single)
    manifest = convert(planted, tmp_path / "a", "--dedupe", "drop-cross-split", "--jobs", "1")
    assert manifest["pipeline"]["dedupe"] == "drop-cross-split:6"
    dropped = {os.path.basename(e["path"]): e for e in manifest["skipped"] if e["code"] == "duplicate"}
    for copy, original in variants.items():
        assert copy in dropped, copy
        assert f"near-duplicate of {keys[original]} in train" in dropped[copy]["reason"]
    # Other drops can only be the report's false-positive cross-split pairs.
    data = json.loads((report / "report.json").read_text())
    family = {**{name: name for name in keys}, **variants}
    source = {report_name(s["key"]): os.path.basename(s["source"]) for s in single["samples"]}
    false_cross = [p for p in data["duplicates"]["pairs"] if p["kind"] == "cross-split"
                   and family[source[p["first"]["key"]]] != family[source[p["second"]["key"]]]]
    assert len(set(dropped) - set(variants)) <= len(false_cross)
    kept = {os.path.basename(s["source"]) for s in manifest["samples"]}
    assert not kept & set(dropped) and len(kept) + len(dropped) == len(keys)
    # The same bytes with two threads.
    again = convert(planted, tmp_path / "b", "--dedupe", "drop-cross-split", "--jobs", "2")
    assert [s["sha256"] for s in again["shards"]] == [s["sha256"] for s in manifest["shards"]]
    assert again["skipped"] == manifest["skipped"]


def test_report_mode_keeps_and_marks_the_copies(planted, tmp_path):
    _, _, _, _, variants, _ = planted
    manifest = convert(planted, tmp_path / "r", "--dedupe", "report")
    keys = key_of(manifest)
    profiles = {os.path.basename(s["source"]): s["profile"] for s in manifest["samples"]}
    assert not [e for e in manifest["skipped"] if e["code"] == "duplicate"]
    for copy, original in variants.items():
        # The JPEG copy (val) is first after the original in key order; later copies may match either.
        assert profiles[copy]["duplicateOf"] in {keys[original]} | {keys[c] for c, o in variants.items() if o == original}
        assert profiles[copy]["duplicateDistance"] <= 6
    assert "duplicateOf" not in profiles[next(iter(variants.values()))]
