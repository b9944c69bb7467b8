#!/usr/bin/env bash
# Installs what MedPrep needs on Debian/Ubuntu, as root: the C libraries (DCMTK, libpng, libdeflate,
# libjpeg-turbo), DCMTK's command-line tools (reference outputs in tests) and the Python packages
# the reader, parity and comparison tests use. Idempotent: does nothing when all is present.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libdcmtk-dev dcmtk libpng-dev libdeflate-dev libjpeg-dev zlib1g-dev python3 python3-pip chromium)
packages+=(libopenjp2-7-dev)  # JPEG 2000 / HTJ2K frames (Sources/COpenJPEG)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "installing system packages: ${missing[*]}"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! python3 -c "import numpy, PIL, pydicom, webdataset, cv2, png, pylibjpeg, pytest, scipy, pandas, blake3, gdcm, data_store" 2>/dev/null; then
    echo "installing Python packages from Tests/requirements.txt"
    python3 -m pip install -q --disable-pip-version-check -r Tests/requirements.txt 2>&1 | grep -v "as the 'root' user" || true
fi
