"""Storage: migrations keep data, and the same code runs on PostgreSQL (set AGENT_TEST_PG_URL;
.ci/run starts a throwaway cluster and sets it)."""

from __future__ import annotations

import sqlite3
from datetime import UTC

import pytest
from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import create_engine, text

from agent.diagnosis.model import Suggestion
from agent.queue.store import Queue
from agent.storage import Database
from agent.storage import models as m
from agent.storage.db import MIGRATIONS

from .conftest import agent_settings, run_agent


def test_upgrade_from_0001_keeps_existing_rows(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(
            text(
                "INSERT INTO runs (store, routine, started_at, status, counts, screenshots, traces) "
                "VALUES ('shop', 'metrics', '2026-11-01 10:00:00', 'ok', '{}', '[]', '[]')"
            )
        )
    db = Database(url)  # upgrades to head
    runs = db.runs()
    assert [(r["store"], r["routine"], r["details"]) for r in runs] == [("shop", "metrics", None)]
    con = sqlite3.connect(tmp_path / "old.db")
    assert con.execute("select version_num from alembic_version").fetchone()[0] == "0015"
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"


async def test_same_code_on_postgresql(fresh_sandbox, tmp_path, pg_url):
    s = agent_settings(fresh_sandbox, tmp_path, database_url=pg_url)
    for routine in ("metrics", "inquiries", "metrics"):
        res = await run_agent(s, routine)
        assert res.status == "ok", res.error
    db = Database(pg_url)
    assert db.engine.dialect.name == "postgresql"
    truth = fresh_sandbox.metrics()
    got = db.frame(m.metric_product, store="shop").set_index("product_id")["clicks"].to_dict()
    assert got == {p["product_id"]: p["clicks"] for p in truth["products"]}
    assert len(db.frame(m.inquiries_seen, store="shop")) == len(fresh_sandbox.state()["inquiries"])
    q = Queue(db)
    [sid] = q.propose(
        "shop",
        [
            Suggestion.make(
                kind="set_bid",
                target="3000",
                rationale="t",
                evidence={"x": 1},
                precondition={"bid": 1.0, "keyword": "k"},
                value={"bid": 0.8, "base_price": 0.5},
            )
        ],
    )
    q.approve([sid], "tester")
    assert (
        q.propose(
            "shop",
            [
                Suggestion.make(
                    kind="set_bid",
                    target="3000",
                    rationale="again",
                    evidence={},
                    precondition={"bid": 1.0, "keyword": "k"},
                    value={"bid": 0.8, "base_price": 0.5},
                )
            ],
        )
        == []
    )
    assert q.get(sid).state == "approved"  # the same value again: still approved
    run_a, run_b = db.start_run("shop", "apply"), db.start_run("shop", "apply")
    assert q.claim(sid, run_a, "a", lease=60) and not q.claim(sid, run_b, "b", lease=60)
    assert q.stranded("shop") == [] and not q.recover(sid, run_b, "b", lease=60)  # run a is alive
    db.finish_run(run_a, "failed", {}, "died", [], [])
    assert q.recover(sid, run_b, "b", lease=60)
    assert [a["action"] for a in q.audit_for(sid)] == ["proposed", "approved", "apply_started", "apply_recovered"]
    # one apply per store across machines: the lock row decides
    assert db.acquire_lock("apply:shop", "machine-1:10", run_b, 60)
    assert not db.acquire_lock("apply:shop", "machine-2:20", None, 60)
    db.finish_run(run_b, "ok", {}, None, [], [])  # its run ended: the lock is free
    assert db.acquire_lock("apply:shop", "machine-2:20", None, 60)


def test_a_database_at_the_newest_migration_opens_without_alembic(tmp_path):
    """Start-up work that does not change between runs is skipped: migrations run only when needed."""
    import subprocess
    import sys

    from .test_agent_config import ROOT

    url = f"sqlite:///{tmp_path / 'agent.db'}"
    code = (
        "import sys; from agent.storage import Database; db = Database(sys.argv[1]); "
        "print('alembic' in sys.modules, db.engine.connect().exec_driver_sql('select version_num from alembic_version').scalar())"
    )
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    first = subprocess.run([sys.executable, "-c", code, url], capture_output=True, text=True, env=env, cwd=tmp_path)
    second = subprocess.run([sys.executable, "-c", code, url], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert first.stdout.split() == ["True", "0015"], first.stderr[-500:]  # a new database: migrated
    assert second.stdout.split() == ["False", "0015"], second.stderr[-500:]  # already there: Alembic not even loaded


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_plain_sql_reads_and_writes_what_sqlalchemy_does(kind, tmp_path, request):
    """storage.sql.Sql (rank history without SQLAlchemy) on both databases: the rows it writes read
    back the same through SQLAlchemy, and SQLAlchemy's rows read back the same through it."""
    from datetime import datetime, timedelta, timezone

    from agent.storage.sql import Sql

    url = f"sqlite:///{tmp_path / 'r.db'}" if kind == "sqlite" else request.getfixturevalue("pg_url")
    assert not Sql(url).at_head()
    db = Database(url)
    sql = Sql(url)
    assert sql.at_head() and db.sql.at_head()
    t0 = datetime(2026, 11, 24, 8, 0, 0, tzinfo=timezone(timedelta(hours=8)))  # 00:00 UTC, no microseconds
    base = {
        "store": "s",
        "country": "",
        "page": 1,
        "position": 2,
        "rank": 2,
        "organic_rank": 1,
        "kind": "organic",
        "pages_checked": 3,
        "run_id": None,
    }
    db.add_rows(m.rank_snapshots, [{**base, "taken_at": t0, "keyword": "led", "product_id": "1"}])
    sql.insert(
        "rank_snapshots",
        [
            {**base, "taken_at": t0 + timedelta(microseconds=250), "keyword": "led", "product_id": "2"},
            {**base, "taken_at": t0, "keyword": "o'brien; drop", "product_id": None},
        ],
    )
    got = sql.rows(
        "select keyword, taken_at, product_id from rank_snapshots where store = :s and keyword in :k "
        "order by taken_at, id",
        {"s": "s", "k": ["led", "o'brien; drop"]},
        datetimes=("taken_at",),
    )
    utc = [(r.keyword, r.taken_at if r.taken_at.tzinfo else r.taken_at.replace(tzinfo=UTC), r.product_id) for r in got]
    assert utc == [("led", t0, "1"), ("o'brien; drop", t0, None), ("led", t0 + timedelta(microseconds=250), "2")]
    frame = db.frame(m.rank_snapshots, store="s").sort_values("id")
    assert frame["product_id"].tolist()[:2] == ["1", "2"] and frame["product_id"].isna().tolist() == [
        False,
        False,
        True,
    ]
    instants = [t.to_pydatetime() for t in frame["taken_at"]]
    assert [t if t.tzinfo else t.replace(tzinfo=UTC) for t in instants] == [
        t0,
        t0 + timedelta(microseconds=250),
        t0,
    ]
    assert sql.rows("select count(*) as n from rank_snapshots where keyword in :k", {"k": []})[0].n == 0
