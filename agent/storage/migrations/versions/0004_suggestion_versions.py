"""suggestions.version (bumped on every change of value or precondition) and
suggestions.approved_version (the version a person approved): an approval applies only the value
the approver saw.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("suggestions") as b:
        b.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        b.add_column(sa.Column("approved_version", sa.Integer(), nullable=True))
    t = sa.table("suggestions", sa.column("state", sa.String), sa.column("version", sa.Integer),
                 sa.column("approved_version", sa.Integer))
    op.get_bind().execute(sa.update(t).where(t.c.state.in_(("approved", "applying"))).values(approved_version=t.c.version))


def downgrade() -> None:
    with op.batch_alter_table("suggestions") as b:
        b.drop_column("approved_version")
        b.drop_column("version")
