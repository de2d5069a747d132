"""Run the sandbox with uvicorn and print its address once it is ready."""

from __future__ import annotations

import socket
import sys

import uvicorn

from .app import create_app
from .state import Config


def serve(cfg: Config) -> int:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((cfg.host, cfg.port))
    except OSError as e:
        sys.stderr.write(f"sandbox: error: cannot bind {cfg.host}:{cfg.port} ({e.strerror}); choose another --port\n")
        return 2
    cfg.port = sock.getsockname()[1]
    sock.close()  # uvicorn binds the port itself: a socket handed over answers keep-alive requests ~40 ms late
    app = create_app(cfg)
    server = uvicorn.Server(
        uvicorn.Config(app, host=cfg.host, port=cfg.port, log_level="warning", access_log=False, date_header=False)
    )
    orig_startup = server.startup

    async def startup(sockets=None):
        await orig_startup(sockets=sockets)
        shown = cfg.password if cfg.password == "demo-password" else "the password in SANDBOX_PASSWORD"
        print(
            f"sandbox ready at http://{cfg.host}:{cfg.port} (login {cfg.username} / {shown}, faults {cfg.faults}, "
            f"{cfg.products} products, seed {cfg.seed}, company {app.state.rt.store.company_id}; "
            f"1688 login {cfg.cbu_username}, member {app.state.rt.cbu.member_id}, {cfg.offers} offers)",
            flush=True,
        )

    server.startup = startup  # type: ignore[method-assign]  # say the port once it is bound
    server.run()
    return 0
