"""Core's one task: a plain templated email, for services that have nothing else to do later.

`email_on_commit` enqueues it in the caller's transaction (`core.queue`): nothing is sent for work
that is rolled back, nothing is lost for work that commits, and the worker sends it, never the
web request. The context must be plain JSON values (the queue stores it); recipients are written
down as address and language.
"""

from __future__ import annotations

from collections.abc import Iterable

from django_tasks import task

from leerplatform.core.email import Recipient, recipients, send_email
from leerplatform.core.queue import enqueue_on_commit


@task()
def deliver_email(template: str, context: dict, to: list[list[str]]) -> int:
    """Send `template` to each [address, language]; returns how many messages went out."""
    people = [Recipient(*([*list(item), ""])[:2]) for item in to]
    return send_email(template, context, people)


def email_on_commit(template: str, context: dict, to: object | Iterable[object]) -> None:
    """Send once the current transaction commits, from a task (at once outside a transaction)."""
    plain = [[r.email, r.language] for r in recipients(to)]
    enqueue_on_commit(deliver_email, template, context, plain)
