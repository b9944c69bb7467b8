#!/usr/bin/env bash
# The README's first command ends here: the main job, `medprep convert`, on samples/ with the
# release build, then `medprep verify` on what it wrote.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-demo-out}"
medprep="${MEDPREP:-.build/release/medprep}"
# A fixed key for the demo only: real runs take a secret key (openssl rand -hex 32).
export MEDPREP_PSEUDONYM_KEY="${MEDPREP_PSEUDONYM_KEY:-demo-key-for-the-samples-only-0001}"
echo "== medprep convert samples/{dicom,png,jpeg} -> $out"
"$medprep" convert samples/dicom samples/png samples/jpeg --out "$out" --overwrite --size 512 \
    --geometry letterbox --normalize window --format png8 --no-progress
echo "== medprep verify $out"
"$medprep" verify "$out"
echo "== output"
ls -l "$out"
echo "== medprep report $out"
"$medprep" report "$out" --out "$out-report"
echo "report: $(cd "$out-report" && pwd)/report.html"
