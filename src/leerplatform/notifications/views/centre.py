"""The notification centre ("Meldingen"): the list, opening one (which marks it read), marking one
or all read. Every notification is its recipient's alone: someone else's is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leerplatform.editions.models import Edition
from leerplatform.notifications import queries, services


def _back(request: HttpRequest) -> str:
    """Where to go after a change: the list as it was filtered (a site path only)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("notifications:list")


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    centre = queries.centre(
        request.user,
        show=request.GET.get("show", "all"),
        edition_slug=request.GET.get("edition", "")[:100],
        page_number=request.GET.get("page", 1),
    )
    template = "notifications/list.html"
    if (
        request.headers.get("HX-Request")
        and request.headers.get("HX-Target") == "notification-list"
    ):
        template += "#results"
    return render(request, template, {"centre": centre, "today": timezone.localdate().isoformat()})


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one read and go to the thing it is about."""
    notification = queries.one_for(request.user, pk)
    if notification is None:
        raise Http404
    services.mark_read(user=request.user, notification_ids=[notification.pk])
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return HttpResponseRedirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = queries.one_for(request.user, pk)
    if notification is None:
        raise Http404
    services.mark_read(user=request.user, notification_ids=[notification.pk])
    return redirect(_back(request))


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    edition = None
    slug = request.POST.get("edition", "")[:100]
    if slug:
        edition = Edition.objects.filter(slug=slug).first()
    changed = services.mark_all_read(user=request.user, edition=edition)
    if changed:
        messages.success(request, _("All notifications are marked as read."))
    return redirect(_back(request))


urls = [
    path("notifications/", notification_list, name="list"),
    path("notifications/read/", mark_all_read, name="read_all"),
    path("notifications/<int:pk>/", open_notification, name="open"),
    path("notifications/<int:pk>/read/", mark_read, name="read"),
]
