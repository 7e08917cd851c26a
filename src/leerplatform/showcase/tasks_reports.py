"""Making the closing report off the request path (django-tasks).

`services_reports.request_report` enqueues `generate` once its transaction commits. With the
immediate backend (one machine, tests, development) it runs right after the request; with
TASKS_BACKEND=database a worker (`manage.py db_worker`) picks it up and the facilitators' page
follows its progress.
"""

from __future__ import annotations

from django_tasks import task


@task()
def generate(report_id: int) -> str:
    """Make the PDF of one closing report; returns its final status (never raises)."""
    from leerplatform.showcase.services_reports import run_generation

    return run_generation(report_id=report_id)
