"""`manage.py run_worker`: run the database queue's tasks (TASKS_BACKEND=database); see core.worker."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend

from leerplatform.core.worker import Worker


class Command(BaseCommand):
    help = "Run background tasks from the database queue; survives database restarts."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--queue-name", default="default", help="Queues, comma-separated; * for all."
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between polls when idle."
        )
        parser.add_argument("--batch", action="store_true", help="Run what is ready, then exit.")
        parser.add_argument("--max-tasks", type=int, default=None)
        parser.add_argument("--worker-id", default="", help="Unique per worker (default: random).")

    def handle(self, *, queue_name, interval, batch, max_tasks, worker_id, **options) -> None:
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        if not isinstance(backend, DatabaseBackend):
            raise CommandError(
                "The task backend is not the database queue: set TASKS_BACKEND=database."
            )
        if interval <= 0 or (max_tasks is not None and max_tasks <= 0):
            raise CommandError("--interval and --max-tasks must be greater than zero.")
        worker_id = (worker_id or get_random_string(24))[:64]
        worker = Worker(
            worker_id=worker_id,
            queue_names=[q for q in queue_name.split(",") if q] or ["default"],
            interval=interval,
            heartbeat=float(getattr(settings, "TASKS_HEARTBEAT_SECONDS", 5)),
            batch=batch,
            max_tasks=max_tasks,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        )
        worker.configure_signals()
        worker.run()
