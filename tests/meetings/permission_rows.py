"""Rows of the permission table for the meetings app (see tests/test_permissions.py)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tests.permission_support import Row, _all, _logged_in, _slug

# --- Meetings core: meetings, programme, calendars -----------------------------------------------
# Url functions make what they need idempotently (a url function may be called twice).

_FACILITATORS = {
    "visitor": 302,
    "outsider": 403,
    "participant": 403,
    "facilitator": 200,
    "staff": 200,
}
_FACILITATORS_POST = _FACILITATORS | {"facilitator": 302, "staff": 302}
_MEMBERS = {"visitor": 302, "outsider": 403, "participant": 200, "facilitator": 200, "staff": 200}


def _meeting(w, *, status: str = "published"):
    from leerplatform.meetings.models import Meeting
    from tests import factories

    title = f"Permission table meeting ({status})"
    meeting = Meeting.objects.filter(edition=w.edition, title=title).first()
    return meeting or factories.make_meeting(
        w.edition, day=dt.date(2019, 10, 10), status=status, title=title
    )


def _pk(w) -> dict:
    return {"pk": _meeting(w).pk}


def _draft_pk(w) -> dict:
    return {"pk": _meeting(w, status="draft").pk}


def _item(w) -> dict:
    from leerplatform.meetings.models import ProgrammeItem, ProgrammeItemKind

    meeting = _meeting(w)
    item = meeting.programme.first() or ProgrammeItem.objects.create(
        meeting=meeting,
        starts_at=dt.time(9, 30),
        ends_at=dt.time(12, 0),
        kind=ProgrammeItemKind.PLENARY_WORKSHOP,
        title="Plenaire werkplaats",
    )
    return {"pk": meeting.pk, "item_pk": item.pk}


def _feed_token(w) -> dict:
    from leerplatform.meetings.models import CalendarFeed

    feed, _ = CalendarFeed.objects.get_or_create(user=w.users["participant"])
    return {"token": feed.token}


def _meeting_data(w) -> dict:
    return {
        "title": "Extra bijeenkomst",
        "date": "2019-11-04",
        "start_time": "09:30",
        "end_time": "16:30",
        "kind": "regular",
        "status": "draft",
    }


ITEM_DATA = {"starts_at": "13:00", "ends_at": "15:30", "kind": "groups_at_work", "title": "Werk"}

ROWS_MEETINGS = [
    Row("meetings:list", lambda w: reverse("meetings:list", kwargs=_slug(w)), _MEMBERS),
    Row(
        "meetings:create",
        lambda w: reverse("meetings:create", kwargs=_slug(w)),
        _FACILITATORS,
    ),
    Row(
        "meetings:create",
        lambda w: reverse("meetings:create", kwargs=_slug(w)),
        _FACILITATORS_POST,
        method="post",
        data=_meeting_data(None),
    ),
    # A published meeting is public (the closing meeting has guests); a draft is not.
    Row("meetings:detail", lambda w: reverse("meetings:detail", kwargs=_pk(w)), _all(200)),
    Row(
        "meetings:detail", lambda w: reverse("meetings:detail", kwargs=_draft_pk(w)), _FACILITATORS
    ),
    Row("meetings:edit", lambda w: reverse("meetings:edit", kwargs=_pk(w)), _FACILITATORS),
    Row(
        "meetings:edit",
        lambda w: reverse("meetings:edit", kwargs=_pk(w)),
        _FACILITATORS_POST,
        method="post",
        data=_meeting_data(None) | {"status": "published"},
    ),
    Row(
        "meetings:programme", lambda w: reverse("meetings:programme", kwargs=_pk(w)), _FACILITATORS
    ),
    Row(
        "meetings:programme",
        lambda w: reverse("meetings:programme", kwargs=_pk(w)),
        _FACILITATORS_POST,
        method="post",
        data=ITEM_DATA,
    ),
    Row(
        "meetings:programme_item",
        lambda w: reverse("meetings:programme_item", kwargs=_item(w)),
        _FACILITATORS,
    ),
    Row(
        "meetings:programme_item",
        lambda w: reverse("meetings:programme_item", kwargs=_item(w)),
        _FACILITATORS_POST,
        method="post",
        data=ITEM_DATA,
    ),
    Row(
        "meetings:delete_programme_item",
        lambda w: reverse("meetings:delete_programme_item", kwargs=_item(w)),
        _FACILITATORS,  # GET asks for confirmation
    ),
    Row(
        "meetings:delete_programme_item",
        lambda w: reverse("meetings:delete_programme_item", kwargs=_item(w)),
        _FACILITATORS_POST | {"facilitator": 302, "staff": 302},
        method="post",
    ),
    Row("meetings:ics", lambda w: reverse("meetings:ics", kwargs=_pk(w)), _all(200)),
    Row("meetings:ics", lambda w: reverse("meetings:ics", kwargs=_draft_pk(w)), _FACILITATORS),
    Row(
        "meetings:ics",
        lambda w: reverse("meetings:ics", kwargs=_pk(w)),
        _all(405),  # a file to download, nothing to post
        method="post",
    ),
    Row(
        "meetings:calendar_settings",
        lambda w: reverse("meetings:calendar_settings"),
        _logged_in(200),
    ),
    Row(
        "meetings:calendar_settings",
        lambda w: reverse("meetings:calendar_settings"),
        _logged_in(302),
        method="post",
    ),
    # Public by secret token: whoever has the address gets the feed; a wrong token is a 404.
    Row(
        "meetings:calendar_feed",
        lambda w: reverse("meetings:calendar_feed", kwargs=_feed_token(w)),
        _all(200),
    ),
    Row(
        "meetings:calendar_feed",
        lambda w: reverse("meetings:calendar_feed", kwargs={"token": "not-a-token"}),
        _all(404),
    ),
]

# --- Registration, guests, attendance, exports (views/registrations.py) ------------------------
# The url functions make what a row needs in the World's edition, idempotently: an upcoming
# meeting (registration closes when a meeting starts), registrations, a guest's link.

_REG_MEMBERS_ONLY = {
    "visitor": 302,
    "outsider": 403,
    "participant": 200,
    "facilitator": 200,
    "staff": 403,  # staff see meetings but are no members: they do not register
}


def _reg_meeting(w, *, kind: str = "regular", status: str = "published"):
    from django.utils import timezone

    from leerplatform.meetings.models import Meeting

    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=30)
    meeting, _created = Meeting.objects.get_or_create(
        edition=w.edition,
        title=f"Registration table meeting ({kind}, {status})",
        defaults={
            "starts_at": starts,
            "ends_at": starts + dt.timedelta(hours=7),
            "kind": kind,
            "status": status,
            "capacity": 30,
        },
    )
    return meeting


def _reg_pk(w, **kwargs) -> dict:
    return {"pk": _reg_meeting(w, **kwargs).pk}


def _reg_member(w, meeting, user):
    from leerplatform.meetings.models import Registration
    from leerplatform.meetings.services.registrations import register_for_meeting

    registration = Registration.objects.filter(meeting=meeting, user=user).first()
    return registration or register_for_meeting(meeting=meeting, user=user)


def _reg_with_registrations(w) -> dict:
    """The upcoming meeting with the participant and the facilitator registered."""
    meeting = _reg_meeting(w)
    for role in ("participant", "facilitator"):
        _reg_member(w, meeting, w.users[role])
    return {"pk": meeting.pk}


def _reg_attendee(w) -> dict:
    """The meeting and the registration of the other participant (to check in)."""
    meeting = _reg_meeting(w)
    return {"pk": meeting.pk, "registration_pk": _reg_member(w, meeting, w.other).pk}


def _reg_guest_token(w) -> dict:
    from leerplatform.meetings.models import Registration
    from leerplatform.meetings.services.registrations import register_guest

    meeting = _reg_meeting(w, kind="closing")
    registration = Registration.objects.filter(
        meeting=meeting, guest_email="gast@example.org"
    ).first()
    if registration is None:
        registration = register_guest(
            meeting=meeting,
            name="Gert Gast",
            email="gast@example.org",
            organisation="Hogeschool Elders",
        ).registration
    return {"token": registration.token}


_REG_GUEST = {"name": "Vera Veld", "email": "vera.veld@example.org", "organisation": "Gemeente Ede"}

ROWS_REGISTRATION = [
    Row(
        "meetings:register",
        lambda w: reverse("meetings:register", kwargs=_reg_pk(w)),
        _REG_MEMBERS_ONLY,
    ),
    Row(
        "meetings:register",
        lambda w: reverse("meetings:register", kwargs=_reg_pk(w)),
        _REG_MEMBERS_ONLY | {"participant": 302, "facilitator": 302},
        method="post",
        data={"dietary_wishes": "vegetarisch", "remark": ""},
    ),
    Row(
        "meetings:register",  # a draft is invisible to all but its facilitators, who cannot register
        lambda w: reverse("meetings:register", kwargs=_reg_pk(w, status="draft")),
        {"visitor": 302, "outsider": 404, "participant": 404, "facilitator": 403, "staff": 403},
    ),
    Row(
        "meetings:unregister",  # not registered: back to the meeting page
        lambda w: reverse("meetings:unregister", kwargs=_reg_pk(w)),
        _REG_MEMBERS_ONLY | {"participant": 302, "facilitator": 302},
    ),
    Row(
        "meetings:unregister",
        lambda w: reverse("meetings:unregister", kwargs=_reg_with_registrations(w)),
        _REG_MEMBERS_ONLY,
    ),
    Row(
        "meetings:unregister",
        lambda w: reverse("meetings:unregister", kwargs=_reg_with_registrations(w)),
        _REG_MEMBERS_ONLY | {"participant": 302, "facilitator": 302},
        method="post",
    ),
    Row(
        "meetings:guest_register",
        lambda w: reverse("meetings:guest_register", kwargs=_reg_pk(w, kind="closing")),
        _all(200),
    ),
    Row(
        "meetings:guest_register",  # registering again with the same address resends the link
        lambda w: reverse("meetings:guest_register", kwargs=_reg_pk(w, kind="closing")),
        _all(200),
        method="post",
        data=_REG_GUEST,
    ),
    Row(
        "meetings:guest_register",  # a regular meeting has no guests
        lambda w: reverse("meetings:guest_register", kwargs=_reg_pk(w)),
        _all(404),
    ),
    Row(
        "meetings:guest_register",
        lambda w: reverse("meetings:guest_register", kwargs=_reg_pk(w)),
        _all(404),
        method="post",
        data=_REG_GUEST,
    ),
    Row(
        "meetings:guest_confirm",
        lambda w: reverse("meetings:guest_confirm", kwargs=_reg_guest_token(w)),
        _all(200),
    ),
    Row(
        "meetings:guest_confirm",
        lambda w: reverse("meetings:guest_confirm", kwargs=_reg_guest_token(w)),
        _all(200),
        method="post",
    ),
    Row(
        "meetings:guest_confirm",
        lambda w: reverse("meetings:guest_confirm", kwargs={"token": "not-a-token"}),
        _all(404),
    ),
    Row(
        "meetings:guest_cancel",
        lambda w: reverse("meetings:guest_cancel", kwargs=_reg_guest_token(w)),
        _all(200),
    ),
    Row(
        "meetings:guest_cancel",
        lambda w: reverse("meetings:guest_cancel", kwargs=_reg_guest_token(w)),
        _all(200),
        method="post",
    ),
    Row(
        "meetings:guest_cancel",
        lambda w: reverse("meetings:guest_cancel", kwargs={"token": "not-a-token"}),
        _all(404),
        method="post",
    ),
    Row(
        "meetings:attendance",
        lambda w: reverse("meetings:attendance", kwargs={"pk": _reg_attendee(w)["pk"]}),
        _FACILITATORS,
    ),
    Row(
        "meetings:check_in",
        lambda w: reverse("meetings:check_in", kwargs=_reg_attendee(w)),
        _FACILITATORS_POST,
        method="post",
        # The World's meeting is upcoming: checking in before its day needs a reason.
        data={"present": "1", "reason": "Permission table"},
    ),
    Row(
        "meetings:check_in",  # GET: the page that asks for the reason (another day)
        lambda w: reverse("meetings:check_in", kwargs=_reg_attendee(w)),
        _FACILITATORS,
    ),
    Row(
        "meetings:registrations_csv",
        lambda w: reverse("meetings:registrations_csv", kwargs=_reg_with_registrations(w)),
        _FACILITATORS,
    ),
    Row(
        "meetings:attendance_csv",
        lambda w: reverse("meetings:attendance_csv", kwargs=_reg_with_registrations(w)),
        _FACILITATORS,
    ),
]


ROWS = [*globals().get("ROWS_MEETINGS", []), *globals().get("ROWS_REGISTRATION", [])]
