"""`login` and `status`: a store's own browser signed in once, and each store's login health."""

from __future__ import annotations

import os

from .._time import local_time
from ..health import COLUMNS, MODES
from ._errors import EXIT


async def cmd_login(args) -> int:
    from ._commands import _app, _result_line, emit

    app = _app(args)
    st = app.settings.store(args.store)
    lang = app.settings.lang
    if st.browser_mode == "profile" and not os.environ.get("DISPLAY") and not st.totp_secret():
        print(
            "注意：本机没有显示器，店铺浏览器开在虚拟屏幕上，人看不到窗口；需要扫码或输入邮件验证码时，"
            "请在有桌面的电脑上运行 login（或用 VNC / ssh -X）"
            if lang == "zh"
            else "note: this machine has no display; the store's browser opens on a virtual screen nobody sees. "
            "For a QR scan or an e-mailed code, run login on a machine with a desktop (or over VNC / ssh -X)"
        )
    if args.worker:  # the login run names this machine: the fleet then lets it stand in for the store
        if args.worker not in (st.worker, st.standby):
            from ..errors import ConfigError

            raise ConfigError(
                f"--worker {args.worker!r}: store {st.name!r} runs on {st.worker or '-'} with standby "
                f"{st.standby or '-'}; sign it in on one of those machines"
            )
        from ..storage import db

        db.RUNS_ON = args.worker
    r = await app.login(st.name)
    emit(r.model_dump(), args.json)
    if not args.json:
        health = (r.details or {}).get("login", {})
        tz = app.settings.tz
        mode = MODES[st.browser_mode][lang]
        if r.status == "ok":
            until = local_time(health.get("expires"), tz)
            if lang == "zh":
                print(
                    f"{st.name}：已登录（{mode}）。"
                    + (f"会话预计持续到 {until}（店铺时区）" if until else "会话有效期未知")
                )
                print("之后的定时任务会沿用这次登录，不会再输入验证码。")
            else:
                print(f"{st.name}: signed in ({mode}). " + (f"The session should last until {until}" if until else ""))
        else:
            print(_result_line(app, r))
    return EXIT[r.status]


async def cmd_status(args) -> int:
    from ._commands import _app, emit

    app = _app(args)
    rows = app.health(args.store)
    if args.json:
        emit({"stores": [h.as_dict() for h in rows]}, True)
        return EXIT["needs_human"] if any(h.needs_person for h in rows) else 0
    lang, tz = app.settings.lang, app.settings.tz
    print(" | ".join(COLUMNS[lang]))
    for h in rows:
        print(" | ".join(h.cells(lang, tz)))
    flagged = [h.store for h in rows if h.needs_person]
    if flagged:
        print(
            f"需要有人登录：{'、'.join(flagged)}（storeagent login --store 店铺名）"
            if lang == "zh"
            else f"a person must sign in: {', '.join(flagged)} (storeagent login --store NAME)"
        )
    return EXIT["needs_human"] if flagged else 0
