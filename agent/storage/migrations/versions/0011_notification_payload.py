"""notifications.payload: a message held back in a channel's quiet hours, kept whole so the first
dispatch after them sends it even when nothing raises the event again.

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notifications") as t:
        t.add_column(sa.Column("payload", sa.Text()))


def downgrade() -> None:
    with op.batch_alter_table("notifications") as t:
        t.drop_column("payload")
