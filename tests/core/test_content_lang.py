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


def _marked(html: str) -> list[tuple[str, str]]:
    main = html.split("<main", 1)[1]
    return [
        (tag, text.strip())
        for tag, text in re.findall(r'<(\w+)[^>]* lang="nl"[^>]*>\s*([^<]*)', main)
    ]


def test_group_thread_activity_and_theme_texts_are_marked_as_dutch_in_english(edition, participant):
    from leerplatform.groups.services import activities, discussions
    from tests.groups.factories_activities import activity_fields, make_group

    group = make_group(edition, members=[participant], name="Leergroep Wendbaar")
    group.description = "Wij leren **samen**."
    group.save()
    thread = discussions.start_thread(
        group=group, author=participant, title="Eerste vraag", text="Wie begint?"
    )
    activities.log_activity(group=group, actor=participant, **activity_fields())
    theme = edition.themes.first()
    client = client_for(participant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    group_page = _marked(client.get(reverse("groups:detail", args=[group.pk])).content.decode())
    assert ("h1", "Leergroep Wendbaar") in group_page
    assert ("a", "Eerste vraag") in group_page
    assert ("a", "Intervisie over teamcoaching") in group_page
    assert ("h1", "Eerste vraag") in _marked(
        client.get(reverse("groups:thread", args=[thread.pk])).content.decode()
    )
    assert ("h2", "Intervisie over teamcoaching") in _marked(
        client.get(reverse("groups:activities", args=[group.pk])).content.decode()
    )
    theme_page = client.get(reverse("library:theme", args=[edition.slug, theme.pk]))
    assert ("h1", theme.title) in _marked(theme_page.content.decode())
    list_page = client.get(reverse("groups:list", args=[edition.slug])).content.decode()
    assert ("a", "Leergroep Wendbaar") in _marked(list_page)

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    dutch = client.get(reverse("groups:detail", args=[group.pk])).content.decode()
    assert _marked(dutch) == []
