"""A capture of a real store (`python -m agent capture`): the answers of each screen's own calls,
secrets and personal fields replaced. Served by `python -m sandbox serve --capture FILE`, so the
page objects meet a real store's shapes in tests.

A screen that pages has an answer for each page captured, each with what the page asked for it (its
URL's query, its body); a call is answered with the captured answer whose asking agrees most with
the request's (page 2 gets page 2). Format /1 (one answer a call) is still read."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

FORMATS = ("storeagent-capture/1", "storeagent-capture/2")


class CaptureError(Exception):
    pass


def asked(query: Any, body: Any) -> dict[str, str]:
    """What a request asked, flat: its query and body fields (a body as JSON or a form; a field that
    holds JSON opened too) as {dotted name: value}."""
    out: dict[str, str] = {}

    def walk(prefix: str, v: Any) -> None:
        if isinstance(v, str) and v[:1] in "{[":
            try:
                v = json.loads(v)
            except ValueError:
                pass
        if isinstance(v, dict):
            for k, x in v.items():
                walk(f"{prefix}.{k}" if prefix else str(k), x)
        elif isinstance(v, list):
            for i, x in enumerate(v):
                walk(f"{prefix}.{i}", x)
        else:
            out[prefix] = json.dumps(v) if not isinstance(v, str) else v

    if isinstance(body, (str, bytes)):
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        try:
            body = json.loads(text) if text else None
        except ValueError:
            body = dict(parse_qsl(text, keep_blank_values=True))
    walk("", query or {})
    walk("", body or {})
    return out


@dataclass
class Answer:
    asked: dict[str, str]
    answer: Any


@dataclass
class Capture:
    calls: list[tuple[str, list[Answer]]] = field(default_factory=list)  # (call pattern, its answers)
    pages: dict[str, dict] = field(default_factory=dict)  # page path -> the data it renders itself

    def answers_for(self, url: str) -> list[Answer] | None:
        return next((answers for pattern, answers in self.calls if pattern in url and answers), None)

    @staticmethod
    def best(answers: list[Answer], url: str, body: bytes | None) -> Any:
        """The answer whose asking agrees with this request's on the most fields (the first on a tie)."""
        if len(answers) == 1:
            return answers[0].answer
        mine = asked(dict(parse_qsl(urlsplit(url).query, keep_blank_values=True)), body)
        return max(answers, key=lambda a: sum(1 for k, v in a.asked.items() if mine.get(k) == v)).answer


def load_capture(path: str) -> Capture:
    """Every captured call's answers, and the data of the pages that carry their own (the RFQ market's
    window.PAGE_DATA, an inquiry's detail), by path."""
    p = Path(path)
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CaptureError(f"{path} does not exist") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:  # nested past reason too
        raise CaptureError(
            f"{path} is not a capture file ({type(e).__name__}); make one with `python -m agent capture`"
        ) from None
    if not isinstance(doc, dict) or doc.get("format") not in FORMATS or not isinstance(doc.get("screens"), dict):
        raise CaptureError(
            f"{path} is not a capture file (format {FORMATS[-1]}); make one with `python -m agent capture`"
        )
    out = Capture()
    for screen in doc["screens"].values():
        if not isinstance(screen, dict):
            continue
        calls = screen.get("calls") or {}
        if not isinstance(calls, dict) or not all(isinstance(v, list | dict) or v is None for v in calls.values()):
            raise CaptureError(
                f"{path}: a screen's calls are not a table of call -> answers; make the file with `python -m agent capture`"
            )
        for pattern, got in calls.items():
            answers = (
                [Answer(asked(a.get("query"), a.get("body")), a.get("answer")) for a in got if isinstance(a, dict)]
                if doc["format"] != FORMATS[0]
                else [Answer({}, got)]
            )
            # a screen read in either of two forms names its call "older|newer": either path gets the answers
            out.calls.extend((alt, answers) for alt in pattern.split("|") if alt)
        if isinstance(screen.get("page_data"), dict) and screen.get("path"):
            out.pages[urlsplit(str(screen["path"])).path] = screen["page_data"]
    return out
