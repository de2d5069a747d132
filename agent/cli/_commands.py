"""Each CLI command: read the options, call the application API, print, return the exit code."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .._time import local_time
from ..app import App
from ..errors import ConfigError
from ._errors import EXIT

if TYPE_CHECKING:
    from ..queue.record import Queued

COUNTRY = re.compile(r"^[A-Z]{2}$")


def emit(obj, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")


def _app(args) -> App:
    return App.load(
        getattr(args, "config", None) or getattr(args, "top_config", None),
        quiet=getattr(args, "quiet", False),
        json_console=getattr(args, "json", False),
    )


def _worst(results) -> str:
    from ..runtime.run import worst

    return worst(r.status for r in results)


def _result_line(app: App, r) -> str:
    """How the run ended and what it read, found and changed, in plain words (`runtime/said.py`);
    Playwright's call log stays in the log file (and in --json)."""
    from ..runtime.said import said

    shown = next((st.shown for st in app.settings.stores if st.name == r.store), r.store)
    return _safe("\n".join(said(r, app.settings.lang, shown)))


def _stepper(enabled: bool):
    from ..runtime.stepper import Stepper

    return Stepper(enabled=enabled)


async def cmd_run(args) -> int:
    app = _app(args)
    results = await app.run(args.routine, args.store, headed=args.headed, stepper=_stepper(args.step))
    status = _worst(results)
    if len(results) == 1:
        emit(results[0].model_dump(), args.json)
    else:
        emit({"status": status, "results": [r.model_dump() for r in results]}, args.json)
    if not args.json:
        for r in results:
            print(_result_line(app, r))
    return EXIT[status]


HEAD = ("页面", "地址", "自身调用", "解析", "行数", "缺少")


def _doctor_table(r) -> list[str]:
    """One line per screen: what an operator needs to see on a new store."""
    lines = [f"{r.store}:", "  " + " | ".join(HEAD)]
    for s in r.details.get("screens", []):
        lines.append(
            "  "
            + " | ".join(
                (
                    s.get("title") or s["screen"],
                    _safe(s["url"]),
                    "见到" if s["seen"] else "未见",
                    "成功" if s["parsed"] else "失败",
                    str(s["rows"]),
                    _safe(s["missing"]) or "-",
                )
            )
        )
    if r.details.get("capture"):
        lines.append(f"  已保存: {r.details['capture']}")
    if r.error:
        lines.append(f"  停止: {_safe(r.error)}")
    return lines


async def _examine(args, routine: str) -> int:
    results = await _app(args).run(routine, args.store, headed=args.headed)
    status = _worst(results)
    if args.json:
        emit({"status": status, "results": [r.model_dump() for r in results]}, True)
    else:
        for r in results:
            print("\n".join(_doctor_table(r)))
    bad = any(not s["parsed"] for r in results for s in r.details.get("screens", []))
    return EXIT[status] if status != "ok" else (EXIT["failed"] if bad else 0)


async def cmd_doctor(args) -> int:
    return await _examine(args, "doctor")


async def cmd_capture(args) -> int:
    return await _examine(args, "capture")


async def cmd_runs(args) -> int:
    if not 1 <= args.limit <= 10_000:
        raise ConfigError(f"--limit must be between 1 and 10000, got {args.limit}")
    app = _app(args)
    runs, tz = app.runs(args.limit), app.settings.tz
    if args.json:
        emit({"runs": runs}, True)
    else:
        for r in runs:
            where = f" on {r['worker']}" if r.get("worker") else ""
            print(
                f"#{r['id']} {local_time(r['started_at'], tz, seconds=True)} {r['store']} {r['routine']} {r['status']}{where} "
                f"{r.get('duration_s', '-')}s {r['counts']}" + (f" — {r['error']}" if r["error"] else "")
            )
    return 0


