"""A person card's heading reads "name Facilitator", not "(fictief)Facilitator" (issue 18)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags

from leerplatform.editions.models import Role
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_role_badge_is_a_separate_word_in_the_card_heading(edition, participant):
    factories.make_member(edition, role=Role.FACILITATOR, name="Fenna Faciliteerder (fictief)")
    client = client_for(participant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("membership:directory", args=[edition.slug])).content.decode()
    headings = [
        " ".join(strip_tags(h).split())
        for h in re.findall(r'<h3 class="person-card__name">(.*?)</h3>', html, re.S)
    ]
    assert "Fenna Faciliteerder (fictief) Facilitator" in headings, headings
