"""The durable task queue: how work is enqueued, retried, taken back from dead workers and shown.

The engine is django-tasks (the API Django 6 ships as `django.tasks`) with its database backend
(django-tasks-db): a task is a row in the platform's own database, claimed with
`SELECT … FOR UPDATE SKIP LOCKED`, so it works on SQLite and PostgreSQL alike and needs no broker.
What the backend does not do, this module and `core.worker` add (docs/architecture.md says why):

- **Tied to the transaction.** `enqueue_on_commit` writes the task's row inside the current
  transaction when the queue lives in the same database: a rolled-back change leaves no task and
  a committed one always has its task (no window between commit and enqueue). Other backends
  (the immediate one of the tests) enqueue once the transaction commits.
- **Leases.** A worker claims a task and keeps a heartbeat (`TaskWorker.last_seen`). A task whose
  worker has not been seen for `TASKS_LEASE_SECONDS` is put back and run again (`reclaim_expired`).
- **Retries with backoff.** A task that raises is run again after `TASKS_RETRY_BACKOFF_SECONDS`
  × 2^(attempt − 1) (capped at an hour), at most `TASKS_MAX_ATTEMPTS` times in all; then it is
  FAILED and listed for staff on the status page, with its error and a retry button.
- **Exactly-once email.** A task is run at least once; `core.email.send_email` records every
  message a task sent (`SentEmail`, keyed by the task's id, template and address) and a second
  run skips what already went out (`current_task_id`).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from traceback import format_exception

from django.conf import settings
from django.db import router, transaction
from django.db.models import Min
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from leerplatform.core.models import SentEmail, TaskWorker

logger = logging.getLogger(__name__)

# The id of the task the current worker thread is running ("" outside a queued task).
current_task_id: contextvars.ContextVar[str] = contextvars.ContextVar("current_task_id", default="")
_suppressed: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "tasks_suppressed", default=False
)


def lease_seconds() -> int:
    return max(5, int(getattr(settings, "TASKS_LEASE_SECONDS", 60)))


def max_attempts() -> int:
    return max(1, int(getattr(settings, "TASKS_MAX_ATTEMPTS", 5)))


def backoff_seconds(attempt: int) -> float:
    """How long to wait before attempt `attempt + 1`: doubling from the base, ±10 % jitter."""
    base = float(getattr(settings, "TASKS_RETRY_BACKOFF_SECONDS", 30))
    delay = min(base * 2 ** max(0, attempt - 1), 3600.0)
    return delay * random.uniform(0.9, 1.1)  # noqa: S311 (spreading retries, not a secret)


# --- Enqueueing ---------------------------------------------------------------------------------


@contextmanager
def suppress_tasks() -> Iterator[None]:
    """Nothing is enqueued inside this block (the demo data: nobody is mailed)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def tasks_suppressed() -> bool:
    return _suppressed.get()


def _in_our_database(task) -> bool:
    backend = task.get_backend()
    return isinstance(backend, DatabaseBackend) and router.db_for_write(DBTaskResult) == "default"


def enqueue(task, *args, **kwargs):
    """Enqueue now (outside any transaction of ours, e.g. from a command); None if suppressed."""
    if tasks_suppressed():
        return None
    return task.enqueue(*args, **kwargs)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Enqueue `task` as part of the current transaction: the database queue's row is written in
    it (so it commits or rolls back with the change); another backend enqueues after the commit."""
    if tasks_suppressed():
        return
    if _in_our_database(task):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(partial(task.enqueue, *args, **kwargs))


# --- Email sent by a task: at most once per task, template and address -------------------------


def email_key(template: str, address: str) -> str:
    """The key of one message sent by the running task; "" outside a queued task."""
    task_id = current_task_id.get()
    if not task_id:
        return ""
    return f"{task_id}:{template}:{address.strip().lower()}"[:255]


def claim_email(key: str) -> bool:
    """Record that the running task is about to send the message `key`; False when a run of
    this task recorded it before (delivered, or cut off while sending: not sent again)."""
    if not key:
        return True
    row, created = SentEmail.objects.get_or_create(key=key)
    if not created and not row.delivered:
        logger.warning(
            "Email %s: an earlier run of this task was cut off while sending it; "
            "not sent again (it may have gone out)",
            key,
        )
    return created


def email_delivered(key: str) -> None:
    if key:
        SentEmail.objects.filter(key=key).update(delivered=True)


def email_not_sent(key: str) -> None:
    """Sending failed with an error (nothing went out): a later run may send it."""
    if key:
        SentEmail.objects.filter(key=key, delivered=False).delete()


# --- Retries and leases (used by core.worker) ---------------------------------------------------


def attempts(row: DBTaskResult) -> int:
    return len(row.worker_ids or [])


def _error_fields(row: DBTaskResult, exc: BaseException | None, message: str = "") -> None:
    if exc is not None:
        row.exception_class_path = f"{type(exc).__module__}.{type(exc).__qualname__}"
        row.traceback = "".join(format_exception(exc))[-20_000:]
    else:
        row.exception_class_path = "leerplatform.core.queue.WorkerLost"
        row.traceback = message


def retry_or_fail(
    row: DBTaskResult,
    exc: BaseException | None,
    *,
    message: str = "",
    final: bool = False,
    wait: float | None = None,
) -> bool:
    """After a failed attempt: schedule the next one (True) or mark the task FAILED (False);
    `final`: no further attempt (the task cannot even be loaded); `wait`: seconds before the next
    attempt instead of the backoff."""
    now = timezone.now()
    _error_fields(row, exc, message)
    row.return_value = None
    if not final and attempts(row) < max_attempts():
        row.status = TaskResultStatus.READY
        delay = backoff_seconds(attempts(row)) if wait is None else wait
        row.run_after = now + dt.timedelta(seconds=delay)
        row.finished_at = None
        row.save(
            update_fields=[
                "status",
                "run_after",
                "finished_at",
                "exception_class_path",
                "traceback",
                "return_value",
            ]
        )
        logger.warning(
            "Task %s (%s) failed (attempt %d of %d); next attempt at %s",
            row.id,
            row.task_path,
            attempts(row),
            max_attempts(),
            row.run_after.isoformat(),
        )
        return True
    row.status = TaskResultStatus.FAILED
    row.finished_at = now
    row.save(
        update_fields=[
            "status",
            "finished_at",
            "exception_class_path",
            "traceback",
            "return_value",
        ]
    )
    logger.error(
        "Task %s (%s) failed for good after %d attempts", row.id, row.task_path, attempts(row)
    )
    return False


def release(row: DBTaskResult) -> None:
    """Put a claimed task back as it was (the worker stops before it could finish it); the
    attempt it had does not count."""
    row.status = TaskResultStatus.READY
    row.worker_ids = list(row.worker_ids or [])[:-1]
    row.started_at = None
    row.save(update_fields=["status", "worker_ids", "started_at"])


def alive_worker_ids(now: dt.datetime | None = None) -> set[str]:
    since = (now or timezone.now()) - dt.timedelta(seconds=lease_seconds())
    return set(TaskWorker.objects.filter(last_seen__gte=since).values_list("worker_id", flat=True))


def reclaim_expired(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Take back the running tasks whose worker's lease expired; returns how many."""
    now = now or timezone.now()
    alive = alive_worker_ids(now)
    started_before = now - dt.timedelta(seconds=lease_seconds())
    taken = 0
    with transaction.atomic():
        rows = list(
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(status=TaskResultStatus.RUNNING, started_at__lt=started_before)
            .order_by("started_at")[:limit]
        )
        for row in rows:
            owner = (row.worker_ids or [""])[-1]
            if owner in alive:
                continue
            message = f"The worker {owner} stopped answering while running this task."
            logger.warning("Task %s (%s): lease of worker %s expired", row.id, row.task_path, owner)
            # The lease already made it wait: run it again at once.
            retry_or_fail(row, None, message=message, wait=0)
            taken += 1
    return taken


