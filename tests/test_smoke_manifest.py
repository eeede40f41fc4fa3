"""tests/smoke/make_manifest.py on a hand-made corpus: what a package ships under a
``.node`` name that is no Linux ELF file (a directory, another platform's build) is
skipped with a line on stderr; the manifest of the rest is written."""

import json
import subprocess
import sys
from pathlib import Path

MAKE_MANIFEST = Path(__file__).resolve().parent / "smoke" / "make_manifest.py"


def _package(root, name, files):
    pkg = root / "node_modules" / name
    pkg.mkdir(parents=True)
    (pkg / "package.json").write_text(json.dumps({"name": name, "version": "1.0.0"}))
    for rel, content in files.items():
        path = pkg / rel
        if content is None:          # a directory named like an addon
            path.mkdir(parents=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)


def test_manifest_skips_what_is_not_an_elf_file(tmp_path):
    # whisper.cpp's examples/addon.node is a directory (@pr0gramm/fluester);
    # node-expat 2.4.1 ships a Mach-O build/Release/node_expat.node
    _package(tmp_path, "dir-named-node", {"vendor/examples/addon.node": None})
    _package(tmp_path, "macho-build", {
        "build/Release/macho.node": b"\xcf\xfa\xed\xfe" + b"\0" * 4096})
    (tmp_path / "package.json").write_text(json.dumps(
        {"dependencies": {"dir-named-node": "1.0.0", "macho-build": "1.0.0"}}))
    done = subprocess.run([sys.executable, str(MAKE_MANIFEST), "--corpus", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "manifest.json").read_text()) == []
    assert "dir-named-node: no linux-x64 glibc binary" in done.stderr
    assert "macho.node is not an ELF file" in done.stderr
