"""code_requests: a run waiting for a person — the code the site e-mailed, typed on the review page, or a
QR code to scan with the phone (its picture sent to the channels and shown on the page); ui_devices: a
person's phone or computer kept signed in to the review page (the secret's hash only).

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "code_requests",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("store", sa.String(40), nullable=False),
        sa.Column("run_id", sa.Integer()),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False, server_default="code"),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("code", sa.String(12)),
        sa.Column("picture", sa.Text()),
        sa.Column("answered_by", sa.String(80)),
        sa.Column("answered_at", sa.DateTime(timezone=True)),
    )


    op.create_table(
        "ui_devices",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("secret_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True)),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.drop_table("ui_devices")
    op.drop_table("code_requests")
