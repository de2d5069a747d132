"""Rewrite requirements.lock with the sha256 of every file PyPI has for each pinned version, so
`pip install -r requirements.lock` refuses any file that is not the one locked (hash-checking mode).

    python scripts/lock_hashes.py            # after changing a pin
"""

from __future__ import annotations

import re
import sys
import urllib.request
from pathlib import Path

LOCK = Path(__file__).resolve().parents[1] / "requirements.lock"
INDEX = "https://pypi.org/simple/{}/"


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def hashes(name: str, version: str) -> list[str]:
    page = urllib.request.urlopen(INDEX.format(norm(name)), timeout=60).read().decode()
    stem = re.escape(re.sub(r"[-_.]+", "_", name).lower())
    out = set()
    for fname, digest in re.findall(r'href="[^"]*/([^/"#]+)#sha256=([0-9a-f]{64})"', page):
        base = re.sub(r"[-_.]+", "_", fname.lower())
        if re.match(
            rf"{stem}_{re.escape(version.replace('-', '_').replace('.', '_'))}(_|\.tar|\.zip)", base
        ) or re.match(rf"{stem}_{re.escape(version)}", fname.lower().replace("-", "_")):
            out.add(digest)
    if not out:
        raise SystemExit(f"no files found for {name}=={version}")
    return sorted(out)


def main() -> int:
    pins = [
        line.split(" ")[0].strip()
        for line in LOCK.read_text().splitlines()
        if "==" in line and not line.startswith("#")
    ]
    lines = ["# Every pin with the sha256 of each file PyPI has for it; regenerate with scripts/lock_hashes.py"]
    for pin in pins:
        name, version = pin.split("==")
        hs = hashes(name, version)
        lines.append(f"{name}=={version} \\\n" + " \\\n".join(f"    --hash=sha256:{h}" for h in hs))
        print(f"{name}=={version}: {len(hs)} files", file=sys.stderr)
    LOCK.write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
