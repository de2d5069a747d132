"""The fleet: many stores across machines, on Celery with a Redis broker and the shared PostgreSQL
database. Off unless the config has a `[fleet]` table; the single-machine mode (SQLite, the
in-process scheduler) needs none of this.

- Each store names the worker (machine) it belongs to, and may name a standby. Every store has its
  own Celery queue `store.<name>`; a worker consumes its own stores' queues only, with as many
  threads as the machine holds browsers (`fleet worker --name M --concurrency N`).
- One beat process (`fleet beat`, held by a lock in the database) publishes the sites' timetables
  and the apply rounds to the stores' queues, each message expiring after the window
  (`window_seconds`): a job that could not start in time is skipped and recorded.
- A run takes the lock `fleet:<store>:<routine>` in the shared database, so a store's routine never
  runs twice at once anywhere; each message is recorded once (`fleet_jobs`), so a message
  redelivered after a crash is not run twice.
- Workers write a heartbeat; a worker silent for `dead_after_seconds` raises an alert and its
  stores wait for it — or, after `standby_after_seconds`, their standby starts consuming their
  queues (another alert). Nothing moves silently, and a store moves back once its worker returns.

Modules: `_context` (this process's settings and worker name), `_celery` (the Celery app and beat
schedule), `_store` (the fleet's tables), `ownership` (who runs a store now), `tasks` (the task),
`watch` (heartbeat, alerts, standby), `status` (`fleet status`)."""
