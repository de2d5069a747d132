"""Suggestions say why in Chinese (`rationale`, the review page's default) and in English
(`rationale_en`, for `lang=en`).

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("suggestions") as b:
        b.add_column(sa.Column("rationale_en", sa.Text()))


def downgrade() -> None:
    with op.batch_alter_table("suggestions") as b:
        b.drop_column("rationale_en")
