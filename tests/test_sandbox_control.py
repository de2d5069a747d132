"""The sandbox's control endpoint: its token in a header, JSON bodies with typed values, a random
token when none is given."""

from __future__ import annotations


def test_sandbox_control_wants_its_token_in_a_header_json_bodies_and_typed_values(fresh_sandbox):
    import httpx

    sb = fresh_sandbox
    base, hdr = sb.url + "/__sandbox__", {"X-Sandbox-Token": sb.token}
    assert httpx.get(f"{base}/state?token={sb.token}").status_code == 403  # header only
    assert httpx.get(f"{base}/state", headers={"X-Sandbox-Token": ("é" * 20).encode()}).status_code == 403
    pid = sb.state()["products"][0]["id"]
    body = {"entity": "product", "id": pid, "field": "zero_days", "value": 5}
    assert httpx.post(f"{base}/set", headers=hdr, data={"entity": "product"}).status_code == 415  # a form, not JSON
    assert httpx.post(f"{base}/set", headers=hdr, json={**body, "value": "five"}).status_code == 400
    assert httpx.post(f"{base}/set", headers=hdr, json={**body, "field": "showcase", "value": 1}).status_code == 400
    assert httpx.post(f"{base}/set", headers=hdr, json=body).status_code == 200
    assert next(p for p in sb.state()["products"] if p["id"] == pid)["zero_days"] == 5


def test_sandbox_picks_a_random_control_token_when_given_none():
    import os
    import subprocess
    import sys

    from .test_agent_config import ROOT

    e = {k: v for k, v in os.environ.items() if not k.startswith("SANDBOX_")}
    e.update({"PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"})
    tokens = []
    for _ in range(2):
        p = subprocess.Popen(
            [sys.executable, "-m", "sandbox", "serve", "--port=0", "--products=10"],
            env=e,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            line = p.stdout.readline()
            assert "control token" in line, line
            tokens.append(line.rsplit(" ", 1)[1].strip())
        finally:
            p.terminate()
            p.wait(10)
    assert tokens[0] != tokens[1] and len(tokens[0]) >= 24
