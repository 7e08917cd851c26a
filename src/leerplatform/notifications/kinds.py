"""What a notification can be about: its kind, who gets it, how it reads, and how it is sent by
default.

Each kind is one line of a person's email preferences. The sentence is written per kind with
named placeholders (`actor`, `target`, `where`) and rendered in the reader's language when the
notification is shown or mailed; a confidential notification shows its `confidential` sentence,
which names neither the thing nor what was said.

Defaults follow what members of comparable networks praise (Discourse, Decidim): decisions,
mentions and anything with a deadline by email at once; the rest in a weekly digest, so that a
network that meets four times a year hears from the platform about once a week.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Channel(models.TextChoices):
    APP = "app", _("In the app only")
    INSTANT = "instant", _("Email at once")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("Off")


class Audience(models.TextChoices):
    FACILITATORS = "facilitators", _("For facilitators")
    COORDINATORS = "coordinators", _("For coordinators")
    MEMBERS = "members", _("For you as a member")
    EVERYONE = "everyone", _("For everyone in an edition")


@dataclass(frozen=True)
class Kind:
    code: str
    label: Promise  # the line in the preferences ("A new application")
    sentence: Promise  # "{actor} applied to {where}"
    confidential: Promise | None  # the sentence when the thing is confidential
    audience: str
    default: str
    # An email for this event goes out anyway, from the process itself (a decision with its links,
    # a meeting's registration): the preference only decides about the notification.
    mailed_by_process: bool = False


def _kind(code, label, sentence, *, audience, default, confidential=None, mailed_by_process=False):
    return Kind(code, label, sentence, confidential, audience, default, mailed_by_process)


A = Audience
C = Channel

KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in [
        # Facilitators
        _kind(
            "application_received",
            _("A new application"),
            _("{actor} applied to take part in {where}"),
            audience=A.FACILITATORS,
            default=C.DAILY,
        ),
        _kind(
            "call_closing",
            _("A call for proposals is about to close"),
            _("The call for proposals “{target}” closes soon"),
            audience=A.FACILITATORS,
            default=C.INSTANT,
        ),
        _kind(
            "reports_missing",
            _("Progress reports missing before a meeting"),
            _("Progress reports are still missing for {target}"),
            audience=A.FACILITATORS,
            default=C.INSTANT,
        ),
        # Coordinators
        _kind(
            "join_requested",
            _("A request to join your group"),
            _("{actor} asks to join {target}"),
            audience=A.COORDINATORS,
            default=C.INSTANT,
        ),
        _kind(
            "workplan_to_agree",
            _("A work plan to agree"),
            _("{actor} changed the work plan of {target}"),
            audience=A.COORDINATORS,
            default=C.WEEKLY,
        ),
        # Members
        _kind(
            "application_decided",
            _("The decision on your application"),
            _("Your application to {where}: {detail}"),
            audience=A.MEMBERS,
            default=C.APP,
            mailed_by_process=True,
        ),
        _kind(
            "join_decided",
            _("The answer to your request to join a group"),
            _("Your request to join {target}: {detail}"),
            audience=A.MEMBERS,
            default=C.INSTANT,
        ),
        _kind(
            "group_assigned",
            _("A facilitator adds you to a learning group"),
            _("{actor} added you to {target}"),
            audience=A.MEMBERS,
            default=C.APP,
            mailed_by_process=True,
        ),
        _kind(
            "group_removed",
            _("A facilitator takes you out of a learning group"),
            _("{actor} took you out of {target}"),
            audience=A.MEMBERS,
            default=C.APP,
            mailed_by_process=True,
        ),
        _kind(
            "post",
            _("A new post or reply in a discussion you follow"),
            _("{actor} wrote in “{target}”"),
            confidential=_("There is a new post in a confidential discussion of {where}"),
            audience=A.MEMBERS,
            default=C.WEEKLY,
        ),
        _kind(
            "mention",
            _("Someone mentions you"),
            _("{actor} mentioned you in “{target}”"),
            confidential=_("You were mentioned in a confidential discussion of {where}"),
            audience=A.MEMBERS,
            default=C.INSTANT,
        ),
        _kind(
            "document_added",
            _("A document added to your group or a theme you follow"),
            _("{actor} added “{target}” to {where}"),
            confidential=_("A confidential document was added to {where}"),
            audience=A.MEMBERS,
            default=C.WEEKLY,
        ),
        _kind(
            "document_version",
            _("A new version of a document you follow"),
            _("{actor} added a new version of “{target}”"),
            confidential=_("A confidential document of {where} has a new version"),
            audience=A.MEMBERS,
            default=C.WEEKLY,
        ),
        _kind(
            "proposal_supported",
            _("Support for your proposal"),
            _("{actor} supports your proposal “{target}”"),
            audience=A.MEMBERS,
            default=C.WEEKLY,
        ),
        _kind(
            "proposal_commented",
            _("A comment on your proposal"),
            _("{actor} commented on your proposal “{target}”"),
            audience=A.MEMBERS,
            default=C.WEEKLY,
        ),
        _kind(
            "proposal_chosen",
            _("Your proposal is chosen (or not)"),
            _("Your proposal “{target}”: {detail}"),
            audience=A.MEMBERS,
            default=C.INSTANT,
        ),
        _kind(
            "programme",
            _("A meeting's programme published or changed"),
            _("The programme of {target} was published or changed"),
            audience=A.MEMBERS,
            default=C.WEEKLY,
        ),
        _kind(
            "meeting_reminder",
            _("A reminder before a meeting"),
            _("{target} is coming up: {detail}"),
            audience=A.MEMBERS,
            default=C.INSTANT,
            # meetings' send_meeting_reminders emails it (with the .ics and the cancel link)
            mailed_by_process=True,
        ),
        _kind(
            "reflection_requested",
            _("A request to reflect or evaluate"),
            _("You are asked to reflect on or evaluate {target}"),
            audience=A.MEMBERS,
            default=C.INSTANT,
        ),
        _kind(
            "consent_requested",
            _("A request for your consent to publish"),
            _("Your consent is asked to publish “{target}”"),
            audience=A.MEMBERS,
            default=C.INSTANT,
        ),
        _kind(
            "consent_outcome",
            _("The outcome of a consent request"),
            _("“{target}”: {detail}"),
            audience=A.MEMBERS,
            default=C.WEEKLY,
        ),
        _kind(
            "report_due",
            _("A progress report due"),
            _("The progress report of {target} is due: {detail}"),
            audience=A.MEMBERS,
            default=C.INSTANT,
        ),
        _kind(
            "closing_report",
            _("The closing report published"),
            _("The closing report of {where} is published"),
            audience=A.MEMBERS,
            default=C.WEEKLY,
        ),
        # Everyone in an edition
        _kind(
            "phase_changed",
            _("The edition moves to a new phase"),
            _("{where} is now in the phase “{detail}”"),
            audience=A.EVERYONE,
            default=C.WEEKLY,
        ),
    ]
}

# The preferences page: who a group of kinds is for, in this order.
AUDIENCE_ORDER = [A.MEMBERS, A.EVERYONE, A.COORDINATORS, A.FACILITATORS]

DEFAULT_SENTENCE = pgettext_lazy("notification", "{actor} did something in {where}")


def get(code: str) -> Kind | None:
    return KINDS.get(code)
