"""A small HTTP/1.1 client on asyncio streams, for buyer-side reads that need no browser (rank checks
in request mode). It answers the part of Playwright's API request context the search pages use —
`get()`, a response's `url`/`status`/`text()`/`json()`, `storage_state()`, `dispose()` — so a rank
process starts neither Playwright's driver nor a browser unless a result page must be rendered.

One session is one incognito buyer: its own cookie jar (kept as Playwright's storage-state cookies,
so a browser context can take them over), its own keep-alive connections, the same headers on every
request; redirects followed; gzip/deflate; HTTP, HTTPS, and http:// or socks5:// proxies."""

from __future__ import annotations

import asyncio
import base64
import ipaddress
import json
import ssl
import struct
import time
import zlib
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlencode, urljoin, urlsplit

REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 20
_TLS: ssl.SSLContext | None = None


def _tls() -> ssl.SSLContext:
    global _TLS
    if _TLS is None:
        _TLS = ssl.create_default_context()
    return _TLS


@dataclass
class Response:
    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k == name), None)

    async def body_bytes(self) -> bytes:
        return self.body

    async def text(self) -> str:
        ctype = self.header("content-type") or ""
        charset = next(
            (p.split("=", 1)[1].strip(' "') for p in ctype.split(";")[1:] if p.strip().lower().startswith("charset=")),
            "utf-8",
        )
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")

    async def json(self):
        return json.loads(await self.text())


class _Conn:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader, self.writer = reader, writer

    def close(self) -> None:
        self.writer.close()


