"""agent/runtime/http_session.py, the request-mode buyer (rank checks without a browser, on httpx), against
small servers of the test's own that answer the way real ones may: cookies with Domain/Path/Max-Age,
redirects, gzip, chunked bodies, a connection closed after an answer, an HTTP and a SOCKS5 proxy, and
TLS directly and through a CONNECT tunnel."""

from __future__ import annotations

import asyncio
import gzip
import json
import struct

import pytest

from agent.runtime.http_session import HttpSession


class Origin:
    """A tiny HTTP/1.1 server: each path is one behaviour; every request is recorded."""

    def __init__(self):
        self.seen: list[dict] = []
        self.connections = 0

    async def start(self) -> "Origin":
        self.server = await asyncio.start_server(self._conn, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def _conn(self, reader, writer):
        self.connections += 1
        try:
            while True:
                head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
                method, target, _ = head[0].split(" ")
                headers = {k.lower(): v.strip() for k, _, v in (h.partition(":") for h in head[1:] if h)}
                self.seen.append({"target": target, "headers": headers})
                path = (
                    target.split("://", 1)[-1].split("/", 1)[-1].split("?")[0]
                    if "://" in target
                    else target[1:].split("?")[0]
                )
                close = await self._answer("/" + path, headers, writer)
                await writer.drain()
                if close:
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        writer.close()

    async def _answer(self, path, headers, writer) -> bool:
        def send(status, extra, body=b"", length=True):
            lines = [f"HTTP/1.1 {status}", *extra] + ([f"Content-Length: {len(body)}"] if length else [])
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)

        if path == "/login":
            send(
                "302 Found",
                [
                    "Location: /landing?x=1",
                    "Set-Cookie: sid=abc; Path=/; HttpOnly",
                    "Set-Cookie: wide=1; Path=/; Max-Age=60",
                    "Set-Cookie: other=1; Domain=example.org; Path=/",  # another site's: refused
                    "Set-Cookie: deep=1; Path=/deep; Expires=Wed, 24-Nov-2060 05:00:00 GMT",  # the Netscape form
                    "Set-Cookie: gone=1; Path=/; Max-Age=0",
                ],
            )
        elif path == "/landing":
            body = gzip.compress(
                json.dumps({"cookie": headers.get("cookie", ""), "ua": headers.get("user-agent")}).encode()
            )
            send("200 OK", ["Content-Type: application/json; charset=utf-8", "Content-Encoding: gzip"], body)
        elif path == "/chunked":
            writer.write(
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/html; charset=gbk\r\n\r\n"
            )
            for part in ("\u641c\u7d22".encode("gbk"), b" page"):
                writer.write(b"%x\r\n%s\r\n" % (len(part), part))
            writer.write(b"0\r\n\r\n")
        elif path == "/close":
            writer.write(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end")
            return True
        elif path == "/loop":
            send("302 Found", ["Location: /loop"])
        else:
            send("404 Not Found", [], b"no")
        return False


async def _pipe(a, b, first_lines: list | None = None):
    """Copy one side of a tunnel to the other; the first line of each read is noted when asked."""
    try:
        while data := await a.read(65536):
            if first_lines is not None:
                first_lines.append(data.split(b"\r\n", 1)[0].decode())
            b.write(data)
            await b.drain()
    except ConnectionError:
        pass
    b.close()


async def _http_proxy(origin_port: int, log: list):
    """A forward proxy that understands absolute-form requests for http:// targets."""

    async def conn(reader, writer):
        r2, w2 = await asyncio.open_connection("127.0.0.1", origin_port)

        await asyncio.gather(_pipe(reader, w2, log), _pipe(r2, writer))

    return await asyncio.start_server(conn, "127.0.0.1", 0)


async def _socks5_proxy(log: list):
    async def conn(reader, writer):
        n = (await reader.readexactly(2))[1]
        await reader.readexactly(n)
        writer.write(b"\x05\x00")
        _, cmd, _, atyp = await reader.readexactly(4)
        host = (await reader.readexactly((await reader.readexactly(1))[0])).decode() if atyp == 3 else None
        port = struct.unpack(">H", await reader.readexactly(2))[0]
        log.append(f"{host}:{port}")
        r2, w2 = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"\x05\x00\x00\x01" + bytes(4) + b"\x00\x00")

        await asyncio.gather(_pipe(reader, w2), _pipe(r2, writer))

    return await asyncio.start_server(conn, "127.0.0.1", 0)


@pytest.fixture
async def origin():
    o = await Origin().start()
    yield o
    o.server.close()


async def test_cookies_redirects_gzip_and_one_connection(origin):
    s = HttpSession("UA/1", {"Accept-Language": "en-US"})
    base = f"http://localhost:{origin.port}"
    r = await s.get(base + "/login")
    assert r.status == 200 and r.url == base + "/landing?x=1"
    got = await r.json()
    assert got["ua"] == "UA/1"
    assert sorted(got["cookie"].split("; ")) == ["sid=abc", "wide=1"]  # not another site's, not /deep's, not expired
    jar = {c["name"]: c for c in (await s.storage_state())["cookies"]}
    assert set(jar) == {"sid", "wide", "deep"}
    assert jar["sid"]["domain"] == "localhost" and jar["sid"]["httpOnly"] and jar["sid"]["expires"] == -1
    assert jar["wide"]["domain"] == "localhost" and jar["wide"]["expires"] > 0 and jar["deep"]["path"] == "/deep"
    assert jar["deep"]["expires"] == 2868498000  # 2060-11-24 05:00 UTC
    await s.get(base + "/deep/x")
    assert "deep=1" in origin.seen[-1]["headers"]["cookie"]
    assert origin.connections == 1  # keep-alive: every request on one connection
    await s.dispose()


