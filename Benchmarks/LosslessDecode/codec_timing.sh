#!/bin/sh
# CLosslessJPEG alone on the frames of a corpus of lossless JPEG DICOM files: each frame's
# codestream is taken out with pydicom, the decoder built with clang -O2 (SwiftPM's release flags
# for C) from SRC (default: this checkout's Sources/CLosslessJPEG), and each frame decoded
# REPETITIONS times; prints the best CPU time per frame and a hash of its samples.
#   Benchmarks/LosslessDecode/codec_timing.sh /tmp/lj/corpus [REPETITIONS [SRC]]
# Comparing two versions: run it with SRC pointing at each (e.g. a `git worktree` of the other
# commit), alternately, and compare the hashes too (equal output).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
corpus=$1
repetitions=${2:-5}
src=${3:-$here/../../Sources/CLosslessJPEG}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$corpus" "$work" <<'PY'
import glob, os, sys
import pydicom
from pydicom.encaps import generate_frames
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.dcm"))):
    ds = pydicom.dcmread(path)
    frame = next(generate_frames(ds.PixelData, number_of_frames=int(ds.get("NumberOfFrames", 1) or 1)))
    open(os.path.join(sys.argv[2], os.path.basename(path)[:-4] + ".jpg"), "wb").write(frame)
PY
${CC:-clang} -O2 -I"$src/include" -I"$src" "$here/codec_timing.c" "$src"/*.c -o "$work/codec_timing"
"$work/codec_timing" "$repetitions" "$work"/*.jpg
