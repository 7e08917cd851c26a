"""Shared pieces of the permission table: roles, the World every row runs in, and Row."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from leerplatform.editions.models import Role
from tests import factories

ROLES = ["visitor", "outsider", "participant", "facilitator", "staff"]


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
    }
    return World(edition=edition, other=other, users=users)


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
