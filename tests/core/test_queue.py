"""The durable queue in one process: enqueueing in the transaction, retries with backoff, leases,
exactly-once email, the health endpoint and the staff's status page (core.queue, core.worker,
core.health). Worker processes that are killed: tests/core/test_worker_process.py."""

from __future__ import annotations

import datetime as dt
import json
import socket

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from leerplatform.core import queue
from leerplatform.core.models import SentEmail, TaskWorker
from leerplatform.core.tasks import deliver_email, email_on_commit
from leerplatform.core.worker import Worker
from tests import factories
from tests.conftest import client_for
from tests.core.worker_tasks import CONTEXT, TEMPLATE

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
CALLS: list[str] = []


@task()
def flaky(label: str) -> str:
    """Fails on its first two runs, then succeeds."""
    CALLS.append(label)
    if CALLS.count(label) < 3:
        raise RuntimeError(f"not yet ({CALLS.count(label)})")
    return "done"


@task()
def always_fails() -> None:
    raise ValueError("this task never works")


@task()
def mails_then_breaks(address: str) -> None:
    """Sends its email, then fails (as a crash after the send would)."""
    deliver_email.call(TEMPLATE, CONTEXT, [[address, ""]])
    raise RuntimeError("broke after sending")


@pytest.fixture
def db_queue(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.TASKS_MAX_ATTEMPTS = 3
    settings.TASKS_RETRY_BACKOFF_SECONDS = 10
    CALLS.clear()
    return settings


def _worker(**kw) -> Worker:
    worker = Worker(worker_id="test-worker", interval=0.01, batch=True, **kw)
    worker.register()
    return worker


def _make_ready(row: DBTaskResult) -> None:
    DBTaskResult.objects.filter(pk=row.pk).update(
        run_after=timezone.now() - dt.timedelta(seconds=1)
    )


def _row(result) -> DBTaskResult:
    return DBTaskResult.objects.get(pk=result.id)


# --- Enqueueing -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_task_row_is_written_in_the_transaction_and_rolled_back_with_it(db_queue):
    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        email_on_commit(TEMPLATE, CONTEXT, "gone@example.org")
        assert DBTaskResult.objects.count() == 1  # written now, inside the transaction
        raise Undo
    assert DBTaskResult.objects.count() == 0  # no task for the rolled-back change

    with transaction.atomic():
        email_on_commit(TEMPLATE, CONTEXT, "kept@example.org")
    row = DBTaskResult.objects.get()
    assert row.task_path == "leerplatform.core.tasks.deliver_email"
    assert row.args_kwargs["args"][2] == [["kept@example.org", ""]]


@pytest.mark.django_db
def test_nothing_is_enqueued_while_tasks_are_suppressed(db_queue):
    with queue.suppress_tasks():
        email_on_commit(TEMPLATE, CONTEXT, "demo@example.org")
        assert queue.enqueue(deliver_email, TEMPLATE, CONTEXT, []) is None
    assert DBTaskResult.objects.count() == 0
    email_on_commit(TEMPLATE, CONTEXT, "real@example.org")
    assert DBTaskResult.objects.count() == 1


# --- Running, retrying, failing -----------------------------------------------------------------


@pytest.mark.django_db
def test_a_worker_runs_a_task_and_records_its_email(db_queue):
    email_on_commit(TEMPLATE, CONTEXT, "sanne@example.org")
    _worker().run()
    row = DBTaskResult.objects.get()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == 1
    assert [m.to for m in mail.outbox] == [["sanne@example.org"]]
    assert SentEmail.objects.filter(key__startswith=str(row.id)).count() == 1


@pytest.mark.django_db
def test_a_failing_task_is_retried_with_growing_waits_then_succeeds(db_queue):
    result = flaky.enqueue("a")
    worker = _worker()
    before = timezone.now()
    worker.run()
    row = _row(result)
    assert row.status == TaskResultStatus.READY  # waits for its second attempt
    assert "not yet (1)" in row.traceback
    first_wait = (row.run_after - before).total_seconds()
    assert 9 <= first_wait <= 12  # 10 s ± 10 %

    _worker().run()  # not due yet: nothing runs
    assert CALLS == ["a"]

    _make_ready(row)
    before = timezone.now()
    _worker().run()
    row = _row(result)
    second_wait = (row.run_after - before).total_seconds()
    assert 18 <= second_wait <= 23  # doubled
    assert len(row.worker_ids) == 2

    _make_ready(row)
    _worker().run()
    row = _row(result)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == "done"
    assert CALLS == ["a", "a", "a"]


@pytest.mark.django_db
def test_a_task_that_keeps_failing_is_marked_failed_and_listed_for_staff(db_queue, edition):
    result = always_fails.enqueue()
    for _ in range(3):
        _make_ready(_row(result))
        _worker().run()
    row = _row(result)
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "builtins.ValueError"
    assert list(queue.failed_tasks()) == [row]

    staff = client_for(factories.make_user(is_staff=True))
    page = staff.get(reverse("core:status"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "always_fails" in html and "this task never works" in html
    # The retry button puts it back with a fresh count of attempts.
    response = staff.post(reverse("core:retry_task", kwargs={"task_id": row.id}))
    assert response.status_code == 302
    row = _row(result)
    assert row.status == TaskResultStatus.READY and row.worker_ids == []
    assert list(queue.failed_tasks()) == []
    # A participant cannot retry anything.
    assert (
        client_for(factories.make_member(edition))
        .post(reverse("core:retry_task", kwargs={"task_id": row.id}))
        .status_code
        == 403
    )


@pytest.mark.django_db
def test_a_rerun_of_a_task_does_not_mail_twice(db_queue):
    result = mails_then_breaks.enqueue("once@example.org")
    _worker().run()
    assert _row(result).status == TaskResultStatus.READY  # it will be tried again
    _make_ready(_row(result))
    _worker().run()
    assert [m.to for m in mail.outbox] == [["once@example.org"]]  # sent once, not twice


# --- Leases ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_task_of_a_worker_that_stopped_answering_is_run_again(db_queue, settings):
    settings.TASKS_LEASE_SECONDS = 30
    result = deliver_email.enqueue(TEMPLATE, CONTEXT, [["lease@example.org", ""]])
    long_ago = timezone.now() - dt.timedelta(minutes=5)
    # A worker claimed it and then died: its heartbeat stopped five minutes ago.
    TaskWorker.objects.create(worker_id="dead", started_at=long_ago, last_seen=long_ago)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["dead"]
    )
    # A living worker with a running task keeps it.
    alive = deliver_email.enqueue(TEMPLATE, CONTEXT, [["alive@example.org", ""]])
    TaskWorker.objects.create(worker_id="alive", started_at=long_ago, last_seen=timezone.now())
    DBTaskResult.objects.filter(pk=alive.id).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["alive"]
    )

    assert queue.reclaim_expired() == 1
    row = _row(result)
    assert row.status == TaskResultStatus.READY
    assert "dead" in row.traceback
    assert _row(alive).status == TaskResultStatus.RUNNING

    _worker().run()
    assert _row(result).status == TaskResultStatus.SUCCESSFUL
    assert [m.to for m in mail.outbox] == [["lease@example.org"]]


@pytest.mark.django_db
def test_a_task_not_yet_past_its_lease_is_left_alone(db_queue, settings):
    settings.TASKS_LEASE_SECONDS = 60
    result = deliver_email.enqueue(TEMPLATE, CONTEXT, [["x@example.org", ""]])
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=["gone"]
    )
    assert queue.reclaim_expired() == 0
    assert _row(result).status == TaskResultStatus.RUNNING


