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


def _elf(machine):
    # a 64-bit little-endian ELF header's first 20 bytes (e_machine at 18), padded
    # past fallback_binary's 1 KiB floor
    return b"\x7fELF\x02\x01\x01" + b"\0" * 11 + machine.to_bytes(2, "little") + b"\0" * 2048


def _load_make_manifest(path=MAKE_MANIFEST):
    import importlib.util
    spec = importlib.util.spec_from_file_location("make_manifest_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fallback_binary_is_the_x86_64_build(tmp_path):
    # @sap/hana-client 2.30 ships prebuilt/{linuxaarch64,linuxppc64le,linuxx86_64,
    # linuxx86_64_alpine}/hana-client.node: no directory name the platform filter
    # knows, and aarch64 sorts first
    _package(tmp_path, "multi-arch", {
        "prebuilt/linuxaarch64/addon.node": _elf(183),      # EM_AARCH64
        "prebuilt/linuxppc64le/addon.node": _elf(21),       # EM_PPC64
        "prebuilt/linuxx86_64/addon.node": _elf(62),        # EM_X86_64
        "prebuilt/linuxx86_64_alpine/addon.node": _elf(62),  # musl
    })
    found = _load_make_manifest().fallback_binary(tmp_path / "node_modules" / "multi-arch")
    assert found is not None
    assert found.relative_to(tmp_path / "node_modules" / "multi-arch").as_posix() == \
        "prebuilt/linuxx86_64/addon.node"
