"""Times `medprep report` over a synthetic manifest of N samples (default 1,000,000) and reports wall
time and peak RSS (from wait4), with the near-duplicate search at the default threshold.

The manifest is what `medprep convert` writes, with every sample's profile filled: uniform random
64-bit pHashes (popcount 32 like real ones), 1 % planted near-duplicates (2 bits flipped) of a sample
of another split, 3 labels, age, sex and view. No shards: thumbnails are reported missing.

Usage: python3 Benchmarks/report/bench_report_scale.py [--samples N] [--medprep PATH] [--work DIR]
"""
import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time


def random_hash(rng):
    bits = rng.sample(range(64), 32)
    value = 0
    for b in bits:
        value |= 1 << b
    return value


def write_manifest(folder, n, seed=1):
    rng = random.Random(seed)
    os.makedirs(folder, exist_ok=True)
    splits = ["train"] * 8 + ["val", "test"]
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        f.write('{"complete":true,"format":"medprep-shards","formatVersion":1,"inputDigest":"%s",' % ("0" * 64))
        f.write('"pipeline":{"labels":{"vocabulary":["Effusion","Nodule","Pneumonia"]}},"shards":[],"skipped":[],')
        f.write('"toolVersion":"synthetic","samples":[\n')
        hashes = []
        for i in range(n):
            split = splits[rng.randrange(10)]
            if hashes and rng.random() < 0.01:
                h = hashes[rng.randrange(len(hashes))]
                a, b = rng.sample([k for k in range(64) if h >> k & 1], 1)[0], rng.sample([k for k in range(64) if not h >> k & 1], 1)[0]
                h ^= (1 << a) | (1 << b)
            else:
                h = random_hash(rng)
            if len(hashes) < 100000:
                hashes.append(h)
            findings = [name for name in ("Effusion", "Nodule", "Pneumonia") if rng.random() < 0.2]
            profile = {
                "quality": {"phash": f"{h:016x}", "atFloor": 0.01, "atCeiling": round(rng.random() * 0.1, 6),
                            "dynamicRange": 0.9, "entropy": round(rng.uniform(2, 8), 6), "blank": rng.random() < 0.001,
                            "scale": "type"},
                "patient": f"{rng.randrange(n // 3):032x}", "findings": findings,
                "age": rng.randrange(18, 95), "sex": rng.choice("MF"), "view": rng.choice(["PA", "AP"]),
                "originalSize": [2048, 2500],
            }
            sample = {"key": f"s{i:07d}", "members": ["json", "png"], "profile": profile, "shard": "train-000000.tar",
                      "source": f"images/s{i:07d}.png", "sourceBytes": 1000, "sourceSHA256": "0" * 64, "split": split}
            f.write(("," if i else "") + json.dumps(sample, separators=(",", ":")) + "\n")
        f.write("]}\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--medprep", default=".build/release/medprep")
    parser.add_argument("--work", default=None)
    args = parser.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="report-scale-")
    folder = os.path.join(work, "shards")
    if not os.path.exists(os.path.join(folder, "manifest.json")):
        start = time.monotonic()
        write_manifest(folder, args.samples)
        print(f"wrote a {args.samples}-sample manifest ({os.path.getsize(os.path.join(folder, 'manifest.json')) / 1e6:.0f} MB) "
              f"in {time.monotonic() - start:.0f} s", flush=True)
    start = time.monotonic()
    process = subprocess.Popen([args.medprep, "report", folder, "--out", os.path.join(work, "report")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - start
    out, err = process.stdout.read(), process.stderr.read()
    if status != 0:
        sys.exit(f"medprep report failed: {err}")
    data = json.load(open(os.path.join(work, "report", "report.json")))
    d = data["duplicates"]
    print(out.strip())
    print(f"samples {args.samples}: wall {wall:.1f} s, user {usage.ru_utime:.1f} s, peak RSS {usage.ru_maxrss / 1024:.0f} MB "
          f"({usage.ru_maxrss * 1024 / args.samples:.0f} bytes/sample); searched {d['searched']}, pairs "
          f"{d['crossSplit'] + d['withinSplit'] + d['samePatient']} ({d['crossSplit']} cross-split)")


if __name__ == "__main__":
    main()
