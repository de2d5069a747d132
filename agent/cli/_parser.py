"""The command line's grammar. Imports nothing heavy: `--help` answers at once."""

from __future__ import annotations

import argparse

from .. import sites
from ..errors import ConfigError
from ..routines import ROUTINES


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise ConfigError(f"{self.prog}: {message} (see --help)")


ID_MAX = 2**31 - 1  # a suggestion's number fits the database's integer


def _id(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) <= ID_MAX:
        raise argparse.ArgumentTypeError(f"{text!r} is not a suggestion number (1 to {ID_MAX})")
    return int(text)


def _id_at_version(text: str) -> tuple[int, int | None]:
    sid, at, ver = text.partition("@")
    if not sid.isdigit() or (at and not ver.isdigit()):
        raise argparse.ArgumentTypeError(f"{text!r} is not ID or ID@VERSION, e.g. 12 or 12@3")
    if not 0 < int(sid) <= ID_MAX or (at and int(ver) > ID_MAX):
        raise argparse.ArgumentTypeError(f"{text!r}: a suggestion number is 1 to {ID_MAX}")
    return int(sid), (int(ver) if at else None)


def build_parser() -> argparse.ArgumentParser:
    shops = " and ".join(sites.get(s).label["en"] for s in sites.SITES)
    p = _Parser(prog="storeagent", description=f"Seller back-office agent for {shops} stores.")
    p.add_argument("--config", dest="top_config", help="config file, before the command or after it")
    sub = p.add_subparsers(dest="cmd", required=True, parser_class=_Parser)
    common = _Parser(add_help=False)
    common.add_argument("--config", help="config file (default config/agent.toml or $AGENT_CONFIG)")
    common.add_argument("--quiet", action="store_true", help="warnings only on the console (for cron)")

    r = sub.add_parser("run", parents=[common], help="run a routine for one store or all stores")
    r.add_argument(
        "routine",
        choices=sorted(ROUTINES),
        metavar="ROUTINE",
        help="; ".join(f"{n} ({'/'.join(s)})" for n, s in sorted(ROUTINES.items())),
    )
    r.add_argument("--store", help="store name (default: every configured store)")
    r.add_argument("--headed", action="store_true", help="supervised: visible browser, a person handles challenges")
    r.add_argument("--json", action="store_true", help="print one JSON object")
    r.add_argument("--step", action="store_true", help="step-through: ask before each navigation or write")

    q = sub.add_parser("queue", parents=[common], help="the queue of suggested edits")
    qs = q.add_subparsers(dest="qcmd", required=True, parser_class=_Parser)
    # `queue list --config F` as well as `queue --config F list`: unset here, the queue's value stands
    after = _Parser(add_help=False)
    after.add_argument("--config", default=argparse.SUPPRESS, help="config file")
    after.add_argument("--quiet", action="store_true", default=argparse.SUPPRESS, help="warnings only")
    ql = qs.add_parser("list", parents=[after], help="list suggestions")
    ql.add_argument("--state")
    ql.add_argument("--store")
    ql.add_argument("--kind")
    ql.add_argument(
        "--sort", choices=("todo", "newest"), default="todo", help="todo: most urgent first (default); newest first"
    )
    ql.add_argument("--json", action="store_true")
    qw = qs.add_parser("show", parents=[after], help="one suggestion with its evidence and audit log")
    qw.add_argument("id", type=_id)
    qw.add_argument("--json", action="store_true")
    for name, verb in (
        ("approve", "approve proposed"),
        ("reject", "reject proposed, approved or failed"),
        ("retry", "send failed edits back to approved; the next apply tries them again"),
        ("pause", "pause a standing plan (a re-publish plan): nothing is written until resumed"),
        ("resume", "put a paused standing plan back in force"),
        ("revoke", "end a standing plan for good"),
    ):
        qa = qs.add_parser(name, parents=[after], help=f"{verb} suggestions" if name in ("approve", "reject") else verb)
        if name == "approve":
            qa.add_argument(
                "ids",
                type=_id_at_version,
                nargs="+",
                metavar="ID[@VERSION]",
                help="ID@VERSION approves only the version you saw ('queue show ID' prints it)",
            )
        else:
            qa.add_argument("ids", type=_id, nargs="+")
        qa.add_argument("--by", help="who decides (default: the login name)")
    qe = qs.add_parser("edit", parents=[after], help="change the value of a proposed suggestion before approving it")
    qe.add_argument("id", type=_id)
    qe.add_argument("--value", required=True)
    qe.add_argument("--by")
    qp = qs.add_parser("apply", parents=[after], help="apply approved suggestions, verified on the screen")
    qp.add_argument("--store")
    qp.add_argument("--json", action="store_true")
    qp.add_argument("--step", action="store_true", help="ask before each navigation or write")
    qp.add_argument("--headed", action="store_true")
    qp.add_argument("--by", help="who applies (default: the login name)")
    qp.add_argument(
        "--wait",
        type=float,
        default=300.0,
        help="seconds to wait while another apply for the same store runs (default 300)",
    )

    u = sub.add_parser("ui", parents=[common], help="local review page for the queue")
    u.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1; others need --allow-remote)")
    u.add_argument("--port", type=int, default=8780, help="port (default 8780)")
    u.add_argument(
        "--token-file", help="file holding the access token (or $AGENT_UI_TOKEN; default: a new random one, printed)"
    )
    u.add_argument(
        "--allow-remote",
        action="store_true",
        help="bind an address other machines reach (needs --tls-cert and --tls-key)",
    )
    u.add_argument("--tls-cert", help="TLS certificate file (PEM)")
    u.add_argument("--tls-key", help="TLS private key file (PEM)")

    k = sub.add_parser("rank", parents=[common], help="ranking snapshot of own products for keywords")
    k.add_argument("--keyword", action="append", default=[], help="keyword (repeatable)")
    k.add_argument("--keywords-file", help="file with one keyword per line")
    k.add_argument("--pages", type=int, default=5, help="result pages to check per keyword, 1-100 (default 5)")
    k.add_argument("--store", help="store name (default: the first store)")
    k.add_argument("--country", help="buyer country code for the incognito context, e.g. US")
    k.add_argument("--json", action="store_true", help="print one JSON object")

    rp = sub.add_parser("report", parents=[common], help="write a report (HTML and Excel)")
    rp.add_argument("kind", choices=["daily", "weekly", "monthly"])
    rp.add_argument("--out", help="output folder (default <data_dir>/reports)")
    rp.add_argument("--store", help="store name (default: every configured store)")
    rp.add_argument("--json", action="store_true")

    sc = sub.add_parser("schedule", parents=[common], help="run routines on their cron schedule")
    sc.add_argument("--once", action="store_true", help="run what is due now and exit")

    h = sub.add_parser("runs", parents=[common], help="list past runs")
    h.add_argument("--json", action="store_true")
    h.add_argument("--limit", type=int, default=20)

    for name, what in (
        ("doctor", "open each screen on the site (read-only, paced) and say what works"),
        ("capture", "save each screen's own answers, secrets and personal fields replaced, for a bug report"),
    ):
        c = sub.add_parser(name, parents=[common], help=what)
        c.add_argument("--store", help="store name (default: every configured store)")
        c.add_argument("--headed", action="store_true", help="visible browser; a person handles a slider or a code")
        c.add_argument("--json", action="store_true", help="print one JSON object")

    lg = sub.add_parser(
        "login", parents=[common], help="sign a store in once in its own browser (a person at the window)"
    )
    lg.add_argument("--store", help="store name (required when several are configured)")
    lg.add_argument(
        "--worker", help="fleet: the name of this machine, when signing the store in on its standby machine"
    )
    lg.add_argument("--json", action="store_true", help="print one JSON object")
    st = sub.add_parser("status", parents=[common], help="each store's login health: signed in, expiry, last run")
    st.add_argument("--store", help="store name (default: every configured store)")
    st.add_argument("--json", action="store_true", help="print one JSON object")

    nt = sub.add_parser("notify", parents=[common], help="notification channels ([[notify]])")
    ns = nt.add_subparsers(dest="notify_cmd", required=True, parser_class=_Parser)
    ntt = ns.add_parser("test", parents=[common], help="send a test message to each channel and say whether it arrived")
    ntt.add_argument("--channel", help="one channel by its name (default: every channel)")
    ntt.add_argument("--json", action="store_true", help="print one JSON object")

    fl = sub.add_parser("fleet", parents=[common], help="many stores across machines (Celery + Redis + PostgreSQL)")
    fs = fl.add_subparsers(dest="fleet_cmd", required=True, parser_class=_Parser)
    fw = fs.add_parser("worker", parents=[common], help="serve this machine's stores (their queues only)")
    fw.add_argument(
        "--name", required=True, help="this machine's name in the fleet (the stores' `worker` or `standby`)"
    )
    fw.add_argument("--concurrency", type=int, default=2, help="browsers this machine runs at once (default 2)")
    fs.add_parser("beat", parents=[common], help="publish every store's timetable (one beat in the whole fleet)")
    fst = fs.add_parser(
        "status", parents=[common], help="workers, stores, queue depth, last and next runs, failures, alerts"
    )
    fst.add_argument("--json", action="store_true")

    d = sub.add_parser("demo", parents=[common], help="start the sandbox and run the daily routines against it")
    d.add_argument("--port", type=int, default=0, help="sandbox port (default: any free port)")
    d.add_argument("--products", type=int, default=500, help="sandbox products (default 500)")
    return p