async def cmd_fleet(args) -> int:
    app = _app(args)
    settings = app.settings
    if settings.fleet is None:
        raise ConfigError(
            'no [fleet] table in the config: add one with broker = "redis://host:6379/0" and give each store a worker'
        )
    if args.fleet_cmd == "status":
        from ..fleet.status import fleet_status, render

        st = await asyncio.to_thread(fleet_status, settings)
        if args.json:
            emit(st, True)
        else:
            print(render(st))
        return 0
    if args.fleet_cmd == "beat":
        from ..fleet.worker import run_beat

        return run_beat(settings)
    if not 1 <= args.concurrency <= 32:
        raise ConfigError(f"--concurrency must be 1 to 32 browsers, got {args.concurrency}")
    from ..fleet.worker import run_worker

    return run_worker(settings, args.name, args.concurrency)


async def cmd_report(args) -> int:
    out = Path(args.out) if args.out else None
    if out is not None and not out.is_file():  # a file in the way is said where the folder is made
        import os

        where = out if out.exists() else next((p for p in out.parents if p.exists()), Path("."))
        if not where.is_dir() or not os.access(where, os.W_OK | os.X_OK) or str(out.resolve()).startswith("/proc"):
            raise ConfigError(f"--out {out}: the reports cannot be written there; choose a folder you can write to")
    app = _app(args)
    results = await app.report(args.kind, args.store, out)
    emit({"reports": results}, args.json)
    if not args.json:
        for r in results:
            print(f"{r['store']}: {r['html']}\n{' ' * len(r['store'])}  {r['xlsx']}")
    return 0


async def cmd_schedule(args) -> int:
    from ..scheduler import run_schedule

    status = await run_schedule(
        _app(args), once=args.once, say=lambda lines: print(_safe("\n".join(lines)), flush=True)
    )
    return 0 if status == "ok" else 1


async def cmd_ui(args) -> int:
    import ipaddress
    import os

    if not 1 <= args.port <= 65535:
        raise ConfigError(f"--port must be between 1 and 65535, got {args.port}")
    try:
        addrs = {str(a[4][0]) for a in socket.getaddrinfo(args.host, args.port, type=socket.SOCK_STREAM)}
    except (socket.gaierror, UnicodeError):
        raise ConfigError(f"--host {args.host!r} is not an address of this machine; leave it at 127.0.0.1") from None
    remote = any(not ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addrs)
    tls = None
    if remote and not args.allow_remote:
        raise ConfigError(
            f"--host {args.host} is reachable from other machines; the review page approves writes to the "
            "store, so it stays on 127.0.0.1 unless you add --allow-remote with --tls-cert and --tls-key"
        )
    if args.allow_remote or args.tls_cert or args.tls_key:
        if not (args.tls_cert and args.tls_key):
            raise ConfigError("--allow-remote needs --tls-cert and --tls-key (the page must not travel in plain HTTP)")
        for opt, path in (("--tls-cert", args.tls_cert), ("--tls-key", args.tls_key)):
            if not Path(path).is_file():
                raise ConfigError(f"{opt} {path}: no such file")
        tls = (args.tls_cert, args.tls_key)
    token = os.environ.get("AGENT_UI_TOKEN")
    if args.token_file:
        try:
            token = Path(args.token_file).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as e:
            raise ConfigError(f"--token-file {args.token_file}: cannot read it ({type(e).__name__})") from None
    if token is not None and (len(token) < 16 or not token.isascii() or not token.isprintable()):
        raise ConfigError(
            "the access token must be at least 16 printable ASCII characters (or leave it out to get a random one)"
        )
    from ..ui.server import serve

    await serve(_app(args), args.host, args.port, token, tls)
    return 0