class HttpSession:
    """One buyer: cookies, headers and connections of its own (see the module's docstring)."""

    def __init__(self, user_agent: str, headers: dict[str, str] | None = None, proxy: dict | None = None):
        self.headers = {
            "User-Agent": user_agent,
            "Accept": "*/*",
            "Accept-Encoding": "gzip, deflate",
            **(headers or {}),
        }
        self.proxy = urlsplit(proxy["server"]) if proxy and proxy.get("server") else None
        self.cookies: list[dict] = []
        self._idle: dict[tuple[str, str, int], list[_Conn]] = {}

    # ---- the request API -------------------------------------------------------------------------
    async def get(
        self,
        url: str,
        params: dict | None = None,
        timeout: float = 30000,
        fail_on_status_code: bool = False,
        headers: dict[str, str] | None = None,
    ) -> Response:
        if params:
            url += ("&" if "?" in url else "?") + urlencode(params)
        for _ in range(MAX_REDIRECTS + 1):
            async with asyncio.timeout(timeout / 1000 if timeout else None):
                r = await self._fetch(url, headers or {})
            loc = r.header("location")
            if r.status not in REDIRECTS or not loc:
                if fail_on_status_code and r.status >= 400:
                    raise OSError(f"{r.status} for {url}")
                return r
            url = urljoin(url, loc)
        raise OSError(f"more than {MAX_REDIRECTS} redirects from {url}")

    async def storage_state(self) -> dict:
        now = time.time()
        return {"cookies": [c for c in self.cookies if c["expires"] == -1 or c["expires"] > now], "origins": []}

    async def dispose(self) -> None:
        for conns in self._idle.values():
            for c in conns:
                c.close()
        self._idle.clear()

    # ---- one exchange ---------------------------------------------------------------------------
    async def _fetch(self, url: str, extra: dict[str, str]) -> Response:
        u = urlsplit(url)
        if u.scheme not in ("http", "https") or not u.hostname:
            raise ValueError(f"not an http(s) URL: {url}")
        port = u.port or (443 if u.scheme == "https" else 80)
        key = (u.scheme, u.hostname, port)
        path = (u.path or "/") + (f"?{u.query}" if u.query else "")
        target = (
            url.split("#", 1)[0]
            if self.proxy and self.proxy.scheme in ("http", "https") and u.scheme == "http"
            else path
        )
        host = u.hostname if port == (443 if u.scheme == "https" else 80) else f"{u.hostname}:{port}"
        head = {"Host": host, **self.headers, **extra}
        cookie = self._cookie_header(u.scheme, u.hostname, u.path or "/")
        if cookie:
            head["Cookie"] = cookie
        if target != path and self.proxy.username:
            head["Proxy-Authorization"] = _basic(self.proxy)
        raw = f"GET {target} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in head.items()) + "\r\n"
        for attempt in (0, 1):
            pool = self._idle.setdefault(key, [])
            reused = bool(pool)
            conn = pool.pop() if pool else await self._connect(u.scheme, u.hostname, port)
            try:
                conn.writer.write(raw.encode("latin-1"))
                status, headers, body, keep = await _read_response(conn.reader)
            except (ConnectionError, asyncio.IncompleteReadError) as e:
                conn.close()
                if reused and attempt == 0:  # the server closed an idle keep-alive connection: once more on a new one
                    continue
                raise OSError(f"connection to {u.hostname} failed: {e}") from None
            except BaseException:
                conn.close()
                raise
            if keep:
                pool.append(conn)
            else:
                conn.close()
            for k, v in headers:
                if k == "set-cookie":
                    self._set_cookie(v, u.hostname, u.path or "/")
            return Response(url=url, status=status, headers=headers, body=body)
        raise AssertionError("unreachable")

    async def _connect(self, scheme: str, host: str, port: int) -> _Conn:
        tls = _tls() if scheme == "https" else None
        p = self.proxy
        if p is None:
            return _Conn(*await asyncio.open_connection(host, port, ssl=tls, server_hostname=host if tls else None))
        reader, writer = await asyncio.open_connection(
            p.hostname, p.port or (1080 if p.scheme == "socks5" else 8080), ssl=_tls() if p.scheme == "https" else None
        )
        if p.scheme == "socks5":
            await _socks5(reader, writer, host, port, p.username, p.password)
        elif scheme == "https":
            auth = f"Proxy-Authorization: {_basic(p)}\r\n" if p.username else ""
            writer.write(f"CONNECT {host}:{port} HTTP/1.1\r\nHost: {host}:{port}\r\n{auth}\r\n".encode("latin-1"))
            first = (await reader.readuntil(b"\r\n\r\n")).split(b"\r\n", 1)[0].decode("latin-1")
            if first.split(" ", 2)[1:2] != ["200"]:
                writer.close()
                raise OSError(f"proxy refused the tunnel to {host}:{port}: {first}")
        else:
            return _Conn(reader, writer)  # plain HTTP through an HTTP proxy: absolute-form requests
        if tls:
            await writer.start_tls(tls, server_hostname=host)
        return _Conn(reader, writer)

    # ---- cookies (Playwright's storage-state shape) ---------------------------------------------------
    def _cookie_header(self, scheme: str, host: str, path: str) -> str:
        now = time.time()
        return "; ".join(
            f"{c['name']}={c['value']}"
            for c in self.cookies
            if (c["expires"] == -1 or c["expires"] > now)
            and _domain_match(host, c["domain"])
            and (path == c["path"] or path.startswith(c["path"].rstrip("/") + "/") or c["path"] == "/")
            and (scheme == "https" or not c["secure"])
        )

    def _set_cookie(self, header: str, host: str, path: str) -> None:
        parts = [p.strip() for p in header.split(";")]
        name, sep, value = parts[0].partition("=")
        if not sep or not name.strip():
            return
        c = {
            "name": name.strip(),
            "value": value.strip(),
            "domain": host,
            "path": path.rsplit("/", 1)[0] or "/",
            "expires": -1,
            "httpOnly": False,
            "secure": False,
            "sameSite": "Lax",
        }
        for attr in parts[1:]:
            k, _, v = attr.partition("=")
            k, v = k.strip().lower(), v.strip()
            if k == "domain" and v:
                d = v.lstrip(".").lower()
                if not _domain_match(host, "." + d):
                    return  # a cookie for another site: refused, as a browser does
                c["domain"] = "." + d
            elif k == "path" and v.startswith("/"):
                c["path"] = v
            elif k == "max-age":
                try:
                    c["expires"] = time.time() + int(v)
                except ValueError:
                    pass
            elif k == "expires" and c["expires"] == -1:
                try:
                    c["expires"] = parsedate_to_datetime(v).timestamp()
                except (TypeError, ValueError):
                    pass
            elif k == "secure":
                c["secure"] = True
            elif k == "httponly":
                c["httpOnly"] = True
            elif k == "samesite" and v.capitalize() in ("Strict", "Lax", "None"):
                c["sameSite"] = v.capitalize()
        self.cookies = [
            x for x in self.cookies if (x["name"], x["domain"], x["path"]) != (c["name"], c["domain"], c["path"])
        ]
        if c["expires"] == -1 or c["expires"] > time.time():
            self.cookies.append(c)


