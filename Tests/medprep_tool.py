"""The built `medprep` binary the Python tests run: $MEDPREP, else the newest under .build*/."""
import glob
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def medprep_binary():
    if os.environ.get("MEDPREP"):
        return os.environ["MEDPREP"]
    candidates = glob.glob(os.path.join(ROOT, ".build*", "*", "medprep")) + glob.glob(
        os.path.join(ROOT, ".build*", "*", "*", "medprep"))
    candidates = [c for c in candidates if os.access(c, os.X_OK) and os.path.isfile(c)]
    if not candidates:
        pytest.fail("no built medprep binary under .build*/; build it or set MEDPREP")
    return max(candidates, key=os.path.getmtime)
