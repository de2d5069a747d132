"""inquiries_seen.unread: the inbox still shows the inquiry as unread (subjectList's hasUnread). The
agent never opens an unread inquiry's detail of its own accord: opening it marks it read for the
people who work the inbox.

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inquiries_seen") as b:
        b.add_column(sa.Column("unread", sa.Boolean()))


def downgrade() -> None:
    with op.batch_alter_table("inquiries_seen") as b:
        b.drop_column("unread")
