"""A capture of a real store (`python -m agent capture`): the answers of each screen's own calls,
secrets and personal fields replaced. Served by `python -m sandbox serve --capture FILE`, so the
page objects meet a real store's shapes in tests."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

FORMAT = "storeagent-capture/1"


class CaptureError(Exception):
    pass


@dataclass
class Capture:
    calls: list[tuple[str, object]] = field(default_factory=list)     # (call pattern, answer)
    pages: dict[str, dict] = field(default_factory=dict)              # page path -> the data the page renders itself


def load_capture(path: str) -> Capture:
    """Every captured call's answer, and the data of the pages that carry their own (the RFQ market's
    window.PAGE_DATA), by path."""
    p = Path(path)
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CaptureError(f"{path} does not exist") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise CaptureError(f"{path} is not a capture file ({type(e).__name__}); make one with `python -m agent capture`") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("screens"), dict):
        raise CaptureError(f"{path} is not a capture file (format {FORMAT}); make one with `python -m agent capture`")
    out = Capture()
    for screen in doc["screens"].values():
        if not isinstance(screen, dict):
            continue
        for pattern, answer in (screen.get("calls") or {}).items():
            # a screen read in either of two forms names its call "older|newer": either path gets the answer
            out.calls.extend((alt, answer) for alt in pattern.split("|") if alt)
        if isinstance(screen.get("page_data"), dict) and screen.get("path"):
            out.pages[urlsplit(str(screen["path"])).path] = screen["page_data"]
    return out