async def test_chunked_charset_close_params_and_redirect_loop(origin):
    s = HttpSession("UA/1")
    base = f"http://127.0.0.1:{origin.port}"
    assert await (await s.get(base + "/chunked")).text() == "\u641c\u7d22 page"
    r = await s.get(base + "/close")
    assert await r.text() == "until the end"
    r = await s.get(base + "/missing", params={"q": "a b", "page": 2})
    assert r.status == 404 and origin.seen[-1]["target"] == "/missing?q=a+b&page=2"
    assert origin.connections == 2  # a new connection only after the server closed one
    with pytest.raises(OSError, match="redirects"):
        await s.get(base + "/loop")
    with pytest.raises(OSError, match="404"):
        await s.get(base + "/missing", fail_on_status_code=True)
    await s.dispose()


async def test_a_keep_alive_connection_closed_by_the_server_is_replaced(origin):
    s = HttpSession("UA/1")
    base = f"http://127.0.0.1:{origin.port}"
    await s.get(base + "/close")  # the server closes the connection after its answer
    assert (await s.get(base + "/chunked")).status == 200 and origin.connections == 2
    await s.dispose()


async def test_http_and_socks5_proxies(origin):
    log: list = []
    hp = await _http_proxy(origin.port, log)
    sp = await _socks5_proxy(log)
    try:
        target = f"http://shop.test:{origin.port}/chunked"
        s = HttpSession("UA/1", proxy={"server": f"http://user:p%40ss@127.0.0.1:{hp.sockets[0].getsockname()[1]}"})
        assert (await s.get(target)).status == 200
        assert log[-1] == f"GET {target} HTTP/1.1"  # absolute form through an HTTP proxy
        assert origin.seen[-1]["headers"]["host"] == f"shop.test:{origin.port}"
        assert origin.seen[-1]["headers"]["proxy-authorization"] == "Basic dXNlcjpwQHNz"  # user:p@ss
        await s.dispose()
        s = HttpSession("UA/1", proxy={"server": f"socks5://127.0.0.1:{sp.sockets[0].getsockname()[1]}"})
        assert (await s.get(target)).status == 200
        assert log[-1] == f"shop.test:{origin.port}"  # the proxy resolves the name
        await s.dispose()
    finally:
        hp.close()
        sp.close()


async def test_a_timeout_is_a_timeout():
    async def silent(reader, writer):
        await asyncio.sleep(5)

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    s = HttpSession("UA/1")
    with pytest.raises(TimeoutError):
        await s.get(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/", timeout=200)
    await s.dispose()
    server.close()


def _certificates(tmp_path):
    """A CA of the test's own and a server certificate for shop.test and localhost."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "shop.test")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(2)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("shop.test"), x509.DNSName("localhost")]), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    (tmp_path / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "server.pem").write_bytes(
        cert.public_bytes(serialization.Encoding.PEM)
        + key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return tmp_path / "ca.pem", tmp_path / "server.pem"


async def test_https_direct_and_through_a_connect_proxy(tmp_path, monkeypatch):
    import ssl

    from agent.runtime import http_session

    ca, server_pem = _certificates(tmp_path)
    served = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    served.load_cert_chain(server_pem)
    origin = Origin()
    origin.server = await asyncio.start_server(origin._conn, "127.0.0.1", 0, ssl=served)
    port = origin.server.sockets[0].getsockname()[1]
    tunnels: list = []

    async def connect_proxy(reader, writer):
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        tunnels.append(head.split("\r\n", 1)[0])
        r2, w2 = await asyncio.open_connection("127.0.0.1", port)  # the proxy resolves shop.test
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")

        await asyncio.gather(_pipe(reader, w2), _pipe(r2, writer))

    proxy = await asyncio.start_server(connect_proxy, "127.0.0.1", 0)
    monkeypatch.setattr(http_session, "TLS", ssl.create_default_context(cafile=str(ca)))  # trust the test's CA
    try:
        s = HttpSession("UA/1")
        assert await (await s.get(f"https://localhost:{port}/chunked")).text() == "\u641c\u7d22 page"
        await s.dispose()
        s = HttpSession("UA/1", proxy={"server": f"http://127.0.0.1:{proxy.sockets[0].getsockname()[1]}"})
        r = await s.get(f"https://shop.test:{port}/login")  # cookies and a redirect, over TLS
        assert r.status == 200 and r.url == f"https://shop.test:{port}/landing?x=1"
        assert tunnels == [f"CONNECT shop.test:{port} HTTP/1.1"]  # one tunnel, kept alive
        assert origin.seen[-1]["target"] == "/landing?x=1"  # origin form inside the tunnel
        await s.dispose()
        monkeypatch.setattr(http_session, "TLS", ssl.create_default_context())  # a CA the client does not know
        with pytest.raises(ssl.SSLCertVerificationError):
            await HttpSession("UA/1").get(f"https://localhost:{port}/chunked")
    finally:
        origin.server.close()
        proxy.close()
