"""Rows of the permission table for the membership app (see tests/test_permissions.py)."""

from __future__ import annotations

from django.urls import reverse

from tests.permission_support import Row, _slug

# --- People: agreements, "Who is who", institutions, leaving -------------------------------------
# In the World the participant has not accepted anything and there is no Agreement; rows that need
# one publish it in their url function (idempotent: the url function may be called twice).


def _with_agreements(w) -> dict:
    from leerplatform.membership.models import Agreement
    from leerplatform.membership.services.agreements import publish_agreements

    if not Agreement.objects.filter(edition=w.edition).exists():
        publish_agreements(
            edition=w.edition, text="We delen wat we leren.", actor=w.users["facilitator"]
        )
    return _slug(w)


_MEMBERS = {"visitor": 302, "outsider": 403, "participant": 200, "facilitator": 200, "staff": 200}
_FACILITATORS = {
    "visitor": 302,
    "outsider": 403,
    "participant": 403,
    "facilitator": 200,
    "staff": 200,
}

ROWS_PEOPLE = [
    Row(
        "membership:agreements",
        lambda w: reverse("membership:agreements", kwargs=_slug(w)),
        _MEMBERS,
    ),
    Row(
        "membership:agreements",
        lambda w: reverse("membership:agreements", kwargs=_with_agreements(w)),
        _MEMBERS,
    ),
    Row(
        "membership:agreements",  # accepting: members only (staff read, but are not members)
        lambda w: reverse("membership:agreements", kwargs=_with_agreements(w)),
        {"visitor": 302, "outsider": 403, "participant": 302, "facilitator": 302, "staff": 403},
        method="post",
        data={"version": "1"},
    ),
    Row(
        "membership:edit_agreements",
        lambda w: reverse("membership:edit_agreements", kwargs=_slug(w)),
        _FACILITATORS,
    ),
    Row(
        "membership:edit_agreements",
        lambda w: reverse("membership:edit_agreements", kwargs=_slug(w)),
        {"visitor": 302, "outsider": 403, "participant": 403, "facilitator": 302, "staff": 302},
        method="post",
        data={"text": "## Afspraken\n\nWe delen wat we leren."},
    ),
    Row(
        "membership:directory", lambda w: reverse("membership:directory", kwargs=_slug(w)), _MEMBERS
    ),
    Row(
        "membership:directory",  # a participant who has not accepted the agreements goes there first
        lambda w: reverse("membership:directory", kwargs=_with_agreements(w)),
        _MEMBERS | {"participant": 302},
    ),
    Row(
        "editions:dashboard",
        lambda w: reverse("editions:dashboard", kwargs=_with_agreements(w)),
        _MEMBERS | {"participant": 302},
    ),
    Row(
        "membership:institutions",
        lambda w: reverse("membership:institutions", kwargs=_slug(w)),
        _MEMBERS,
    ),
    Row(
        "membership:institutions",
        lambda w: reverse("membership:institutions", kwargs=_with_agreements(w)),
        _MEMBERS | {"participant": 302},
    ),
    Row(
        "membership:leave",  # leaving needs no accepted agreements
        lambda w: reverse("membership:leave", kwargs=_with_agreements(w)),
        {"visitor": 302, "outsider": 403, "participant": 200, "facilitator": 403, "staff": 403},
    ),
    Row(
        "membership:leave",
        lambda w: reverse("membership:leave", kwargs=_slug(w)),
        {"visitor": 302, "outsider": 403, "participant": 302, "facilitator": 403, "staff": 403},
        method="post",
    ),
    Row(
        "membership:end_participation",
        lambda w: reverse(
            "membership:end_participation", kwargs=_slug(w) | {"user_id": w.other.pk}
        ),
        _FACILITATORS,
    ),
    Row(
        "membership:end_participation",
        lambda w: reverse(
            "membership:end_participation", kwargs=_slug(w) | {"user_id": w.other.pk}
        ),
        {"visitor": 302, "outsider": 403, "participant": 403, "facilitator": 302, "staff": 302},
        method="post",
        data={"reason": "Van baan gewisseld"},
    ),
]

# --- Invitations: the facilitators' page, the CSV import, the personal link --------------------
# Rows that need an invitation make it in their url function, idempotently (get_or_create).
from tests.permission_support import _all  # noqa: E402


