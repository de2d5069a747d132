"""rank_snapshots.title: the product's title as the search showed it, so reports, charts and the
trends page name products (people read names, not ids) even for a product no longer listed.

Revision ID: 0013
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rank_snapshots") as t:
        t.add_column(sa.Column("title", sa.String(500)))


def downgrade() -> None:
    with op.batch_alter_table("rank_snapshots") as t:
        t.drop_column("title")