# --- Health ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_names_every_part_and_the_queue(db_queue, client):
    deliver_email.enqueue(TEMPLATE, CONTEXT, [["wait@example.org", ""]])
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    body = json.loads(response.content)
    assert set(body["checks"]) == {"database", "cache", "storage", "tasks"}
    tasks = body["checks"]["tasks"]
    assert tasks["waiting"] == 1 and tasks["workers"] == 0
    assert tasks["oldest_waiting_seconds"] is not None
    # A task waits and no worker runs: the platform works but needs attention.
    assert body["status"] == "degraded"
    assert tasks["status"] == "degraded"

    TaskWorker.objects.create(worker_id="w", started_at=timezone.now(), last_seen=timezone.now())
    body = json.loads(client.get(reverse("core:healthz")).content)
    assert body["status"] == "ok" and body["checks"]["tasks"]["workers"] == 1


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_does_not_answer(client, settings, monkeypatch):
    from django.db import connection

    def refuse(*args, **kwargs):
        raise connection.Database.OperationalError("server closed the connection")

    monkeypatch.setattr(connection, "cursor", refuse)  # the database itself stays untouched
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "down"
    assert body["checks"]["database"]["status"] == "down"
    assert "cache" in body["checks"] and "tasks" not in body["checks"]


@pytest.mark.django_db
def test_an_email_the_mail_server_refused_is_sent_by_the_retry(db_queue, settings):
    with socket.socket() as probe:  # a port nobody listens on: the mail server is down
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port, 2
    result = deliver_email.enqueue(TEMPLATE, CONTEXT, [["retry@example.org", ""]])
    _worker().run()
    row = _row(result)
    assert row.status == TaskResultStatus.READY
    assert "ConnectionRefusedError" in row.exception_class_path
    assert not SentEmail.objects.exists()  # nothing went out, so nothing is recorded

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back
    _make_ready(row)
    _worker().run()
    assert _row(result).status == TaskResultStatus.SUCCESSFUL
    assert [m.to for m in mail.outbox] == [["retry@example.org"]]