def _domain_match(host: str, domain: str) -> bool:
    host = host.lower()
    if not domain.startswith("."):
        return host == domain.lower()
    d = domain[1:].lower()
    if host == d:
        return True
    try:
        ipaddress.ip_address(host)
        return False  # an IP address matches only itself
    except ValueError:
        return host.endswith("." + d)


def _basic(p) -> str:
    from urllib.parse import unquote

    return "Basic " + base64.b64encode(f"{unquote(p.username)}:{unquote(p.password or '')}".encode()).decode()


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, list[tuple[str, str]], bytes, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    version, status = lines[0].split(" ", 2)[:2]
    headers = [(k.strip().lower(), v.strip()) for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)]
    h = dict(headers)
    keep = h.get("connection", "").lower() != "close" and version == "HTTP/1.1"
    code = int(status)
    if code in (204, 304) or 100 <= code < 200:
        body = b""
    elif "chunked" in h.get("transfer-encoding", "").lower():
        chunks = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0].strip(), 16)
            if size == 0:
                while (await reader.readuntil(b"\r\n")) != b"\r\n":  # trailers
                    pass
                break
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)
        body = b"".join(chunks)
    elif "content-length" in h:
        body = await reader.readexactly(int(h["content-length"]))
    else:
        body, keep = await reader.read(), False
    enc = h.get("content-encoding", "").lower()
    if enc in ("gzip", "x-gzip"):
        body = zlib.decompress(body, 16 + zlib.MAX_WBITS)
    elif enc == "deflate":
        try:
            body = zlib.decompress(body)
        except zlib.error:
            body = zlib.decompress(body, -zlib.MAX_WBITS)
    return code, headers, body, keep


async def _socks5(reader, writer, host: str, port: int, user: str | None, password: str | None) -> None:
    from urllib.parse import unquote

    writer.write(b"\x05\x02\x00\x02" if user else b"\x05\x01\x00")
    ver, method = await reader.readexactly(2)
    if method == 0x02 and user:
        u, p = unquote(user).encode(), unquote(password or "").encode()
        writer.write(bytes([1, len(u)]) + u + bytes([len(p)]) + p)
        if (await reader.readexactly(2))[1] != 0:
            raise OSError("socks5 proxy refused the user name and password")
    elif method != 0x00:
        raise OSError("socks5 proxy wants an authentication this agent does not offer")
    name = host.encode("idna")
    writer.write(b"\x05\x01\x00\x03" + bytes([len(name)]) + name + struct.pack(">H", port))
    reply = await reader.readexactly(4)
    if reply[1] != 0:
        raise OSError(f"socks5 proxy could not reach {host}:{port} (code {reply[1]})")
    skip = {1: 4, 4: 16}.get(reply[3])
    await reader.readexactly(skip + 2 if skip else (await reader.readexactly(1))[0] + 2)
