"""`notify test`: a test message to each `[[notify]]` channel, and whether it arrived."""

from __future__ import annotations


async def cmd_notify(args) -> int:
    from ._commands import _app, emit

    app = _app(args)
    got = await app.notify_test(args.channel)
    emit({"channels": got}, args.json)
    if not args.json:
        zh = app.settings.lang == "zh"
        for g in got:
            if g["arrived"]:
                print(f"✓ {g['channel']}：测试消息已送达" if zh else f"✓ {g['channel']}: the test message arrived")
            else:
                print(
                    f"✗ {g['channel']}：没有送达（{g['error']}）"
                    if zh
                    else f"✗ {g['channel']}: not delivered ({g['error']})"
                )
    return 0 if all(g["arrived"] for g in got) else 1
