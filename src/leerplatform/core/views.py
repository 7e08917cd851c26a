"""The health endpoint for load balancers and the staff's status page (core.health, core.queue)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from leerplatform.core import health, queue
from leerplatform.core.models import TaskWorker
from leerplatform.core.permissions import permission_required


@never_cache
@require_GET
def healthz(request):
    status, checks = health.run_checks()
    body = {"status": status, "checks": {c.name: c.as_dict() for c in checks}}
    return JsonResponse(body, status=503 if status == health.DOWN else 200)


@never_cache
@login_required
@permission_required("core.view_status")
def status(request):
    state, checks = health.run_checks()
    failed = list(queue.failed_tasks())
    retrying = list(queue.retrying_tasks())
    context = {
        "state": state,
        "checks": checks,
        "workers": TaskWorker.objects.all()[:50],
        "failed": failed,
        "retrying": retrying,
        "lease_seconds": queue.lease_seconds(),
        "max_attempts": queue.max_attempts(),
    }
    return render(request, "core/status.html", context)


@require_POST
@login_required
@permission_required("core.view_status")
def retry_task(request, task_id):
    if not queue.retry_failed(task_id):
        raise Http404
    messages.success(request, _("The task is back in the queue."))
    return redirect("core:status")
