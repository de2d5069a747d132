"""One incognito buyer without a browser, on httpx: the part of Playwright's API request context the
search pages use — `get()`, a response's `url`/`status`/`text()`/`json()`, `storage_state()`,
`dispose()` — so a rank process starts neither Playwright's driver nor a browser unless a result page
must be rendered. Its cookies leave as Playwright's storage-state cookies, so a browser context can
take them over; HTTP, HTTPS, and http:// or socks5:// proxies (httpx and socksio do the work).

Errors read as the rest of the agent expects: no answer in time is a TimeoutError, a refused or
broken connection an OSError, a certificate that does not verify an ssl.SSLCertVerificationError."""

from __future__ import annotations

import json
import ssl
import time
from dataclasses import dataclass
from http.cookiejar import Cookie

import httpx

MAX_REDIRECTS = 20
TLS: ssl.SSLContext | None = None  # the certificates trusted (None: the system's); tests put their own CA here
_SYSTEM: ssl.SSLContext | None = None


def _tls() -> ssl.SSLContext:
    """One TLS context for every buyer of the process (building one reads the CA store: ~20 ms)."""
    global _SYSTEM
    if TLS is not None:
        return TLS
    if _SYSTEM is None:
        _SYSTEM = ssl.create_default_context()
    return _SYSTEM


@dataclass
class Response:
    url: str
    status: int
    headers: httpx.Headers
    body: bytes
    encoding: str

    async def body_bytes(self) -> bytes:
        return self.body

    async def text(self) -> str:
        try:
            return self.body.decode(self.encoding, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")

    async def json(self):
        return json.loads(await self.text())


def _playwright_cookie(c: Cookie) -> dict:
    same_site = next((v for k, v in c._rest.items() if k.lower() == "samesite"), None)  # type: ignore[attr-defined]
    domain = c.domain
    if not c.domain_specified and domain.endswith(".local") and "." not in domain[:-6]:
        domain = domain[:-6]  # the jar names a dotless host (localhost) "<host>.local"; a browser does not
    return {
        "name": c.name,
        "value": c.value or "",
        "domain": domain,
        "path": c.path,
        "expires": float(c.expires) if c.expires is not None else -1,
        "httpOnly": any(k.lower() == "httponly" for k in c._rest),  # type: ignore[attr-defined]
        "secure": bool(c.secure),
        "sameSite": str(same_site).capitalize() if same_site else "Lax",
    }


class HttpSession:
    """One buyer: its own cookies, headers and connections."""

    def __init__(self, user_agent: str, headers: dict[str, str] | None = None, proxy: dict | None = None):
        self.client = httpx.AsyncClient(
            headers={"User-Agent": user_agent, "Accept": "*/*", **(headers or {})},
            proxy=proxy["server"] if proxy and proxy.get("server") else None,
            verify=_tls(),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
        )

    async def get(
        self,
        url: str,
        params: dict | None = None,
        timeout: float = 30000,
        fail_on_status_code: bool = False,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """GET `url` (`timeout` in ms, as Playwright counts), redirects followed."""
        try:
            r = await self.client.get(url, params=params, headers=headers, timeout=timeout / 1000 if timeout else None)
        except httpx.TimeoutException:
            raise TimeoutError(f"no answer from {url} within {timeout:.0f} ms") from None
        except httpx.TooManyRedirects:
            raise OSError(f"more than {MAX_REDIRECTS} redirects from {url}") from None
        except httpx.ConnectError as e:
            cause: BaseException | None = e
            while cause is not None and not isinstance(cause, ssl.SSLCertVerificationError):
                cause = cause.__cause__ or cause.__context__
            if cause is not None:
                raise cause from None
            raise ConnectionError(f"connection for {url} failed: {e}") from None
        except httpx.TransportError as e:  # a proxy refusing, a connection reset: the network
            raise ConnectionError(f"{url}: {e}") from None
        except httpx.InvalidURL as e:
            raise OSError(f"{url}: {e}") from None
        if fail_on_status_code and r.status_code >= 400:
            raise OSError(f"{r.status_code} for {url}")
        return Response(str(r.url), r.status_code, r.headers, r.content, r.encoding or "utf-8")

    async def storage_state(self) -> dict:
        now = time.time()
        jar = [c for c in self.client.cookies.jar if c.expires is None or c.expires > now]
        return {"cookies": [_playwright_cookie(c) for c in jar], "origins": []}

    async def dispose(self) -> None:
        await self.client.aclose()
