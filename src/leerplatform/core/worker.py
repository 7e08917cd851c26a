"""The task worker (`manage.py run_worker`): runs the database queue's tasks and survives faults.

One worker runs one task at a time. Beside it a heartbeat thread writes `TaskWorker.last_seen`
every TASKS_HEARTBEAT_SECONDS, also during a long task, so that only a worker that really died
(killed, its machine gone, cut off from the database) loses its lease. Every few seconds a worker
takes back the tasks of workers whose lease expired (`queue.reclaim_expired`).

Faults it survives: the database going away (a restart, a failover, a network cut) ends neither
the loop nor the heartbeat; both wait with a growing pause (up to 30 s) and carry on when it
answers again, first putting back the task they were running when it went. SIGTERM or Ctrl+C
lets the running task finish; a second one stops it and puts the task back for another worker.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import sys
import threading
import time
from types import FrameType

from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.dispatch import Signal
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.base import TaskContext
from django_tasks.signals import task_finished, task_started
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from leerplatform.core import queue
from leerplatform.core.models import TaskWorker

logger = logging.getLogger("leerplatform.worker")

# The database is away (restarting, unreachable): wait and carry on. Other database errors (an
# IntegrityError in a task, say) are the task's own failures.
DB_ERRORS = (OperationalError, InterfaceError)
MAX_PAUSE = 30.0

# Sent when a worker has registered and before it takes its first task, so that apps can load
# once per process what their tasks need (showcase: WeasyPrint's fonts). Receivers must return
# quickly (start a thread for anything slow); an error in one is logged, never stops the worker.
worker_started = Signal()


class Stop(Exception):
    """Raised inside a task when the worker is told a second time to stop."""


class Heartbeat(threading.Thread):
    """Writes the worker's `last_seen` every `interval` seconds until stopped."""

    def __init__(self, worker: Worker, interval: float) -> None:
        super().__init__(name=f"heartbeat-{worker.worker_id}", daemon=True)
        self.worker = worker
        self.interval = interval
        self.stopped = threading.Event()

    def beat(self) -> None:
        now = timezone.now()
        updated = TaskWorker.objects.filter(worker_id=self.worker.worker_id).update(
            last_seen=now, tasks_done=self.worker.tasks_done
        )
        if not updated:
            TaskWorker.objects.create(
                worker_id=self.worker.worker_id,
                hostname=socket.gethostname()[:255],
                pid=os.getpid(),
                started_at=self.worker.started_at,
                last_seen=now,
                tasks_done=self.worker.tasks_done,
            )

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.interval):
                try:
                    self.beat()
                except DB_ERRORS as exc:
                    logger.warning("Heartbeat of %s failed: %s", self.worker.worker_id, exc)
                    connection.close()
        finally:
            connection.close()


