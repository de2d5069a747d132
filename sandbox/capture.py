"""A capture of a real store (`python -m agent capture`): the answers of each screen's own calls,
secrets and personal fields replaced. Served by `python -m sandbox serve --capture FILE`, so the
page objects meet a real store's shapes in tests."""
from __future__ import annotations

import json
from pathlib import Path

FORMAT = "storeagent-capture/1"


class CaptureError(Exception):
    pass


def load_capture(path: str) -> list[tuple[str, object]]:
    """[(call pattern, answer)] of every captured call."""
    p = Path(path)
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CaptureError(f"{path} does not exist") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise CaptureError(f"{path} is not a capture file ({type(e).__name__}); make one with `python -m agent capture`") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("screens"), dict):
        raise CaptureError(f"{path} is not a capture file (format {FORMAT}); make one with `python -m agent capture`")
    out = []
    for screen in doc["screens"].values():
        for pattern, answer in (screen.get("calls") or {}).items() if isinstance(screen, dict) else ():
            # a screen read in either of two forms names its call "older|newer": either path gets the answer
            out.extend((alt, answer) for alt in pattern.split("|") if alt)
    return out
