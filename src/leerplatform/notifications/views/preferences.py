"""Email preferences (one choice per kind of notification) and the one-click unsubscribe.

The preferences page shows the kinds meant for the person: members' and everyone's kinds to all,
coordinators' kinds to coordinators of a learning group, facilitators' kinds to facilitators of
an edition. The unsubscribe page needs no login: its signed token says who and what (see
`tasks.unsubscribe_token`). It accepts the RFC 8058 one-click POST of a mail client
(`List-Unsubscribe=One-Click`), which carries no CSRF token, so that view alone is exempt.
Unsubscribing sets the kind (or each kind of the digest) to "in the app only": it stops the
email, as asked, while the notification still appears in the bell; nothing is lost unasked.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from leerplatform.editions.models import Membership, Role
from leerplatform.groups.models import GroupMembership
from leerplatform.membership.decorators import MemberRequest
from leerplatform.notifications import kinds, services
from leerplatform.notifications.kinds import Audience, Channel
from leerplatform.notifications.models import Preference
from leerplatform.notifications.tasks import Unsubscribe, read_unsubscribe_token


def audiences_for(user) -> list[str]:
    """The audiences whose kinds apply to `user`, in the page's order."""
    shown = {Audience.MEMBERS, Audience.EVERYONE}
    if Membership.objects.active().filter(user=user, role=Role.FACILITATOR).exists():
        shown.add(Audience.FACILITATORS)
    if GroupMembership.objects.active().filter(user=user, is_coordinator=True).exists():
        shown.add(Audience.COORDINATORS)
    return [audience for audience in kinds.AUDIENCE_ORDER if audience in shown]


class PreferencesForm(forms.Form):
    """One radio group per kind; the initial values are the person's choices or the defaults."""

    def __init__(self, *args, audiences: list[str], chosen: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.sections: list[tuple[str, list[str]]] = []
        for audience in audiences:
            names = []
            for code, kind in kinds.KINDS.items():
                if kind.audience != audience:
                    continue
                field = forms.ChoiceField(
                    label=str(kind.label),
                    choices=Channel.choices,
                    widget=forms.RadioSelect,
                    required=False,  # a kind left out of the POST keeps its setting
                    initial=chosen.get(code, kind.default),
                    help_text=(
                        gettext_lazy(
                            "An email about this always goes out, whatever you choose here: "
                            "this choice is about the notification."
                        )
                        if kind.mailed_by_process
                        else ""
                    ),
                )
                field.default_channel = kind.default  # type: ignore[attr-defined]
                self.fields[code] = field
                names.append(code)
            self.sections.append((str(Audience(audience).label), names))

    def grouped(self):
        """[(audience label, [bound fields])] for the template."""
        return [(label, [self[name] for name in names]) for label, names in self.sections]


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: MemberRequest) -> HttpResponse:
    user = request.user
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "channel"))
    form = PreferencesForm(request.POST or None, audiences=audiences_for(user), chosen=chosen)
    if request.method == "POST" and form.is_valid():
        for code, channel in form.cleaned_data.items():
            if channel and channel != chosen.get(code, kinds.KINDS[code].default):
                services.set_preference(user=user, kind=code, channel=channel)
        messages.success(request, _("Your email settings are saved."))
        return redirect("notifications:preferences")
    status = 400 if request.method == "POST" else 200
    return render(request, "notifications/preferences.html", {"form": form}, status=status)


def _what(stop: Unsubscribe) -> str:
    if stop.kind:
        return str(kinds.KINDS[stop.kind].label)
    if stop.period == Channel.DAILY:
        return _("the daily digest")
    return _("the weekly digest")


def _apply(stop: Unsubscribe, user) -> None:
    """Email no more: the kind, or every kind that now goes into this digest, in the app only."""
    if stop.kind:
        services.set_preference(user=user, kind=stop.kind, channel=Channel.APP)
        return
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "channel"))
    for code, kind in kinds.KINDS.items():
        if chosen.get(code, kind.default) == stop.period:
            services.set_preference(user=user, kind=code, channel=Channel.APP)


@csrf_exempt  # RFC 8058: a mail client posts without a CSRF token; the signed token is the key
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    stop = read_unsubscribe_token(token)
    user = None
    if stop is not None:
        user = get_user_model().objects.filter(pk=stop.user_id, is_active=True).first()
    if stop is None or user is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=404)
    context = {"what": _what(stop), "stop": stop, "token": token}
    if request.method == "POST":
        _apply(stop, user)
        return render(request, "notifications/unsubscribe_done.html", context)
    return render(request, "notifications/unsubscribe.html", context)


urls = [
    path("notifications/preferences/", preferences, name="preferences"),
    path("notifications/unsubscribe/<str:token>/", unsubscribe, name="unsubscribe"),
]
