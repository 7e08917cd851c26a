"""Staff look after the platform in a real browser (issue 13, points 1 and 7): the status page
shows the checks and a failed task with its error; "Opnieuw proberen" puts it back in the queue.
axe-core checks the page; at phone width the checks stack instead of scrolling sideways."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import Page, expect

from leerplatform.core import queue
from leerplatform.core.tasks import deliver_email
from leerplatform.demo.edition import DEMO_PASSWORD
from tests import factories
from tests.e2e.test_journeys import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def staff(live_server):
    user = factories.make_user(email="beheer@example.org", name="Beheer (fictief)", is_staff=True)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


@pytest.fixture
def failed_task():
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        result = deliver_email.enqueue("core/email/missing", {}, [["x@example.org", ""]])
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim("worker-1")
    try:
        raise ConnectionRefusedError("smtp.example.org:587 refused the connection")
    except ConnectionRefusedError as error:
        queue.retry_or_fail(row, error, final=True)
    return row


def test_staff_see_a_failed_task_and_put_it_back(page: Page, live_server, staff, failed_task):
    log_in(page, live_server.url, staff.email)
    page.goto(f"{live_server.url}/status/")
    expect(page.get_by_role("heading", name="Status van het platform")).to_be_visible()
    expect(page.get_by_role("heading", name="Mislukte taken")).to_be_visible()
    failed = page.locator("section", has=page.get_by_role("heading", name="Mislukte taken"))
    expect(failed).to_contain_text("deliver_email")
    failed.locator("summary").click()
    expect(failed).to_contain_text("smtp.example.org:587 refused the connection")
    assert_accessible(page)

    failed.get_by_role("button", name="Opnieuw proberen").click()
    expect(page.get_by_text("De taak staat weer in de wachtrij.")).to_be_visible()
    expect(failed).to_contain_text("Geen.")
    assert DBTaskResult.objects.get(pk=failed_task.pk).status == TaskResultStatus.READY
    assert_accessible(page)

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    checks = page.locator("table.status-checks")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways at 390 px ({width} px)"
    expect(checks.get_by_text("Database", exact=True)).to_be_visible()
    assert_accessible(page)
