"""Secrets never reach the log through a traceback: no sink prints local variables, every sink masks
the exception's text, and every secret the settings hold (passwords, the userinfo of a database,
broker or proxy URL) is masked from the start in every form it can take — raw, URL-encoded, JSON,
Python's repr."""

from __future__ import annotations

from pathlib import Path

from .test_agent_config import GOOD_STORE, agent

PG_PASSWORD = "Pg-p@ss'w\\rd-7731"  # a quote and a backslash: its repr differs from the raw text
PROXY_PASSWORD = "Pr0xy:s3cret/+x"
STORE_PASSWORD = "Sh0p'Pass\\word-55"


def _forms(secret: str) -> list[str]:
    from agent._redact import forms

    return sorted(forms(secret))


def _leaks(root: Path, secrets: list[str]) -> list[str]:
    hits = []
    for p in root.rglob("*"):
        if p.is_file():
            data = p.read_bytes().decode("utf-8", "replace")
            hits += [f"{p.name}: {f!r}" for s in secrets for f in _forms(s) if f in data]
    return hits


def test_a_traceback_with_a_password_in_its_locals_and_message_is_masked(tmp_path):
    from loguru import logger

    from agent import _logging, _redact

    _logging.setup(tmp_path / "data")
    _redact.register(STORE_PASSWORD)

    def login(password: str) -> None:
        settings = {"password": password, "url": f"postgresql://agent:{password}@db/agent"}  # noqa: F841
        raise RuntimeError(f"login failed with {settings!r}")

    try:
        login(STORE_PASSWORD)
    except RuntimeError:
        logger.exception("the login broke")
    text = (tmp_path / "data" / "logs" / "agent.jsonl").read_text(encoding="utf-8")
    assert "the login broke" in text and "RuntimeError" in text and "traceback" in text  # the story is kept
    assert _leaks(tmp_path / "data", [STORE_PASSWORD]) == []


def test_an_unreachable_database_does_not_write_its_password(tmp_path):
    url = "postgresql://agent:" + PG_PASSWORD.replace("@", "%40") + "@127.0.0.1:1/agent"
    r = agent(
        tmp_path,
        "runs",
        env={"SHOP_PASSWORD": "x"},
        config=f'database_url = "{url.replace(chr(92), chr(92) * 2)}"\n' + GOOD_STORE,
    )
    assert r.returncode != 0 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert not any(f in r.stderr + r.stdout for f in _forms(PG_PASSWORD))
    assert _leaks(tmp_path / "data", [PG_PASSWORD]) == []


def test_an_unreachable_buyer_proxy_does_not_write_its_password(tmp_path):
    from urllib.parse import quote

    proxy = f"http://buyer:{quote(PROXY_PASSWORD, safe='')}@127.0.0.1:1"
    cfg = f'nav_timeout = 5\n[buyer_proxies]\nUS = "{proxy}"\n' + GOOD_STORE
    r = agent(tmp_path, "rank", "--keyword", "power bank", "--country", "US", env={"SHOP_PASSWORD": "x"}, config=cfg)
    assert r.returncode == 5 and "infrastructure: network:" in r.stderr and "free space" not in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert not any(f in r.stderr + r.stdout for f in _forms(PROXY_PASSWORD))
    assert _leaks(tmp_path / "data", [PROXY_PASSWORD]) == []


def test_a_cookie_whose_value_any_page_shows_is_not_masked_everywhere():
    """A session's cookies are masked — but a flag cookie (`true`), a language code or a short number
    is what every trace and log holds anyway: masking it garbled Playwright's trace (`"httpOnly":***`)."""
    from agent import _redact

    _redact.register_cookies(["true", "en_US", "1", "20261205", "Xq9-cookie-session-value"])
    said = _redact.redact('{"httpOnly":true,"lang":"en_US","n":20261205,"v":"Xq9-cookie-session-value"}')
    assert said == '{"httpOnly":true,"lang":"en_US","n":20261205,"v":"***"}'
