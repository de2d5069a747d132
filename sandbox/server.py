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
    app = create_app(cfg)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    orig_startup = server.startup

    async def startup(sockets=None):
        await orig_startup(sockets=sockets)
        print(f"sandbox ready at http://{cfg.host}:{cfg.port} (login {cfg.username} / {cfg.password}, faults {cfg.faults}, "
              f"{cfg.products} products, seed {cfg.seed})", flush=True)
    server.startup = startup
    server.run(sockets=[sock])
    return 0
