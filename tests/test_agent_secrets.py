"""No password, session cookie or CSRF token in logs, traces, reports or file names."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from .conftest import config_toml
from .test_agent_config import agent


def _config(sb) -> str:
    return config_toml(sb, traces="on-failure")


def _scan(root: Path, needles: list[str]) -> list[str]:
    hits = []
    for p in root.rglob("*"):
        for n in needles:
            if n in p.name:
                hits.append(f"name {p}")
        if not p.is_file():
            continue
        blobs = [(str(p), p.read_bytes())]
        if p.suffix == ".zip":
            with zipfile.ZipFile(p) as z:
                blobs = [(f"{p}!{i}", z.read(i)) for i in z.namelist()]
        for where, data in blobs:
            for n in needles:
                if n.encode() in data:
                    hits.append(f"{where} contains {n[:3]}…")
    return hits


def test_no_secret_in_logs_traces_or_file_names(make_sandbox, tmp_path):
    password = "S3cret-Pa55word-xyz"
    sb = make_sandbox(products=60, password=password)
    env = {"SHOP_PASSWORD": password}
    ok = agent(tmp_path, "run", "metrics", "--json", env=env, config=_config(sb))
    assert ok.returncode == 0, ok.stderr
    sb.configure(variant={"screen": "inquiries", "on": True})  # a failing run keeps its trace
    bad = agent(tmp_path, "run", "inquiries", "--json", env=env, config=_config(sb))
    res = json.loads(bad.stdout)
    assert bad.returncode == 1 and res["status"] == "failed" and res["traces"]
    # the default trace: the actions (with their call log) and the console, no DOM snapshots; the
    # last screen's page and the last answers of the pages' calls are kept beside the screenshot
    with zipfile.ZipFile(res["traces"][0]) as z:
        events = z.read("trace.trace").decode()
    assert '"method":"goto"' in events and "feedback/all" in events and '"frame-snapshot"' not in events
    page = Path(res["details"]["page"])
    assert page.suffix == ".html" and page.parent.name == "screenshots" and "</html>" in page.read_text()
    sb.configure(variant={"screen": "inquiries", "on": False})
    sb.challenge()
    hum = agent(tmp_path, "run", "keepalive", "--json", env=env, config=_config(sb))
    assert hum.returncode == 3 and json.loads(hum.stdout)["status"] == "needs_human"

    state = json.loads(next((tmp_path / "state").glob("*.json")).read_text())
    cookies = [c["value"] for c in state["cookies"]]
    assert cookies, "the saved login state holds the session cookie"
    assert oct((next((tmp_path / "state").glob("*.json"))).stat().st_mode & 0o777) == "0o600"
    data = tmp_path / "data"
    assert list((data / "traces").glob("*.zip")) and list((data / "logs").glob("*.jsonl"))
    assert "数据采集：完成" in (data / "logs" / "agent.jsonl").read_text()  # the run's closing line
    tokens = [x[k] for x in sb.state()["sessions"] for k in ("csrf", "ctoken", "tb_token")]
    assert tokens  # XSRF-TOKEN (also the pages' _csrf_token_), ctoken (inside xman_us_t), _tb_token_
    needles = [password, *cookies, *tokens]
    assert _scan(data, needles) == []
    for out in (ok, bad, hum):
        assert not any(n in out.stdout + out.stderr for n in needles)


HARD = 'Tr0 ub4&"%+\\é-x9'  # & " % + \ é and a space: every encoding differs from the raw text


def test_no_form_of_a_hard_password_in_any_kept_file_or_output(make_sandbox, tmp_path):
    """A failed run after a login, a wrong password and a failed `fill` each keep a trace and an
    error; none of them holds the password in any encoding (raw, URL, JSON, HTML)."""
    from agent._redact import forms

    sb = make_sandbox(products=40, password=HARD)
    cfg = config_toml(sb, traces="on-failure", nav_timeout=2)
    state = tmp_path / "state"

    sb.configure(variant={"screen": "inquiries", "on": True})  # 1. logged in, then the screen fails
    bad = agent(tmp_path, "run", "inquiries", "--json", env={"SHOP_PASSWORD": HARD}, config=cfg)
    assert bad.returncode == 1 and json.loads(bad.stdout)["traces"], bad.stderr
    sb.configure(variant={"screen": "inquiries", "on": False})

    wrong = HARD[::-1]  # 2. a wrong password
    for f in state.glob("*.json"):
        f.unlink()
    w = agent(tmp_path, "run", "inquiries", "--json", env={"SHOP_PASSWORD": wrong}, config=cfg)
    res = json.loads(w.stdout)
    assert w.returncode == 1 and res["error_type"] == "LoginFailed" and res["traces"], w.stdout

    sb.configure(login_readonly=True)  # 3. the password box takes no input
    for f in state.glob("*.json"):
        f.unlink()
    fl = agent(tmp_path, "run", "inquiries", "--json", env={"SHOP_PASSWORD": HARD}, config=cfg)
    res = json.loads(fl.stdout)
    assert fl.returncode == 1 and "fill(" in res["error"] and "***" in res["error"], res["error"]
    runs = agent(tmp_path, "runs", "--json", env={"SHOP_PASSWORD": HARD}, config=cfg)
    runs_text = agent(tmp_path, "runs", env={"SHOP_PASSWORD": HARD}, config=cfg)

    needles = sorted(forms(HARD) | forms(wrong))
    assert len(list((tmp_path / "data" / "traces").glob("*.zip"))) == 3
    assert _scan(tmp_path / "data", needles) == [] and _scan(state, needles) == []
    for out in (bad, w, fl, runs, runs_text):
        assert not any(n in out.stdout + out.stderr for n in needles)