def release_own(worker_id: str) -> int:
    """After the database came back: this worker's tasks still marked RUNNING were interrupted
    (the worker runs one at a time and is between tasks now); they are run again."""
    taken = 0
    with transaction.atomic():
        for row in DBTaskResult.objects.select_for_update().filter(status=TaskResultStatus.RUNNING):
            if (row.worker_ids or [""])[-1] == worker_id:
                retry_or_fail(row, None, message="The database went away while this task ran.")
                taken += 1
    return taken


def purge_history(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Forget workers not seen for a day and sent-email keys older than TASKS_HISTORY_DAYS."""
    now = now or timezone.now()
    workers, _ = TaskWorker.objects.filter(last_seen__lt=now - dt.timedelta(days=1)).delete()
    days = int(getattr(settings, "TASKS_HISTORY_DAYS", 30))
    emails, _ = SentEmail.objects.filter(sent_at__lt=now - dt.timedelta(days=days)).delete()
    return workers, emails


# --- What staff see -----------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueHealth:
    backend: str
    durable: bool
    waiting: int
    running: int
    failed: int
    oldest_waiting_seconds: float | None
    workers: int

    def as_dict(self) -> dict:
        return {
            "backend": self.backend,
            "durable": self.durable,
            "waiting": self.waiting,
            "running": self.running,
            "failed": self.failed,
            "oldest_waiting_seconds": self.oldest_waiting_seconds,
            "workers": self.workers,
        }


def queue_backend_name() -> str:
    return type(_default_backend()).__name__


def _default_backend():
    return task_backends[DEFAULT_TASK_BACKEND_ALIAS]


def queue_health(*, now: dt.datetime | None = None) -> QueueHealth:
    """Waiting, running and failed tasks, the age of the oldest waiting one and the workers seen
    in the last minute (a few small queries on indexed columns)."""
    now = now or timezone.now()
    durable = isinstance(_default_backend(), DatabaseBackend)
    ready = DBTaskResult.objects.ready()
    oldest = ready.aggregate(oldest=Min("enqueued_at"))["oldest"]
    return QueueHealth(
        backend=queue_backend_name(),
        durable=durable,
        waiting=ready.count(),
        running=DBTaskResult.objects.running().count(),
        failed=DBTaskResult.objects.failed().count(),
        oldest_waiting_seconds=round((now - oldest).total_seconds(), 1) if oldest else None,
        workers=TaskWorker.objects.filter(last_seen__gte=now - dt.timedelta(minutes=1)).count(),
    )


def failed_tasks(limit: int = 100):
    return DBTaskResult.objects.failed().order_by("-finished_at")[:limit]


def retrying_tasks(limit: int = 100):
    """Tasks that failed at least once and wait for their next attempt."""
    return (
        DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        .exclude(traceback="")
        .order_by("run_after")[:limit]
    )


def retry_failed(task_id) -> bool:
    """Staff's retry button: a FAILED task runs again with a fresh count of attempts (what it
    already mailed stays sent). False when there is no such failed task."""
    updated = (
        DBTaskResult.objects.failed()
        .filter(pk=task_id)
        .update(
            status=TaskResultStatus.READY,
            run_after=get_date_max(),
            finished_at=None,
            started_at=None,
            worker_ids=[],
        )
    )
    return bool(updated)
