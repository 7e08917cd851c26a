"""Shared pieces of the permission table: roles, the World every row runs in, and Row."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from leerplatform.editions.models import Role
from tests import factories

# `ex_member`: a participant who was a member AND coordinator of every learning group of the
# World's edition, with a document and a post in each, and then left the edition ("Stoppen met
# deze editie"). Rows that say nothing for `ex_member` expect what they expect for the outsider
# (see `expected`): once out, one is out.
ROLES = ["visitor", "outsider", "participant", "facilitator", "staff", "ex_member"]


@dataclass
class World:
    """One edition with a person in every role, and a second participant to look at."""

    edition: object
    other: object  # a participant with a visible photo
    users: dict = field(default_factory=dict)


@pytest.fixture
def world(db) -> World:
    edition = factories.make_edition()
    other = factories.make_member(edition, name="Olga Other")
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    other.photo.save("x.png", ContentFile(buffer.getvalue()))
    users = {
        "visitor": None,
        "outsider": factories.make_user(name="Otto Outsider"),
        "participant": factories.make_member(edition, role=Role.PARTICIPANT),
        "facilitator": factories.make_member(edition, role=Role.FACILITATOR),
        "staff": factories.make_user(is_staff=True, is_superuser=True),
        "ex_member": factories.make_member(edition, role=Role.PARTICIPANT, name="Xavi Ex"),
    }
    return World(edition=edition, other=other, users=users)


def make_ex_member(w: World) -> None:
    """Make `ex_member` what its name says, in the groups the row made: a coordinator of every
    learning group of the edition, with a group-only document and a post in each of its threads,
    who then leaves the edition through the real service."""
    from leerplatform.groups.models import GroupMembership, LearningGroup, Post
    from leerplatform.library.models import DocumentKind
    from leerplatform.library.services.documents import create_document
    from leerplatform.membership.services.participation import leave_edition

    ex = w.users["ex_member"]
    for group in LearningGroup.objects.filter(edition=w.edition):
        GroupMembership.objects.update_or_create(
            group=group, user=ex, defaults={"is_coordinator": True, "left_at": None}
        )
        ex.__dict__.pop("_group_roles", None)
        create_document(
            edition=w.edition,
            actor=ex,
            title=f"Werkstuk van de ex in {group.name}",
            summary="Wat de ex inbracht.",
            kind=DocumentKind.TOOLKIT,
            group=group,
            visibility="group",
        )
        for thread in group.threads.all():
            Post.objects.create(thread=thread, author=ex, text="Een bericht van de ex.")
    leave_edition(edition=w.edition, user=ex)
    for cached in ("_group_roles", "_edition_roles"):
        ex.__dict__.pop(cached, None)


def expected(row: Row, role: str) -> int:
    """The status `row` expects for `role`; the ex-member defaults to the outsider's."""
    if role == "ex_member" and role not in row.expect:
        return row.expect["outsider"]
    return row.expect[role]


@dataclass(frozen=True)
class Row:
    name: str
    url: object  # a function of World returning the path
    expect: dict  # role -> status
    method: str = "get"
    data: dict | None = None


def _all(status: int) -> dict:
    return dict.fromkeys(ROLES, status)


def _logged_in(status: int, visitor: int = 302) -> dict:
    return {"visitor": visitor} | dict.fromkeys(ROLES[1:], status)


def _slug(w: World) -> dict:
    return {"slug": w.edition.slug}
