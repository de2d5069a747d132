"""The sandbox application: a replica of the Alibaba.com seller back office and buyer search."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from . import cbu, guesses, routes_control, routes_pages, routes_search
from .cbu.search import CbuSearch
from .guard import Guard
from .hosts import alicrm, biz, data, message, outreach, productposting, sourcing, www2
from .search import SearchIndex
from .state import Config, build_runtime


def create_app(cfg: Config) -> FastAPI:
    rt = build_runtime(cfg)
    rt.search = SearchIndex(rt)
    rt.cbu_search = CbuSearch(rt)
    app = FastAPI(title="sandbox seller back office", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.rt = rt
    app.add_middleware(Guard, rt=rt)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")
    for r in (
        routes_control,
        routes_search,
        productposting,
        message,
        www2,
        data,
        sourcing,
        alicrm,
        outreach,
        biz,
        guesses,
        routes_pages,
    ):
        app.include_router(r.router)
    for router in cbu.routers():
        app.include_router(router)
    return app
