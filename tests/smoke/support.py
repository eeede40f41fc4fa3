"""Set-up of the smoke corpus (tests/test_smoke.py): the packages pinned in
tests/smoke/package.json are installed into tests/smoke/node_modules the way the
corpus is (tests/corpus/support.py), and manifest.json names the binary of each."""

import json
from pathlib import Path

from corpus.support import npm_ci

SMOKE = Path(__file__).resolve().parent
MANIFEST = SMOKE / "manifest.json"
RESULTS = SMOKE / "results.json"


def ensure_installed():
    """Installs the pinned smoke packages if needed; returns the node_modules path."""
    return npm_ci(SMOKE)


def manifest():
    """The packages and their binaries (a list of dicts; make_manifest.py writes it)."""
    return json.loads(MANIFEST.read_text())
