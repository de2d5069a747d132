"""The fleet (Celery workers on several machines, one shared database): workers and their heartbeats
(fleet_workers), each message run once (fleet_jobs), alerts (fleet_events), and the worker that
made each run (runs.worker).

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fleet_workers",
        sa.Column("name", sa.String(80), primary_key=True), sa.Column("host", sa.String(120)), sa.Column("pid", sa.Integer()),
        sa.Column("concurrency", sa.Integer()), sa.Column("stores", sa.JSON()),
        sa.Column("started_at", sa.DateTime(timezone=True)), sa.Column("heartbeat_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "fleet_jobs",
        sa.Column("task_id", sa.String(80), primary_key=True), sa.Column("store", sa.String(40), nullable=False, index=True),
        sa.Column("routine", sa.String(40), nullable=False), sa.Column("worker", sa.String(80)),
        sa.Column("state", sa.String(20), nullable=False), sa.Column("started_at", sa.DateTime(timezone=True)),
        sa.Column("finished_at", sa.DateTime(timezone=True)), sa.Column("run_id", sa.Integer()), sa.Column("note", sa.Text()),
    )
    op.create_table(
        "fleet_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True), sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False), sa.Column("store", sa.String(40)), sa.Column("worker", sa.String(80)),
        sa.Column("message", sa.Text(), nullable=False), sa.Column("key", sa.String(200), unique=True),
    )
    with op.batch_alter_table("runs") as b:
        b.add_column(sa.Column("worker", sa.String(80)))


def downgrade() -> None:
    with op.batch_alter_table("runs") as b:
        b.drop_column("worker")
    op.drop_table("fleet_events")
    op.drop_table("fleet_jobs")
    op.drop_table("fleet_workers")
