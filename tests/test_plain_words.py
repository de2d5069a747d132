"""What the terminal says, in the operator's words: every run ends with how it went and what it
read, found and changed (no Python dicts); `schedule --once` says what it ran and what runs next, in
the store's time zone."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from agent import sites

from .conftest import config_toml
from .test_agent_config import agent

LABEL = 'label = "国际站主店"\n'


def _config(sb, schedule: dict[str, str]) -> str:
    off = {k: "[]" for k in sites.get("alibaba").schedule}
    table = "[schedule]\n" + "".join(f"{k!r} = {v}\n".replace("'", '"') for k, v in {**off, **schedule}.items())
    return config_toml(sb) + LABEL + table


def test_a_run_ends_in_plain_words_with_the_sandboxs_numbers(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    r = agent(tmp_path, "run", "inquiries", env={"SHOP_PASSWORD": sb.password}, config=config_toml(sb) + LABEL)
    assert r.returncode == 0, r.stderr[-800:]
    st = sb.state()
    inq = [q for q in st["inquiries"] if q["type"] == "inquiry"]
    lines = r.stdout.splitlines()
    assert lines[0] == "国际站主店 · 询盘：完成"
    assert lines[1].strip().split("，")[:3] == [
        f"{len(inq)} 个询盘",
        f"{len(st['inquiries']) - len(inq)} 条 TM 消息",
        f"{sum(not q['replied'] for q in st['inquiries'])} 个未回复",
    ]
    assert "登录 1 次" in lines[1]
    assert not re.search(r"[{}'_]", r.stdout), r.stdout  # no dict, no key
    assert "{'" not in r.stderr and "finished:" not in r.stderr  # the log's closing line says the same words


def test_schedule_once_says_what_it_ran_and_what_runs_next_in_the_stores_zone(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    env = {"SHOP_PASSWORD": sb.password}
    r = agent(tmp_path, "schedule", "--once", env=env, config=_config(sb, {"keepalive": '["* * * * *"]'}))
    assert r.returncode == 0, r.stderr[-800:]
    lines = r.stdout.splitlines()
    assert lines[:2] == ["已运行：", "  国际站主店 · 保持活跃：完成"], lines
    assert lines[2] == "接下来（Asia/Shanghai 时间）："
    nxt = re.findall(r"(\d\d-\d\d \d\d:\d\d) 保持活跃", lines[3])
    assert lines[3].startswith("  国际站主店：") and len(nxt) == 4
    now = datetime.now(ZoneInfo("Asia/Shanghai"))
    near = {f"{now + timedelta(minutes=d):%m-%d %H:%M}" for d in (-1, 0, 1)}  # the run took seconds
    assert nxt[0] in near, (nxt, near)  # the store zone's next minute, not the machine's

    quiet = agent(tmp_path, "schedule", "--once", env=env, config=_config(sb, {"metrics": '["0 3 1 1 *"]'}))
    assert quiet.returncode == 0, quiet.stderr[-800:]
    out = quiet.stdout.splitlines()
    assert out[0] == "现在没有到时的任务。" and out[2].startswith("  国际站主店：01-01 03:00 数据采集"), out


def test_the_storeagent_command_is_installed_with_the_package(tmp_path):
    """No one types `.venv/bin/python -m agent`: the package installs `storeagent` beside its Python."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    exe = Path(sys.executable).parent / "storeagent"
    assert exe.is_file() and os.access(exe, os.X_OK)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGENT_")} | {"AGENT_DATA_DIR": str(tmp_path / "d")}
    r = subprocess.run([str(exe), "--help"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("usage: storeagent ")
    bad = subprocess.run([str(exe), "runs", "--limit", "0"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "--limit" in bad.stderr


def test_the_readme_is_short_and_every_file_the_docs_name_is_there():
    """README under 150 lines; the details in docs/; every picture, link and repository path they name exists."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    assert len((root / "README.md").read_text(encoding="utf-8").splitlines()) < 150
    for doc in [root / "README.md", *sorted((root / "docs").glob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        for link in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
            if not link.startswith("http"):
                assert (doc.parent / link).exists(), (doc.name, link)
        for path in re.findall(r"`((?:agent|sandbox|scripts|tests|benchmarks|config|docs)/[\w./-]+\.\w+)`", text):
            assert (root / path).exists(), (doc.name, path)
        assert "python -m agent" not in text, doc.name  # the command is storeagent
