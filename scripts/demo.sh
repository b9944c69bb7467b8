#!/usr/bin/env bash
# The README's first command ends here: run the main job on samples/ with the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-demo-out}"
medprep=".build/release/medprep"
mapfile -t images < <(find samples -type f \( -name '*.dcm' -o -name '*.png' -o -name '*.jpg' \) -not -path '*/gestures/*' | sort)
echo "== medprep inspect over ${#images[@]} sample images"
"$medprep" inspect "${images[@]}" || true