class _CsvUpload:
    """A CSV upload that can be posted again for every role (the test client reads it each time)."""

    name = "uitnodigingen.csv"
    content_type = "text/csv"

    def read(self) -> bytes:
        return b"naam;e-mail;instelling\nNina Nieuw;nina.nieuw@example.org;\n"


def _invitation_link(w, *, email: str = "iemand.nieuw@example.org", state: str = "open") -> str:
    import datetime as dt

    from django.utils import timezone

    from leerplatform.membership.models import Invitation

    now = timezone.now()
    invitation, _created = Invitation.objects.get_or_create(
        edition=w.edition,
        email=email,
        defaults={"name": "Iemand Nieuw", "expires_at": now + dt.timedelta(days=14)},
    )
    if state == "expired" and not invitation.is_expired:
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=now - dt.timedelta(days=1))
    if state == "used" and not invitation.is_used:
        Invitation.objects.filter(pk=invitation.pk).update(accepted_at=now, accepted_by=w.other)
    return reverse("membership:accept_invitation", kwargs={"token": invitation.token})


_NEW_ACCOUNT = {
    "name": "Iemand Nieuw",
    "password1": "Zonnige-Dinsdag-42",
    "password2": "Zonnige-Dinsdag-42",
}
_FACILITATORS_POST = {
    "visitor": 302,
    "outsider": 403,
    "participant": 403,
    "facilitator": 302,
    "staff": 302,
}

ROWS_INVITATIONS = [
    Row(
        "membership:invitations",
        lambda w: reverse("membership:invitations", kwargs=_slug(w)),
        _FACILITATORS,
    ),
    Row(
        "membership:invitations",
        lambda w: reverse("membership:invitations", kwargs=_slug(w)),
        _FACILITATORS_POST,
        method="post",
        data={"email": "nieuw@example.org", "name": "Nieuw Persoon"},
    ),
    Row(
        "membership:import_invitations",
        lambda w: reverse("membership:import_invitations", kwargs=_slug(w)),
        _FACILITATORS,
    ),
    Row(
        "membership:import_invitations",  # the results are shown on the page itself
        lambda w: reverse("membership:import_invitations", kwargs=_slug(w)),
        _FACILITATORS,
        method="post",
        data={"file": _CsvUpload()},
    ),
    # The personal link: public. Logged-in people with another address are told to log out.
    Row("membership:accept_invitation", _invitation_link, _all(200)),
    Row(
        "membership:accept_invitation",
        _invitation_link,
        _all(200) | {"visitor": 302},  # the visitor's account is made and they are logged in
        method="post",
        data=_NEW_ACCOUNT,
    ),
    Row(
        "membership:accept_invitation",
        lambda w: reverse("membership:accept_invitation", kwargs={"token": "no-such-token"}),
        _all(404),
    ),
    Row(
        "membership:accept_invitation",
        lambda w: _invitation_link(w, state="expired"),
        _all(410),
    ),
    Row(
        "membership:accept_invitation",
        lambda w: _invitation_link(w, state="used"),
        _all(410),
        method="post",
        data=_NEW_ACCOUNT,
    ),
]

# --- Applications: applying, the confirmation link, the review ----------------------------------
# The World's edition takes no applications; rows that need it open it (idempotently), and rows
# that need an application make it in their url function (make_application is idempotent).


def _open_for_applications(w) -> dict:
    from leerplatform.editions.models import Edition
    from tests.membership.conftest import running_until

    Edition.objects.filter(pk=w.edition.pk).update(applications_open=True, ends_on=running_until())
    w.edition.applications_open = True
    w.edition.ends_on = running_until()
    return _slug(w)


def _an_application(w, **fields):
    from tests.membership.factories_applications import make_application

    return make_application(w.edition, email="aanmelder@example.org", **fields)


def _application_url(name: str, **fields):
    def url(w) -> str:
        application = _an_application(w, **fields)
        return reverse(name, kwargs=_slug(w) | {"pk": application.pk})

    return url


def _verify_url(w, *, used: bool = False) -> str:
    from django.utils import timezone

    from tests.membership.factories_applications import PASSWORD

    if used:
        application = _an_application(w, password=PASSWORD, email_verified_at=timezone.now())
    else:
        application = _an_application(w)
    return reverse(
        "membership:verify_application", kwargs={"token": application.verification_token}
    )


