"""Tasks queued before the move to one `tasks.py` per app still run after it.

A database queue (TASKS_BACKEND=database) stores each task by its dotted path and its arguments.
The move renamed the task modules (`membership.tasks_applications` → `membership.tasks`, …) and
dropped the `base_url`/`site_url` argument (links now come from SITE_URL): a queued row with the
old path or argument would fail when a worker takes it. This rewrites the rows that are still
waiting (READY); finished rows keep their history.
"""

from django.db import migrations

MODULES = {
    "leerplatform.groups.tasks_groups": "leerplatform.groups.tasks",
    "leerplatform.groups.tasks_discussions": "leerplatform.groups.tasks",
    "leerplatform.groups.tasks_reports": "leerplatform.groups.tasks",
    "leerplatform.meetings.tasks_registrations": "leerplatform.meetings.tasks",
    "leerplatform.membership.tasks_applications": "leerplatform.membership.tasks",
    "leerplatform.membership.tasks_invitations": "leerplatform.membership.tasks",
    "leerplatform.reflection.tasks_journal": "leerplatform.reflection.tasks",
    "leerplatform.showcase.tasks_outputs": "leerplatform.showcase.tasks",
    "leerplatform.showcase.tasks_reports": "leerplatform.showcase.tasks",
    "leerplatform.showcase.tasks_continuation": "leerplatform.showcase.tasks",
}
DROPPED = ("base_url", "site_url")


def _is_site_address(value) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def rewrite(apps, schema_editor):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for row in DBTaskResult.objects.filter(status="READY").iterator():
        module, _, name = row.task_path.rpartition(".")
        path = f"{MODULES.get(module, module)}.{name}"
        args_kwargs = row.args_kwargs or {}
        kwargs = {k: v for k, v in (args_kwargs.get("kwargs") or {}).items() if k not in DROPPED}
        args = [a for a in (args_kwargs.get("args") or []) if not _is_site_address(a)]
        new = {**args_kwargs, "args": args, "kwargs": kwargs}
        if path != row.task_path or new != args_kwargs:
            row.task_path = path
            row.args_kwargs = new
            row.save(update_fields=["task_path", "args_kwargs"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_confidential_visibility"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop)]
