"""suggestions.approved_digest: an approval bound to the value approved (its SHA-256), not only to a
version number — a value changed without a version bump is never written.

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("suggestions") as t:
        t.add_column(sa.Column("approved_digest", sa.String(64)))


def downgrade() -> None:
    with op.batch_alter_table("suggestions") as t:
        t.drop_column("approved_digest")
