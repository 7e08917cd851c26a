"""The apps' own emails about join requests, posts, proposal decisions, reflection requests and
consent requests became notifications (issue 14); their tasks are gone.

A database queue may still hold such a task, queued in the seconds before the upgrade: a worker
would fail to import it and retry it five times. Each one still waiting is marked failed here,
with a message that says why, so that it shows on the status page (/status/) instead of
vanishing; its event happened before the notifications existed, so it makes none.
"""

from django.db import migrations
from django.utils import timezone

RETIRED = (
    "leerplatform.groups.tasks.send_join_request_received",
    "leerplatform.groups.tasks.send_join_request_decision",
    "leerplatform.groups.tasks.send_post_notifications",
    "leerplatform.proposals.tasks.send_proposal_decision",
    "leerplatform.reflection.tasks.send_reflection_request",
    "leerplatform.showcase.tasks.send_consent_requests",
)
MESSAGE = (
    "Retired by the upgrade to notifications (issue 14): this email is now a notification, "
    "made when its event happens. The event happened before the upgrade, so nothing was sent."
)


def retire(apps, schema_editor):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    DBTaskResult.objects.filter(task_path__in=RETIRED, status="READY").update(
        status="FAILED",
        finished_at=timezone.now(),
        exception_class_path="builtins.ImportError",
        traceback=MESSAGE,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_automatic_follows_for_existing_members"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(retire, migrations.RunPython.noop)]
