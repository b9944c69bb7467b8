#!/bin/sh
# ASan + UBSan and valgrind runs of CLosslessJPEG over every generated lossless fixture (and the
# corrupt ones), each also cut at every byte and damaged 2000 times (fuzz_harness.c).
#   Tests/lossless/sanitize.sh            # ASan/UBSan, then valgrind (QUICK=1: fewer damaged copies)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$root/Tests/Fixtures/lossless" "$work" <<'PY'
import glob, os, sys, warnings
import pydicom
from pydicom.encaps import generate_frames
warnings.simplefilter("ignore")
for i, path in enumerate(sorted(glob.glob(sys.argv[1] + "/**/*.dcm", recursive=True))):
    ds = pydicom.dcmread(path)
    if ds.file_meta.TransferSyntaxUID.is_compressed:
        frames = int(ds.get("NumberOfFrames", 1) or 1)
        open(os.path.join(sys.argv[2], f"{i:03d}.jpg"), "wb").write(next(generate_frames(ds.PixelData, number_of_frames=frames)))
PY
src="$root/Sources/CLosslessJPEG"
cc=${CC:-clang}
$cc -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -I"$src/include" -I"$src" \
    "$here/fuzz_harness.c" "$src"/*.c -o "$work/asan"
echo "ASan/UBSan:"
"$work/asan" "$work"/*.jpg
${VALGRIND_CC:-gcc} -g -O1 -I"$src/include" -I"$src" "$here/fuzz_harness.c" "$src"/*.c -o "$work/plain"
echo "valgrind (QUICK):"
QUICK=1 valgrind -q --error-exitcode=3 "$work/plain" "$work"/*.jpg
