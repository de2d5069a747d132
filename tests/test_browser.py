"""The browser layer's own promises, against a tiny server of the test's own."""

from __future__ import annotations

import asyncio

import pytest

from agent.runtime.browser import BrowserManager

from .conftest import agent_settings

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


async def _server(seen: list):
    async def conn(reader, writer):
        try:
            while True:
                head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
                path = head.split(" ", 2)[1]
                seen.append(path)
                body, ctype = (
                    (PNG, "image/png")
                    if path.endswith(".png")
                    else (
                        b"<html><body><img src='/a.png'><div style=\"background:url('/b.png');width:9px;height:9px\">"
                        b"</div><p id=ok>ok</p></body></html>",
                        "text/html",
                    )
                )
                writer.write(
                    f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
                    "Cache-Control: no-store\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        writer.close()

    return await asyncio.start_server(conn, "127.0.0.1", 0)


@pytest.mark.parametrize("block", [True, False])
async def test_block_resources_loads_pages_without_their_images(sandbox, tmp_path, block):
    seen: list = []
    server = await _server(seen)
    s = agent_settings(sandbox, tmp_path, block_resources=block)
    try:
        async with BrowserManager(s) as mgr:
            page = await (await (await mgr.launched()).new_context()).new_page()
            await page.goto(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/", wait_until="load")
            assert await page.locator("#ok").inner_text() == "ok"
    finally:
        server.close()
    images = [p for p in seen if p.endswith(".png")]
    assert images == [] if block else sorted(images) == ["/a.png", "/b.png"], seen
