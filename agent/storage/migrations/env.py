"""Alembic environment: runs on the connection the agent hands over (any SQLAlchemy URL)."""

from alembic import context

from agent.storage.models import metadata

connection = context.config.attributes.get("connection")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