from tests.permission_support import _all  # noqa: E402

_REVIEWERS = {"visitor": 302, "outsider": 403, "participant": 403, "facilitator": 200, "staff": 200}
_NON_MEMBERS_200 = {
    "visitor": 200,
    "outsider": 200,
    "participant": 302,
    "facilitator": 302,
    "staff": 200,
}
_NEW_PASSWORD = {"new_password1": "Zonnige-Dinsdag-42", "new_password2": "Zonnige-Dinsdag-42"}

ROWS_APPLICATIONS = [
    # Closed for applications: a page that says so (members go to their dashboard).
    Row(
        "membership:apply", lambda w: reverse("membership:apply", kwargs=_slug(w)), _NON_MEMBERS_200
    ),
    Row(
        "membership:apply",
        lambda w: reverse("membership:apply", kwargs=_slug(w)),
        _NON_MEMBERS_200,
        method="post",
        data={"name": "Iemand"},
    ),
    Row(
        "membership:apply",
        lambda w: reverse("membership:apply", kwargs=_open_for_applications(w)),
        _NON_MEMBERS_200,
    ),
    Row(
        "membership:apply",  # incomplete: the form again, with its errors
        lambda w: reverse("membership:apply", kwargs=_open_for_applications(w)),
        _NON_MEMBERS_200,
        method="post",
        data={"name": "Iemand"},
    ),
    Row(
        "membership:apply",
        lambda w: reverse("membership:apply", kwargs={"slug": "no-such-edition"}),
        _all(404),
    ),
    Row(
        "membership:apply_sent",
        lambda w: reverse("membership:apply_sent", kwargs=_slug(w)),
        _all(200),
    ),
    Row("membership:verify_application", _verify_url, _all(200)),
    Row(
        "membership:verify_application",  # the password is set and the applicant logged in
        _verify_url,
        _all(302),
        method="post",
        data=_NEW_PASSWORD,
    ),
    Row(
        "membership:verify_application",
        lambda w: reverse("membership:verify_application", kwargs={"token": "no-such-token"}),
        _all(404),
    ),
    Row(
        "membership:verify_application",
        lambda w: _verify_url(w, used=True),
        _all(410),
        method="post",
        data=_NEW_PASSWORD,
    ),
    Row(
        "membership:my_applications",
        lambda w: reverse("membership:my_applications"),
        {"visitor": 302, "outsider": 200, "participant": 200, "facilitator": 200, "staff": 200},
    ),
    Row("membership:review", lambda w: reverse("membership:review", kwargs=_slug(w)), _REVIEWERS),
    Row(
        "membership:review",
        lambda w: reverse("membership:review", kwargs=_slug(w)) + "?status=waitlisted&page=2",
        _REVIEWERS,
    ),
    Row(
        "membership:review",  # nothing selected: the queue again, with the error
        lambda w: reverse("membership:review", kwargs=_slug(w)),
        _REVIEWERS,
        method="post",
        data={"decision": "waitlist"},
    ),
    Row(
        "membership:application_detail",
        _application_url("membership:application_detail"),
        _REVIEWERS,
    ),
    Row(
        "membership:application_detail",
        _application_url("membership:application_detail"),
        {"visitor": 302, "outsider": 403, "participant": 403, "facilitator": 302, "staff": 302},
        method="post",
        data={"decision": "waitlist"},
    ),
    Row(
        "membership:application_detail",
        lambda w: reverse("membership:application_detail", kwargs=_slug(w) | {"pk": 999999}),
        {"visitor": 302, "outsider": 403, "participant": 403, "facilitator": 404, "staff": 404},
    ),
    Row(
        "membership:promote",  # POST only
        _application_url("membership:promote", status="waitlisted"),
        {"visitor": 302, "outsider": 405, "participant": 405, "facilitator": 405, "staff": 405},
    ),
    Row(
        "membership:promote",
        _application_url("membership:promote", status="waitlisted"),
        {"visitor": 302, "outsider": 403, "participant": 403, "facilitator": 302, "staff": 302},
        method="post",
    ),
]

ROWS = [
    *globals().get("ROWS_APPLICATIONS", []),
    *globals().get("ROWS_INVITATIONS", []),
    *globals().get("ROWS_PEOPLE", []),
]
