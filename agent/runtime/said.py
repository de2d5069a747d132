"""A run's end in plain words, in the settings' language: one line of how it ended (and why, when it
did not end well), one of what it read, found and changed — the terminal's `run` lines and the log's
closing line say this, never a Python dict. `--json` keeps the run's own fields."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..pages.titles import count_words, routine_title, screen_title

if TYPE_CHECKING:
    from .run import RunResult

STATUS = {
    "ok": ("完成", "done"),
    "partial": ("部分完成", "partly done"),
    "needs_human": ("需要人工处理", "needs a person"),
    "stopped": ("已按要求停止", "stopped as asked"),
    "failed": ("失败", "failed"),
    "skipped": ("未运行：该店铺的同一例程正在运行", "not run: the same routine is running for this store"),
}


def said(r: RunResult, lang: str = "zh", shown: str | None = None) -> list[str]:
    """`shown`: the store as people call it (its label); the run's name otherwise."""
    zh = lang == "zh"
    status = STATUS.get(r.status, (r.status, r.status))[0 if zh else 1]
    head = f"{shown or r.store} · {routine_title(r.routine, lang)}{'：' if zh else ': '}{status}"
    unread = [screen_title(f["screen"], lang) for f in r.details.get("failed_screens", []) if f.get("screen")]
    if unread:
        head += ("（未能读取：" + "、".join(unread) + "）") if zh else f" (not read: {', '.join(unread)})"
    elif r.error and r.status != "ok":
        head += (" — " if not zh else "——") + r.error.strip().splitlines()[0]
    lines = [head]
    counts = [count_words(k, int(v), lang) for k, v in r.counts.items() if isinstance(v, (int, float))]
    if counts:
        lines.append("  " + ("，".join(counts) if zh else ", ".join(counts)))
    return lines