class Worker:
    def __init__(
        self,
        *,
        worker_id: str,
        queue_names: list[str] | None = None,
        interval: float = 1.0,
        heartbeat: float = 5.0,
        batch: bool = False,
        max_tasks: int | None = None,
        backend_name: str = "default",
    ) -> None:
        self.worker_id = worker_id
        self.queue_names = queue_names or ["default"]
        self.interval = interval
        self.heartbeat_interval = heartbeat
        self.batch = batch
        self.max_tasks = max_tasks
        self.backend_name = backend_name
        self.started_at = timezone.now()
        self.running = True
        self.running_task = False
        self.tasks_done = 0
        self.last_reclaim = 0.0
        self.last_purge = 0.0
        self.pause = 0.0  # > 0 while the database is away
        self.recover = False  # the database came back: put back what was interrupted

    # --- Signals ---------------------------------------------------------------------------------

    def stop(self, signum: int, frame: FrameType | None) -> None:
        if not self.running and self.running_task:
            logger.warning("Stopping the running task now; it goes back to the queue.")
            raise Stop()
        logger.info("Stopping after the running task (%s)", signal.strsignal(signum))
        self.running = False

    def configure_signals(self) -> None:
        for name in ("SIGINT", "SIGTERM", "SIGQUIT"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), self.stop)

    # --- The loop --------------------------------------------------------------------------------

    def run(self) -> None:
        logger.info("Worker %s started (queues: %s)", self.worker_id, ",".join(self.queue_names))
        beat = Heartbeat(self, self.heartbeat_interval)
        self.register()
        beat.start()
        for receiver, result in worker_started.send_robust(sender=type(self), worker=self):
            if isinstance(result, Exception):
                logger.error("worker_started receiver %r failed: %r", receiver, result)
        try:
            while self.running:
                try:
                    found = self.step()
                except DB_ERRORS as exc:
                    if isinstance(exc, OperationalError) and is_locked_database_exception(exc):
                        time.sleep(self.interval)
                        continue
                    if self.batch:
                        raise  # a one-off run (--batch) reports the outage instead of waiting
                    self.database_away(exc)
                    continue
                except Exception:
                    logger.exception("Worker %s: unexpected error; carrying on", self.worker_id)
                    time.sleep(max(self.interval, 1.0))
                    continue
                if self.pause:
                    logger.info("Worker %s: the database answers again", self.worker_id)
                    self.pause = 0.0
                if found is None:
                    if self.batch:
                        return
                    time.sleep(self.interval)
                if self.max_tasks is not None and self.tasks_done >= self.max_tasks:
                    return
        finally:
            beat.stopped.set()
            beat.join(timeout=self.heartbeat_interval + 5)
            self.unregister()
            logger.info("Worker %s stopped after %d tasks", self.worker_id, self.tasks_done)

    # Between tasks the worker is never inside a transaction; only a test runs it inside one
    # (pytest's), and closing the connection there would end the test's own transaction.

    @staticmethod
    def drop_dead_connection() -> None:
        """Close the connection if it broke or aged out (as Django does around a request)."""
        if not connection.in_atomic_block:
            close_old_connections()

    @staticmethod
    def close_connection() -> None:
        if not connection.in_atomic_block:
            with contextlib.suppress(OperationalError, InterfaceError):
                connection.close()

    def database_away(self, exc: BaseException) -> None:
        if not self.pause:
            logger.warning("Worker %s: the database is away (%s); waiting", self.worker_id, exc)
        self.pause = min(max(self.pause * 2, 0.5), MAX_PAUSE)
        self.close_connection()
        time.sleep(self.pause)
        self.recover = True

    def step(self) -> DBTaskResult | None:
        """One round: recover, take back expired leases (now and then), run one task."""
        self.drop_dead_connection()
        if self.recover:
            # Tasks this worker was running when the database went away run again.
            queue.release_own(self.worker_id)
            self.recover = False
        now = time.monotonic()
        if now - self.last_reclaim >= min(queue.lease_seconds() / 4, 15):
            self.last_reclaim = now
            queue.reclaim_expired()
        if now - self.last_purge >= 3600:
            self.last_purge = now
            queue.purge_history()
        row = self.claim()
        if row is not None:
            self.run_task(row)
        return row

    def claim(self) -> DBTaskResult | None:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if "*" not in self.queue_names:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        with exclusive_transaction(tasks.db):
            row = tasks.get_locked()
            if row is not None:
                row.claim(self.worker_id)
        return row

    def run_task(self, row: DBTaskResult) -> None:
        token = queue.current_task_id.set(str(row.id))
        self.running_task = True
        try:
            try:
                task = row.task
                result = row.task_result
            except (ImportError, SuspiciousOperation) as exc:
                logger.exception("Task %s cannot be loaded", row.id)
                queue.retry_or_fail(row, exc, final=True)
                return
            backend = type(task.get_backend())
            task_started.send(sender=backend, task_result=result)
            try:
                if task.takes_context:
                    value = task.call(
                        TaskContext(task_result=result), *result.args, **result.kwargs
                    )
                else:
                    value = task.call(*result.args, **result.kwargs)
            except Stop:
                queue.release(row)
                raise SystemExit(1) from None
            except DB_ERRORS:
                raise  # the loop waits for the database, then runs it again (release_own)
            except Exception as exc:
                queue.retry_or_fail(row, exc)
                task_finished.send(sender=backend, task_result=row.task_result)
                return
            row.set_successful(value)
            task_finished.send(sender=backend, task_result=row.task_result)
        finally:
            self.running_task = False
            self.tasks_done += 1
            queue.current_task_id.reset(token)

    # --- Registration ----------------------------------------------------------------------------

    def register(self) -> None:
        for _ in range(120):  # the database may be starting too: wait up to ~2 minutes
            try:
                Heartbeat(self, self.heartbeat_interval).beat()
                return
            except DB_ERRORS as exc:
                logger.warning("Worker %s waits for the database: %s", self.worker_id, exc)
                self.close_connection()
                time.sleep(1)
        sys.exit("The database did not answer for two minutes.")

    def unregister(self) -> None:
        try:
            TaskWorker.objects.filter(worker_id=self.worker_id).delete()
            # Nothing of ours should be left RUNNING after a clean stop.
            for row in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
                if (row.worker_ids or [""])[-1] == self.worker_id:
                    queue.release(row)
        except DB_ERRORS:
            pass
        finally:
            self.close_connection()