async def cmd_rank(args) -> int:
    from ..routines.rankings import read_keywords_file

    if not 1 <= args.pages <= 100:
        raise ConfigError(f"--pages must be between 1 and 100 (the site shows 100 pages at most), got {args.pages}")
    country = (args.country or "").upper()
    if args.country is not None and not COUNTRY.match(country):
        raise ConfigError(f"--country must be a two-letter country code such as US or DE, got {args.country!r}")
    if any(not k.strip() for k in args.keyword):
        raise ConfigError("--keyword must not be empty")
    if any(len(k) > 200 for k in args.keyword):
        raise ConfigError("--keyword has at most 200 characters (a buyer's search); shorten it")
    keywords = [k.strip() for k in args.keyword]
    if args.keywords_file:
        keywords += read_keywords_file(args.keywords_file)
    app = _app(args)
    out = await app.rank(keywords, args.pages, args.store, country)
    stop = out.pop("stop", None)
    emit(out, args.json)
    zh = app.settings.lang == "zh"
    if not args.json:
        print(_rank_table(out["table"], args.pages, app.settings.lang))
        for a in out["alerts"]:
            print(_safe(("排名下降：" if zh else "ALERT ") + a["message"]))
        for d in out["double_ranking"]:
            said = (
                f"双排名：「{d['keyword']}」第 {d['page']} 页上同一产品既有自然又有付费排名（{d['product_id']}）：调整推广计划"
                if zh
                else f"double ranking: {d['product_id']} organic and paid on page {d['page']} for '{d['keyword']}': move the ad plan"
            )
            print(_safe(said))
        if out["chart"]:
            print(f"{'走势图' if zh else 'chart'}: {out['chart']}")
        for f in out["failed"]:
            print(_safe(f"未能检查「{f['keyword']}」（其余关键词已保存）：{f['error']}"), file=sys.stderr)
    if stop is not None:
        raise stop  # a slider on the buyer pages: what was read is kept; a person is needed (exit 3)
    return 1 if out["failed"] else 0


RANK_HEAD = {
    "zh": ("关键词", "自然", "付费", "变化", "产品"),
    "en": ("keyword", "organic", "paid", "change", "product"),
}


def _rank_table(rows: list[dict], pages: int, lang: str = "zh") -> str:
    """keyword → best organic and paid rank, change since the last check, the product's title; a
    summary. Columns are measured in terminal cells (a Chinese character takes two)."""
    from rich.cells import cell_len, set_cell_size

    def cell(x) -> str:
        return "-" if x is None else str(x)

    def change(x) -> str:
        return "" if x is None else ("=" if x == 0 else f"↑{x}" if x > 0 else f"↓{-x}")

    def right(text: str, n: int) -> str:
        return " " * max(0, n - cell_len(text)) + text

    zh = lang == "zh"
    head = RANK_HEAD["zh" if zh else "en"]
    width = max([cell_len(r["keyword"]) for r in rows] + [cell_len(head[0])])
    widths = [max(cell_len(h), 7) for h in head[1:4]]
    lines = [
        "  ".join(
            [set_cell_size(head[0], width), *(right(h, w) for h, w in zip(head[1:4], widths, strict=True)), head[4]]
        )
    ]
    missing = f"前 {pages} 页未找到" if zh else f"not within {pages} pages"
    for r in rows:
        cols = (cell(r["organic"]), cell(r["paid"]), change(r["change"]))
        what = r["title"] or r["product_id"] or missing
        lines.append(
            _safe(
                "  ".join(
                    [
                        set_cell_size(r["keyword"], width),
                        *(right(c, w) for c, w in zip(cols, widths, strict=True)),
                        what[:60],
                    ]
                )
            )
        )
    found = sum(1 for r in rows if r["organic"] is not None)
    paid = sum(1 for r in rows if r["paid"] is not None)
    none = sum(1 for r in rows if r["organic"] is None and r["paid"] is None)
    lines.append(
        f"共 {len(rows)} 个关键词：{found} 个有自然排名，{paid} 个有广告，{none} 个在前 {pages} 页未找到"
        if zh
        else f"{len(rows)} keyword{'' if len(rows) == 1 else 's'}: {found} with an organic rank, {paid} with an ad, "
        f"{none} not found within {pages} pages"
    )
    return "\n".join(lines)


async def cmd_demo(args) -> int:
    if not 0 <= args.port <= 65535:
        raise ConfigError(f"--port must be between 0 and 65535, got {args.port}")
    if not 10 <= args.products <= 50000:
        raise ConfigError(f"--products must be between 10 and 50000, got {args.products}")
    from ..demo import run_demo

    return 0 if await run_demo(args.port, args.products, args.quiet) == "ok" else 1


