"""Command line: storeagent run|queue|rank|report|schedule|runs|ui|demo. The only place that
starts the event loop, prints, and turns outcomes into exit codes.

Every bad input ends in one line on stderr and exit code 2; routine outcomes map to exit codes
0 (ok), 1 (failed), 3 (needs_human), 4 (stopped) and 6 (partial: some screen
could not be read, the rest was); see `_errors.py` for the whole table."""

from __future__ import annotations

import json
import sys

from ..errors import AgentError
from ._errors import EXIT, describe, describe_failure

__all__ = ["EXIT", "main"]


def _new_data_folder(args) -> None:
    """The data folder in use, said once: when this command made it."""
    settings = sys.modules.get("agent.settings")
    if settings is None or getattr(args, "quiet", False):
        return
    for p in sorted(settings.NEW_DATA_DIRS):
        if p.is_dir():
            sys.stderr.write(f"新建数据目录 · new data folder: {p.resolve()}\n")


def main(argv: list[str] | None = None) -> int:
    import os

    os.umask(0o077)  # the agent's files (data, logs, traces, screenshots, state) are the user's alone
    argv = sys.argv[1:] if argv is None else argv
    from ._parser import build_parser

    try:
        args = build_parser().parse_args(argv)
        import asyncio

        from . import _commands

        code = asyncio.run(getattr(_commands, f"cmd_{args.cmd}")(args))
        _new_data_folder(args)
        return code
    except AgentError as e:
        code, words = describe(e)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
    except Exception as e:  # the machine, not the input: disk full, database locked, a bug
        code, words = describe_failure(e)
    from .._redact import redact

    words = redact(words)
    sys.stderr.write(f"error: {words}\n")
    if "--json" in argv:
        sys.stdout.write(json.dumps({"status": "failed", "error": words, "exit_code": code}, ensure_ascii=False) + "\n")
    return code
