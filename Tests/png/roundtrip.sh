#!/bin/sh
# ASan + UBSan round trip of Sources/CPNG/HuffmanDeflate.c through zlib (huffman_roundtrip.c).
# Not part of `make test` (it needs a C compiler with sanitizers); about 5 s.
#   sh Tests/png/roundtrip.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
${CC:-cc} -O2 -g -fsanitize=address,undefined -fno-sanitize-recover=all -I "$root/Sources/CPNG" \
    -o "$work/roundtrip" "$here/huffman_roundtrip.c" "$root/Sources/CPNG/HuffmanDeflate.c" -lz -ldeflate
"$work/roundtrip"
