"""Queue claims with an owner and a lease (suggestions.claim_run, suggestions.lease_until), the
locks table (one apply per store at a time, across processes and machines), and dedupe_key filled
for open suggestions so the database itself keeps one open suggestion per store, kind and target.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

OPEN = ("proposed", "approved", "applying", "failed")


def upgrade() -> None:
    with op.batch_alter_table("suggestions") as b:
        b.add_column(sa.Column("claim_run", sa.Integer(), nullable=True))
        b.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "locks",
        sa.Column("name", sa.String(120), primary_key=True),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("owner", sa.String(120), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=False),
    )
    conn = op.get_bind()
    t = sa.table("suggestions", sa.column("id", sa.Integer), sa.column("store", sa.String), sa.column("kind", sa.String),
                 sa.column("target", sa.String), sa.column("state", sa.String), sa.column("dedupe_key", sa.String))
    seen = set()
    for row in conn.execute(sa.select(t.c.id, t.c.store, t.c.kind, t.c.target, t.c.state).order_by(t.c.id.desc())):
        key = f"{row.store}|{row.kind}|{row.target}"
        if row.state in OPEN and key not in seen:   # the newest open one keeps the key
            seen.add(key)
            conn.execute(sa.update(t).where(t.c.id == row.id).values(dedupe_key=key))
        else:
            conn.execute(sa.update(t).where(t.c.id == row.id).values(dedupe_key=None))


def downgrade() -> None:
    op.drop_table("locks")
    with op.batch_alter_table("suggestions") as b:
        b.drop_column("lease_until")
        b.drop_column("claim_run")
