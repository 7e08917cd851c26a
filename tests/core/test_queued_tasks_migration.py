"""Tasks queued under the old module paths and with a base_url still run after the move."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

migration = importlib.import_module("leerplatform.core.migrations.0008_queued_tasks_after_the_move")

pytestmark = pytest.mark.django_db


def _queued(path: str, args: list, kwargs: dict, status: str = "READY") -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": args, "kwargs": kwargs},
        task_path=path,
        backend_name="default",
        queue_name="default",
        run_after=timezone.now(),
    )


def test_waiting_tasks_get_their_new_path_and_lose_the_site_address():
    by_keyword = _queued(
        "leerplatform.membership.tasks_applications.send_application_received",
        [],
        {"application_id": 7, "base_url": "https://leren.example.nl"},
    )
    by_position = _queued(
        "leerplatform.showcase.tasks_continuation.send_continuation_invitations",
        [3, "http://127.0.0.1:8000"],
        {},
    )
    migration.rewrite(apps, None)

    by_keyword.refresh_from_db()
    by_position.refresh_from_db()
    assert by_keyword.task_path == "leerplatform.membership.tasks.send_application_received"
    assert by_keyword.args_kwargs == {"args": [], "kwargs": {"application_id": 7}}
    assert by_position.task_path == ("leerplatform.showcase.tasks.send_continuation_invitations")
    assert by_position.args_kwargs == {"args": [3], "kwargs": {}}
    # The new paths name real tasks.
    for row in (by_keyword, by_position):
        assert callable(import_string(row.task_path).call)


def test_every_old_task_module_maps_to_a_module_that_exists():
    # reflection's only task (its email to reflect) became a notification, and its module went;
    # notifications' 0003 marks such waiting tasks failed (tested below).
    for new in set(migration.MODULES.values()) - {"leerplatform.reflection.tasks"}:
        importlib.import_module(new)


def test_finished_tasks_keep_their_history():
    done = _queued(
        "leerplatform.groups.tasks_groups.send_join_request_received",
        [1, "https://x.example"],
        {},
        status="SUCCESSFUL",
    )
    migration.rewrite(apps, None)
    done.refresh_from_db()
    assert done.task_path == "leerplatform.groups.tasks_groups.send_join_request_received"


retirement = importlib.import_module(
    "leerplatform.notifications.migrations.0003_retire_the_apps_own_notification_emails"
)


def test_a_waiting_email_task_that_became_a_notification_is_marked_failed_with_why():
    waiting = _queued("leerplatform.groups.tasks.send_post_notifications", [5], {})
    done = _queued(
        "leerplatform.proposals.tasks.send_proposal_decision", [1, "x"], {}, "SUCCESSFUL"
    )
    other = _queued("leerplatform.groups.tasks.send_report_reminders", [1, [2]], {})
    retirement.retire(apps, None)
    for row in (waiting, done, other):
        row.refresh_from_db()
    assert waiting.status == "FAILED"
    assert "notification" in waiting.traceback
    assert (done.status, other.status) == ("SUCCESSFUL", "READY")
