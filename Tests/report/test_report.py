"""`medprep report` on a generated set with planted near-duplicates across splits: the planted pairs
are found as cross-split leaks, distinct pictures are not paired (false-positive rate measured), and
the prevalence, patient counts, demographics and balance tests equal figures computed independently
with pandas and scipy from the label table."""
import itertools
import json
import os

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from conftest import DISTINCT, LABELS, PLANTED, report_name, run

SPLITS = ["train", "val", "test"]


def load(planted):
    images, out, report, rows, variants, table = planted
    data = json.loads((report / "report.json").read_text())
    manifest = json.loads((out / "manifest.json").read_text())
    # The report names samples by report_name(key): the planted set's paths are not pseudonymized.
    source_of = {report_name(s["key"]): os.path.basename(s["source"]) for s in manifest["samples"]}
    return data, manifest, source_of, variants, table


def test_writes_the_three_files(planted):
    _, _, report, *_ = planted
    for name in ("report.html", "DATASET_CARD.md", "report.json"):
        assert (report / name).stat().st_size > 1000, name
    card = (report / "DATASET_CARD.md").read_text()
    assert "TO COMPLETE (curator)" in card and "## De-identification" in card and "cross-split" in card


def test_planted_copies_are_found_as_cross_split_leaks(planted):
    data, manifest, source_of, variants, _ = load(planted)
    pairs = data["duplicates"]["pairs"]
    found = {frozenset((source_of[p["first"]["key"]], source_of[p["second"]["key"]])): p for p in pairs}
    for copy, original in variants.items():
        pair = found.get(frozenset((copy, original)))
        assert pair is not None, f"{copy} not paired with {original}"
        assert pair["kind"] == "cross-split", pair
    # Cross-split pairs are listed first.
    kinds = [p["kind"] for p in pairs]
    assert kinds == sorted(kinds, key=lambda k: k != "cross-split")
    assert data["duplicates"]["crossSplit"] >= len(variants)
    assert data["verdicts"][0].startswith("LEAK")


def test_distinct_pictures_are_not_paired(planted):
    """False-positive rate: pairs between two different generated pictures (neither a planted copy
    of the other nor copies of one picture) over all such pairs."""
    data, manifest, source_of, variants, _ = load(planted)
    family = {name: name for name in source_of.values()}
    family.update(variants)
    false = [p for p in data["duplicates"]["pairs"]
             if family[source_of[p["first"]["key"]]] != family[source_of[p["second"]["key"]]]]
    distinct = DISTINCT + 1  # + the bright image; the blank one is left out of the search
    rate = len(false) / (distinct * (distinct - 1) / 2)
    print(f"false-positive pairs: {len(false)} of {distinct * (distinct - 1) // 2} distinct pairs (rate {rate:.2e})")
    assert rate <= 1e-3, [(p["first"]["key"], p["second"]["key"], p["distance"]) for p in false]


def table_with_splits(table):
    frame = pd.read_csv(table, keep_default_na=False, dtype=str)
    frame["split"] = pd.Categorical(frame["split"], categories=SPLITS)
    return frame


def test_counts_and_prevalence_equal_pandas(planted):
    data, _, _, _, table = load(planted)
    frame = table_with_splits(table)
    counts = {c["split"]: c for c in data["counts"]}
    for split, group in frame.groupby("split", observed=True):
        assert counts[split]["samples"] == len(group)
        assert counts[split]["labelled"] == len(group)
        assert counts[split]["patients"] == group["patient"].nunique()
        for label in LABELS:
            positive = group[group["findings"].str.split("|").apply(lambda names: label in names)]
            entry = next(p for p in data["prevalence"] if p["label"] == label and p["split"] == split)
            assert entry["positives"] == len(positive), (split, label)
            assert entry["fraction"] == pytest.approx(len(positive) / len(group))
            assert entry["positivePatients"] == positive["patient"].nunique()
    for label in LABELS:
        has = frame["findings"].str.split("|").apply(lambda names: label in names)
        contingency = pd.crosstab(frame["split"], has).reindex(columns=[True, False], fill_value=0).to_numpy()
        chi2, p, dof, _ = chi2_contingency(contingency, correction=False)
        test = next(t for t in data["labelTests"] if t["variable"] == f"the prevalence of {label}")
        assert test["statistic"] == pytest.approx(chi2, rel=1e-9)
        assert test["degreesOfFreedom"] == dof
        assert test["pValue"] == pytest.approx(p, rel=1e-7, abs=1e-15)


