#!/usr/bin/env python3
"""Our lossless JPEG decoder (CLosslessJPEG) against DCMTK's, with the same medprep binary.

`MEDPREP_LOSSLESS_JPEG=dcmtk` makes medprep decode lossless JPEG frames with DCMTK's IJG codec
(the code path before CLosslessJPEG); without it, CLosslessJPEG decodes them. Rounds alternate
between the two so that load on the machine hits both alike. Per round:

- `medprep bench CORPUS --jobs 1 --output-formats none --json`: the decode stage's ms per image
  (DICOM parse, frame decode and stored values, as convert does it);
- `medprep convert CORPUS --out TMP --jobs 1 --size 512 --no-patient-id`: images per second by wall time and by
  CPU time (user + system of the child, from wait4), the latter steadier on a shared machine.

Medians over the rounds; ratios are DCMTK time / our time.

    python3 Benchmarks/LosslessDecode/make_corpus.py /tmp/lossless-corpus --count 8
    python3 Benchmarks/LosslessDecode/run.py --medprep .build/release/medprep /tmp/lossless-corpus --rounds 5
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time


def timed(command, env):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {result.stderr[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result.stdout, wall, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("--medprep", default=".build/release/medprep")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    images = sum(name.endswith(".dcm") for name in os.listdir(args.corpus))
    results = {"ours": {"decode": [], "wall": [], "cpu": []}, "dcmtk": {"decode": [], "wall": [], "cpu": []}}
    for round_index in range(args.rounds):
        order = ("ours", "dcmtk") if round_index % 2 == 0 else ("dcmtk", "ours")
        for who in order:
            env = dict(os.environ)
            env.pop("MEDPREP_LOSSLESS_JPEG", None)
            if who == "dcmtk":
                env["MEDPREP_LOSSLESS_JPEG"] = "dcmtk"
            out, _, _ = timed(
                [args.medprep, "bench", args.corpus, "--jobs", "1", "--repetitions", "1", "--warmup", "1",
                 "--output-formats", "none", "--json"], env)
            report = json.loads(out)
            stages = {stage["stage"]: stage["msPerImage"] for stage in report["runs"][0]["stages"]}
            results[who]["decode"].append(stages["decode"])
            folder = tempfile.mkdtemp(prefix="lossless-bench-")
            try:
                _, wall, cpu = timed(
                    [args.medprep, "convert", args.corpus, "--out", folder + "/out", "--jobs", "1", "--size", "512", "--no-patient-id"], env)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
            results[who]["wall"].append(images / wall)
            results[who]["cpu"].append(images / cpu)
            print(f"round {round_index + 1} {who:5s}: decode {stages['decode']:.1f} ms/image, "
                  f"convert {images / wall:.2f} img/s wall, {images / cpu:.2f} img/s CPU", flush=True)
    median = {who: {key: statistics.median(values) for key, values in r.items()} for who, r in results.items()}
    print()
    print(f"{images} images, {args.rounds} alternating rounds, medians")
    print("| | CLosslessJPEG | DCMTK | ratio |")
    print("|---|---:|---:|---:|")
    o, d = median["ours"], median["dcmtk"]
    print(f"| decode stage, ms/image | {o['decode']:.1f} | {d['decode']:.1f} | {d['decode'] / o['decode']:.2f}x |")
    print(f"| convert --jobs 1, img/s (wall) | {o['wall']:.2f} | {d['wall']:.2f} | {o['wall'] / d['wall']:.2f}x |")
    print(f"| convert --jobs 1, img/s (CPU) | {o['cpu']:.2f} | {d['cpu']:.2f} | {o['cpu'] / d['cpu']:.2f}x |")


if __name__ == "__main__":
    main()
