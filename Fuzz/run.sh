#!/bin/sh
# Builds the libFuzzer harnesses with AddressSanitizer and SanitizerCoverage, and runs each one.
#
#   Fuzz/run.sh --runs N      fixed seed (-seed=1), N mutated inputs per harness (make test)
#   Fuzz/run.sh --seconds S   S seconds per harness, random seed (make fuzz)
#   ... [HARNESS...]          only these (FuzzDICOM FuzzPNG FuzzJPEG FuzzLabelsCSV FuzzLandmarks)
#
# Each harness starts from its seeds: Fuzz/corpus/<kind> (written by Tests/Fixtures/generate_hostile.py)
# and the small committed fixtures of its format, copied to a scratch corpus so the repository is
# never written. A crash (ASan report, Swift trap, signal), a hang (-timeout), a single allocation
# or a resident size above 2 GB (-malloc_limit_mb, -rss_limit_mb) fails the run; the input that
# caused it is kept in Fuzz/artifacts/ and named in the output.
set -eu
cd "$(dirname "$0")"
ROOT=$(cd .. && pwd)
MODE=runs
AMOUNT=2000
case "${1:-}" in
--runs) AMOUNT=$2; shift 2 ;;
--seconds) MODE=seconds; AMOUNT=$2; shift 2 ;;
esac
HARNESSES=${*:-FuzzDICOM FuzzPNG FuzzJPEG FuzzLabelsCSV FuzzLandmarks}

# libFuzzer's own main is not linked (SwiftPM links main to the Swift entry point): the harnesses
# call LLVMFuzzerRunDriver from the no-main runtime, which ships with the toolchain's clang.
RESOURCE=$(dirname "$(dirname "$(command -v swiftc)")")/lib/clang
FUZZER=$(find "$RESOURCE" -name 'libclang_rt.fuzzer_no_main-x86_64.a' | head -n 1)
if [ -z "$FUZZER" ]; then
    echo "Fuzz/run.sh: libclang_rt.fuzzer_no_main is not in the Swift toolchain ($RESOURCE)" >&2
    exit 1
fi
swift build --build-path .build \
    -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table \
    -Xcc -fsanitize=fuzzer-no-link,address -Xlinker "$FUZZER" -Xlinker -lstdc++
BIN=$(swift build --build-path .build --show-bin-path)

seeds() {
    case "$1" in
    FuzzDICOM) echo corpus/dicom; find "$ROOT/Tests/Fixtures/dicom" "$ROOT/Tests/Fixtures/hostile" -name '*.dcm' -size -8k ;;
    FuzzPNG) echo corpus/png; find "$ROOT/Tests/Fixtures/png" "$ROOT/Tests/Fixtures/hostile" -name '*.png' -size -8k ;;
    FuzzJPEG) echo corpus/jpeg; find "$ROOT/Tests/Fixtures/jpeg" "$ROOT/Tests/Fixtures/hostile" -name '*.jpg' -size -8k ;;
    FuzzLabelsCSV) echo corpus/labels ;;
    FuzzLandmarks) echo corpus/landmarks; find "$ROOT/samples/gestures" -maxdepth 2 -type f -size -8k ;;
    esac
}

mkdir -p artifacts
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH" /tmp/medprep-fuzz-*' EXIT
# Leaks are not findings here (the Swift runtime and Foundation keep caches for the process).
export ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}"
failed=""
for harness in $HARNESSES; do
    work="$SCRATCH/$harness"
    mkdir -p "$work"
    for seed in $(seeds "$harness"); do
        if [ -d "$seed" ]; then cp "$seed"/* "$work"/ 2>/dev/null || true; else cp "$seed" "$work"/; fi
    done
    if [ "$MODE" = runs ]; then limit="-seed=1 -runs=$AMOUNT"; else limit="-max_total_time=$AMOUNT"; fi
    echo "== $harness: $(ls "$work" | wc -l) seeds, $MODE $AMOUNT"
    # shellcheck disable=SC2086
    if ! "$BIN/$harness" "$work" $limit -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=10 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="artifacts/$harness-" >"$SCRATCH/$harness.log" 2>&1; then
        failed="$failed $harness"
        tail -n 60 "$SCRATCH/$harness.log"
    fi
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^Done' "$SCRATCH/$harness.log" || true
done
if [ -n "$failed" ]; then
    echo "Fuzz/run.sh: failed:$failed (inputs in Fuzz/artifacts/)" >&2
    exit 1
fi
echo "Fuzz/run.sh: every harness ran clean"