@pytest.mark.parametrize("column, variable", [("sex", "sex"), ("viewPosition", "view"), ("age", "age")])
def test_demographics_and_balance_tests_equal_pandas_and_scipy(planted, column, variable):
    data, _, _, _, table = load(planted)
    frame = table_with_splits(table)
    distribution = data[variable]
    if column == "age":
        known = frame[frame["age"] != ""].copy()
        bins = ["0-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80-89", "90+"]
        known["bin"] = [bins[min(9, int(a) // 10)] for a in known["age"]]
        crosstab = pd.crosstab(known["split"], known["bin"]).reindex(index=SPLITS, columns=bins, fill_value=0)
        missing = (frame["age"] == "").groupby(frame["split"], observed=True).sum().reindex(SPLITS).tolist()
        for split, group in known.groupby("split", observed=True):
            ages = group["age"].astype(float)
            summary = data["ageSummary"][split]
            assert summary[0] == len(ages)
            assert summary[1] == pytest.approx(ages.mean())
            assert summary[2] == pytest.approx(ages.median())
    else:
        crosstab = pd.crosstab(frame["split"], frame[column]).reindex(index=SPLITS, fill_value=0)
        crosstab = crosstab.reindex(columns=sorted(crosstab.columns), fill_value=0)
        missing = [0, 0, 0]
        assert distribution["categories"] == list(crosstab.columns)
    assert distribution["counts"] == crosstab.to_numpy().tolist()
    assert distribution["missing"] == missing
    nonzero = crosstab.loc[:, (crosstab != 0).any(axis=0)].to_numpy()
    chi2, p, dof, _ = chi2_contingency(nonzero, correction=False)
    assert distribution["test"]["statistic"] == pytest.approx(chi2, rel=1e-9)
    assert distribution["test"]["degreesOfFreedom"] == dof
    assert distribution["test"]["pValue"] == pytest.approx(p, rel=1e-7, abs=1e-15)


def test_quality_flags_name_the_blank_and_bright_images(planted):
    data, _, source_of, _, _ = load(planted)
    flags = {f["name"]: f for f in data["flags"]}
    assert [source_of[k] for k in flags["blank"]["examples"]] == ["blank.png"]
    assert "bright.png" in [source_of[k] for k in flags["saturated"]["examples"]]
    assert data["duplicates"]["excludedBlank"] == 1


def test_report_over_merged_workers_equals_the_single_run(planted, tmp_path):
    """Two workers converted apart, merged, reported: the same figures as the single run."""
    images, out, report, rows, variants, table = planted
    data, *_ = load(planted)
    args = ["--size", "256", "--format", "png8", "--no-progress", "--labels", str(table), "--dataset", "generic",
            "--key-column", "file", "--match", "file-name", "--label-column", "findings", "--label-separator", "|",
            "--vocabulary", ",".join(LABELS), "--patient-column", "patient", "--split-column", "split",
            "--extra-column", "age", "--extra-column", "sex", "--extra-column", "viewPosition"]
    workers = []
    for index in range(2):
        folder = tmp_path / f"w{index}"
        run("convert", str(images), "--out", str(folder), "--worker-index", str(index), "--worker-count", "2", *args)
        workers.append(str(folder))
    merged = tmp_path / "merged"
    run("merge", *workers, "--out", str(merged))
    run("report", str(merged), "--out", str(tmp_path / "r"))
    again = json.loads((tmp_path / "r" / "report.json").read_text())
    for field in ("counts", "prevalence", "labelTests", "age", "sex", "view"):
        assert again[field] == data[field], field
    assert [(f["name"], f["perSplit"]) for f in again["flags"]] == [(f["name"], f["perSplit"]) for f in data["flags"]]
    pair_keys = lambda d: sorted((*sorted((p["first"]["key"], p["second"]["key"])), p["distance"], p["kind"])
                                 for p in d["duplicates"]["pairs"])
    assert pair_keys(again) == pair_keys(data)
    # The two worker folders reported together find the same pairs too.
    run("report", *workers, "--out", str(tmp_path / "r2"))
    both = json.loads((tmp_path / "r2" / "report.json").read_text())
    assert pair_keys(both) == pair_keys(data)
