"""Start a sandbox in a child process on a free port, and talk to its ground-truth and control
endpoints. Used by tests, benchmarks and the demo; never by the agent's own code."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import httpx

TOKEN = "test-state-token"


class SandboxProcess:
    def __init__(
        self,
        products: int = 200,
        seed: int = 7,
        faults: str = "none",
        session_ttl: int = 3600,
        username: str = "demo@sandbox.test",
        password: str = "demo-password",
        token: str = TOKEN,
        extra=(),
        offers: int = 120,
    ):
        # --name=value: a generated value may begin with '-'; secrets go in the environment, not on the command line
        self.args = [
            "--port=0",
            f"--seed={seed}",
            f"--products={products}",
            f"--faults={faults}",
            f"--username={username}",
            f"--session-ttl={session_ttl}",
            f"--offers={offers}",
            *extra,
        ]
        self.token, self.username, self.password = token, username, password
        self.cbu_username = "xingchen1688"  # the 1688 store's login (its password is the same)
        self.proc: subprocess.Popen | None = None
        self.url = ""
        self.output: list[str] = []

    def start(self, timeout: float = 60) -> "SandboxProcess":
        env = dict(os.environ, PYTHONUNBUFFERED="1", SANDBOX_PASSWORD=self.password, SANDBOX_STATE_TOKEN=self.token)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sandbox", "serve", *self.args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline() if self.proc.stdout else ""
            if not line:
                break
            self.output.append(line)
            if "sandbox ready at " in line:
                self.url = line.split("sandbox ready at ", 1)[1].split()[0]
                threading.Thread(target=self._drain, daemon=True).start()
                self.http = httpx.Client(base_url=self.url, headers={"x-sandbox-token": self.token}, timeout=30)
                return self
        self.stop()
        raise RuntimeError("sandbox did not start: " + "".join(self.output[-20:]))

    def _drain(self):
        for line in self.proc.stdout:
            self.output.append(line)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # ---- ground truth and control -------------------------------------------------------------
    def _get(self, path, **params):
        r = self.http.get(path, params=params)
        r.raise_for_status()
        return r.json()

    def _post(self, path, body):
        r = self.http.post(path, json=body)
        r.raise_for_status()
        return r.json()

    def state(self) -> dict:
        return self._get("/__sandbox__/state")

    def search_truth(self, keyword: str, page: int = 1, site: str = "alibaba") -> list[dict]:
        return self._get("/__sandbox__/search_truth", keyword=keyword, page=page, site=site)["slots"]

    def metrics(self, date: str | None = None, period: int = 1) -> dict:
        return self._get("/__sandbox__/metrics", **({"date": date} if date else {}), period=period)

    def set(self, entity: str, id, field: str, value):
        return self._post("/__sandbox__/set", {"entity": entity, "id": id, "field": field, "value": value})

    def advance_clock(self, seconds: float):
        return self._post("/__sandbox__/clock", {"advance_seconds": seconds})

    def challenge(self, seconds: float | None = None, clear: bool = False):
        return self._post("/__sandbox__/challenge", {"seconds": seconds, "clear": clear})

    def expire_sessions(self):
        return self._post("/__sandbox__/expire_sessions", {})

    def configure(self, **body):
        return self._post("/__sandbox__/config", body)

    def request_count(self) -> int:
        return self._get("/__sandbox__/stats")["requests"]

    def login_count(self) -> int:
        return self._get("/__sandbox__/stats")["logins"]

    def stats(self) -> dict:
        """Requests, logins, logins asked for the e-mailed code, devices known, requests that met the
        network block, answers of changed screens."""
        return self._get("/__sandbox__/stats")
