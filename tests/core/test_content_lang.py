"""What people wrote is marked lang="nl" in the English interface (WCAG 3.1.2), nothing in Dutch."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def render(language: str) -> str:
    with translation.override(language):
        return Template("{% load leerplatform %}<div{% content_lang %}>x</div>").render(Context())


def test_the_tag_marks_dutch_content_only_when_the_interface_is_not_dutch():
    assert render("nl") == "<div>x</div>"
    assert render("en") == '<div lang="nl">x</div>'


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_meeting_page_marks_its_title_and_description_as_dutch_in_english(
    edition, participant, language
):
    meeting = factories.make_meeting(
        edition, title="Slotbijeenkomst", description="Een dag vol **werkplaatsen**."
    )
    client = client_for(participant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    main = html.split("<main", 1)[1]
    marked = re.findall(r'<(\w+)[^>]* lang="nl"[^>]*>\s*([^<]*)', main)
    if language == "en":
        assert ("h1", "Slotbijeenkomst") in marked
        assert any(tag == "div" for tag, _ in marked)
        assert re.search(r'lang="nl">\s*<p>Een dag vol <strong>werkplaatsen', main)
    else:
        assert marked == []
