"""`{% load following %}`: the follow button on a thing's page and the "Volgend" list.

Each tag reads a fixed number of rows whatever the data: the button one (is this followed?), the
list the person's follows with their things (one query per kind of thing) and the person's
editions and groups once, to leave out what they may no longer see.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from leerplatform.core import fragments
from leerplatform.core.shared_reads import personal
from leerplatform.core.statements import Statement
from leerplatform.core.visibility import GROUP_TIERS, Visibility
from leerplatform.editions.models import Theme
from leerplatform.editions.rules import roles_of
from leerplatform.groups.models import GroupMembership, LearningGroup, Thread
from leerplatform.library.models import Document
from leerplatform.notifications.models import Follow
from leerplatform.notifications.views.follow import FOLLOWABLE, code_of, may_follow

register = template.Library()

KIND_LABELS = {
    "thread": _("Discussion"),
    "document": _("Document"),
    "group": _("Learning group"),
    "theme": _("Theme"),
}


def _request_path(context) -> str:
    request = context.get("request")
    return request.get_full_path() if request is not None else ""


@register.simple_tag(takes_context=True)
def follow_button(context, thing) -> str:
    """A follow / unfollow button for `thing`, on the page that shows it (so its view has asked
    whether the viewer may see it), for those who may follow it: one query, none while it is
    kept for the person. The button's HTML is the same for everyone who follows (or not) the
    same thing from the same page: kept as a shared fragment (`core.fragments`), with the
    request's own CSRF token put in."""
    user = context.get("user")
    if thing is None or not may_follow(user, thing, shown=True):
        return ""
    values = {
        "kind": code_of(thing),
        "thing": thing,
        "following": _is_following(user, thing),
        "next": _request_path(context),
    }
    vary = [values["kind"], str(thing.pk), str(values["following"]), values["next"]]
    html = fragments.fragment(
        "follow-button",
        vary,
        lambda: render_to_string(
            "notifications/_follow_button.html", {**values, "csrf_token": fragments.CSRF_HOLE}
        ),
    )
    return mark_safe(fragments.fill_csrf(html, context.get("csrf_token")))  # noqa: S308


# Through the content type's natural key: one query, also in a process that has not read the
# content type yet (services.is_following looks it up first); SQL built once (core.statements).
_FOLLOWS = Statement(
    lambda user_id, app_label, model, target_id: Follow.objects.filter(
        user_id=user_id,
        target_type__app_label=app_label,
        target_type__model=model,
        target_id=target_id,
    ).values_list("pk")[:1]
)


def _is_following(user, thing) -> bool:
    """Kept for the person (`core.shared_reads.personal`): a follow is a private row, and
    following or unfollowing moves their own version."""
    meta = thing._meta
    key = (meta.app_label, meta.model_name, str(thing.pk))
    return personal(
        "follows:{}.{}:{}".format(*key), user, lambda: bool(_FOLLOWS.rows(user.pk, *key))
    )


def _sees(thing, *, visibility: str, edition_id: int, group_id, editions, groups) -> bool:
    if edition_id not in editions:
        return False
    if visibility in GROUP_TIERS:
        return group_id in groups
    return visibility in (Visibility.PLATFORM, Visibility.PUBLIC)


def following_rows(user) -> list[dict]:
    """What `user` follows and may still see, newest first, each with its label and link."""
    if not getattr(user, "is_authenticated", False):
        return []
    query = (
        Follow.objects.filter(user=user)
        .select_related("target_type")
        .prefetch_related(
            GenericPrefetch(
                "target",
                [
                    Thread.objects.select_related("group"),
                    Document.objects.alive(),
                    LearningGroup.objects.all(),
                    Theme.objects.select_related("edition"),
                ],
            )
        )
    )
    follows = list(query)
    editions = roles_of(user)
    groups = set(
        GroupMembership.objects.active().filter(user=user).values_list("group_id", flat=True)
    )
    rows = []
    for row in follows:
        thing: Any = row.target
        code = code_of(thing)
        if thing is None or code is None:
            continue
        if isinstance(thing, Thread):
            seen = _sees(
                thing,
                visibility=thing.visibility,
                edition_id=thing.group.edition_id,
                group_id=thing.group_id,
                editions=editions,
                groups=groups,
            )
        elif isinstance(thing, Document):
            seen = _sees(
                thing,
                visibility=thing.visibility,
                edition_id=thing.edition_id,
                group_id=thing.group_id,
                editions=editions,
                groups=groups,
            )
        else:
            seen = thing.edition_id in editions
        if not seen:
            continue
        rows.append(
            {
                "kind": code,
                "thing": thing,
                "label": thing.title if hasattr(thing, "title") else thing.name,
                "label_kind": KIND_LABELS[code],
                "url": FOLLOWABLE[code].url(thing),
            }
        )
    return rows


@register.inclusion_tag("notifications/_following_list.html", takes_context=True)
def following_list(context):
    """The "Volgend" list of the person looking at their own profile, with unfollow."""
    return {
        "rows": following_rows(context.get("user")),
        "next": _request_path(context),
        "csrf_token": context.get("csrf_token"),
    }