# ---- queue ---------------------------------------------------------------------------------------
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _safe(text: str) -> str:
    """Text from the site or a person, made harmless for a terminal: control characters (escape
    sequences included) are shown as \\xNN instead of being obeyed."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", str(text))


def _line(s: Queued) -> str:
    """One suggestion as a person reads it: what it changes (by name), before → after, why."""
    what, before, after = s.describe()
    return _safe(f"#{s.id:<4} {s.state:<9} {s.store:<10} {s.kind:<18} {what}: {before} → {after}  — {s.rationale[:70]}")


async def cmd_queue(args) -> int:
    app = _app(args)
    if args.qcmd == "apply":
        return await _apply(args, app)
    from ..queue.store import who

    q = app.queue
    if args.qcmd == "list":
        from ..queue.store import STATES

        if args.state and args.state not in STATES:
            raise ConfigError(f"--state must be one of {', '.join(STATES)}, got {args.state!r}")
        from ..edits import kinds

        if args.kind and args.kind not in kinds():
            raise ConfigError(f"--kind must be one of {', '.join(kinds())}, got {args.kind!r}")
        from ..queue.todo import ranked

        rows = q.list(args.state, args.store, args.kind)
        scored = ranked(rows) if args.sort == "todo" else [(s, None) for s in rows]
        emit(
            {
                "suggestions": [
                    {**s.as_dict(), **({"urgency": u.score, "urgency_reason": u.zh} if u else {})} for s, u in scored
                ]
            },
            args.json,
        )
        if not args.json:
            for s, u in scored:
                print(_line(s) + (_safe(f"\n        ⏱ {u.zh}") if u and u.zh else ""))
            print(
                f"{len(rows)} suggestions"
                + ("，按轻重缓急排列（--sort newest：最新在前）" if rows and args.sort == "todo" else "")
            )
    elif args.qcmd == "show":
        s, audit = q.get(args.id), q.audit_for(args.id)
        shown = s.as_dict()
        emit({**shown, "audit": audit}, args.json)
        if not args.json:
            print(_line(s))
            for k in (
                "version",
                "rationale",
                "evidence",
                "precondition",
                "value",
                "approved_by",
                "approved_at",
                "approved_version",
            ):
                print(_safe(f"  {k}: {shown[k]}"))
            for a in audit:
                print(_safe(f"  {a['at']:%Y-%m-%d %H:%M:%S} {a['actor']} {a['action']} {a['note'] or ''}"))
    elif args.qcmd == "approve":
        versions = {sid: v for sid, v in args.ids if v is not None}
        done = q.approve([sid for sid, _ in args.ids], who(args.by), versions)
        for sid in done:
            s = q.get(sid)
            what, before, after = s.describe()
            print(_safe(f"approved #{sid} version {s.approved_version}: {what}: {before} → {after}"))
        return 0
    elif args.qcmd in ("reject", "retry", "pause", "resume", "revoke"):
        done = getattr(q, args.qcmd)(args.ids, who(args.by))
        verb = {
            "reject": "rejected",
            "retry": "back to approved",
            "pause": "paused",
            "resume": "in force again",
            "revoke": "revoked",
        }[args.qcmd]
        print(f"{verb}: {', '.join(f'#{i}' for i in done)}")
    elif args.qcmd == "edit":
        q.edit(args.id, args.value, who(args.by))
        s = q.get(args.id)
        _, before, after = s.describe()
        print(_safe(f"#{args.id} is now: {after} (version {s.version}; approve it again if it was approved)"))
    return 0


async def _apply(args, app: App) -> int:
    if not 0 <= args.wait <= 86400:
        raise ConfigError(f"--wait must be between 0 and 86400 seconds, got {args.wait:g}")
    results = await app.apply(args.store, args.by, headed=args.headed, stepper=_stepper(args.step), wait=args.wait)
    status = _worst(results)
    emit({"status": status, "results": [r.model_dump() for r in results]}, args.json)
    if not args.json:
        for r in results:
            print(_result_line(app, r))
        if not results:
            print("没有已批准待写入的修改" if app.settings.lang == "zh" else "nothing approved to apply")
    return EXIT[status]


from ._notify import cmd_notify  # noqa: E402  (dispatched by name like the rest)
from ._stores import cmd_login, cmd_status  # noqa: E402

__all__ = ["cmd_login", "cmd_notify", "cmd_status"]
