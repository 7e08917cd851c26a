"""The health endpoint for load balancers, the staff's status page (core.health, core.queue), and
the Markdown preview and help every text field with the Markdown toolbar links to."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from leerplatform.core import health, queue
from leerplatform.core.markdown import render_markdown
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


# The longest Markdown field (a library document's text) fits; anything longer is not a field's.
PREVIEW_MAX_CHARS = 50_000
# Previews per person per minute; the editor asks again at most every ~second while one types.
PREVIEW_RATE_PER_MINUTE = 120

HELP_EXAMPLES = [
    (gettext_lazy("Bold"), "**vet**"),
    (gettext_lazy("Italic"), "*cursief*"),
    (gettext_lazy("Heading"), "## Kopje"),
    (gettext_lazy("Bulleted list"), "- eerste punt\n- tweede punt"),
    (gettext_lazy("Numbered list"), "1. eerst dit\n2. dan dat"),
    (gettext_lazy("Link"), "[Leerplatform](https://example.org)"),
    (gettext_lazy("Quote"), "> Een mooie gedachte."),
    (gettext_lazy("New paragraph"), "Eerste alinea.\n\nTweede alinea."),
]


def _preview_allowed(user_id: int) -> bool:
    """Count one preview against the person's limit for this minute (kept in the cache)."""
    key = f"leerplatform:markdown-preview:{user_id}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=90)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        return True
    limit = getattr(settings, "MARKDOWN_PREVIEW_RATE_PER_MINUTE", PREVIEW_RATE_PER_MINUTE)
    return count <= limit


@never_cache
@require_POST
@login_required
@permission_required("core.preview_markdown")
def markdown_preview(request):
    """The text of one field (named by `markdown_field`) as the page will show it, sanitised."""
    field = request.POST.get("markdown_field", "")
    text = request.POST.get(field, "") if field and field != "csrfmiddlewaretoken" else ""
    context = {"html": "", "message": "", "max_chars": PREVIEW_MAX_CHARS}
    status = 200
    if not _preview_allowed(request.user.pk):
        context["message"] = _(
            "You asked for many previews in a short time. Wait a minute and try again."
        )
        status = 429
    elif len(text) > PREVIEW_MAX_CHARS:
        context["message"] = _(
            "This text is too long for a preview (at most %(limit)s characters)."
        ) % {"limit": number_format(PREVIEW_MAX_CHARS, force_grouping=True)}
        status = 413
    elif not text.strip():
        context["message"] = _("Nothing to preview yet.")
    else:
        context["html"] = render_markdown(text)
    return render(request, "core/markdown_preview.html", context, status=status)


@require_GET
def markdown_help(request):
    """What one can write in a text field with the Markdown toolbar, with examples."""
    examples = [(label, text, render_markdown(text)) for label, text in HELP_EXAMPLES]
    return render(request, "core/markdown_help.html", {"examples": examples})
