"""The Markdown editor: the widget every Markdown field uses (toolbar, preview, help line) and the
preview endpoint that renders a text with the same sanitiser as the page."""

from __future__ import annotations

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import translation

from leerplatform.core import views
from leerplatform.core.widgets import MarkdownTextarea
from leerplatform.groups.forms.discussions import ThreadForm
from leerplatform.groups.forms.reports import ReportForm
from leerplatform.groups.forms.workplan import WorkPlanForm
from leerplatform.library.forms.documents import DocumentForm
from leerplatform.meetings.forms.meetings import ProgrammeItemForm
from leerplatform.membership.forms.people import AgreementsForm
from leerplatform.proposals.forms import CallForm, ProposalForm
from leerplatform.reflection.forms.journal import GroupReflectionForm
from tests import factories

PREVIEW = "core:markdown_preview"


class _Form(forms.Form):
    text = forms.CharField(
        label="Tekst", help_text="Hooguit 100 tekens.", max_length=100, widget=MarkdownTextarea()
    )


def test_the_widget_renders_a_hidden_toolbar_the_textarea_a_preview_region_and_the_help_line():
    html = str(_Form(initial={"text": "**hoi**"})["text"])

    assert '<textarea name="text"' in html and "**hoi**</textarea>" in html
    assert 'maxlength="100"' in html
    # The toolbar exists for the script; without it the bar stays hidden.
    assert "data-markdown-toolbar hidden" in html
    for action in ("bold", "italic", "heading", "bullets", "numbers", "link"):
        assert f'data-markdown-action="{action}"' in html
    assert html.count('type="button"') == 7  # six tools and the preview, never a submit button
    assert f'hx-post="{reverse(PREVIEW)}"' in html
    assert 'hx-params="csrfmiddlewaretoken,markdown_field,text"' in html
    assert 'id="id_text_preview" aria-live="polite"' in html
    assert 'hx-target="#id_text_preview"' in html
    assert reverse("core:markdown_help") in html
    # markdown-editor.js comes with every page, in leerplatform/js/bundle.js (base.html); the
    # widget adds no script of its own, inline (the CSP allows none) or not.
    assert "<script" not in html


def test_the_textarea_is_described_by_the_field_help_and_the_formatting_help():
    html = str(_Form()["text"])

    assert 'aria-describedby="id_text_helptext id_text_markdown_help"' in html
    assert 'id="id_text_markdown_help"' in html


def test_the_toolbar_and_help_speak_dutch():
    with translation.override("nl"):
        html = str(_Form()["text"])

    assert 'aria-label="Vet"' in html and 'aria-label="Cursief"' in html
    assert ">Voorbeeld</button>" in html
    assert "Opmaak met Markdown" in html


@pytest.mark.parametrize(
    ("form_class", "names"),
    [
        (ThreadForm, ["text"]),
        (ReportForm, ["what_we_did", "what_we_learned", "results", "next_steps", "questions"]),
        (DocumentForm, ["body"]),
        (AgreementsForm, ["text"]),
        (ProgrammeItemForm, ["description"]),
        (CallForm, ["description"]),
        (ProposalForm, ["description"]),
        (GroupReflectionForm, ["text"]),
    ],
)
def test_markdown_fields_use_the_editor_and_no_bare_markdown_help(form_class, names):
    fields = form_class.base_fields
    for name in names:
        assert isinstance(fields[name].widget, MarkdownTextarea), name
        assert "Markdown" not in str(fields[name].help_text), name


def test_every_work_plan_part_uses_the_editor():
    assert all(
        isinstance(WorkPlanForm.base_fields[name].widget, MarkdownTextarea)
        for name in WorkPlanForm._meta.fields
    )


@pytest.fixture
def member_client(participant):
    client = Client()
    client.force_login(participant)
    return client


def _preview(client, text, field="text"):
    return client.post(reverse(PREVIEW), {"markdown_field": field, field: text})


def test_the_preview_renders_markdown_as_the_page_does(member_client):
    response = _preview(member_client, "Dit is **vet** en *schuin*.\n\n- een\n- twee")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>vet</strong>" in html and "<em>schuin</em>" in html
    assert "<li>een</li>" in html
    assert "<html" not in html  # a fragment, not a page


def test_the_preview_reads_the_field_the_button_names(member_client):
    response = member_client.post(
        reverse(PREVIEW),
        {"markdown_field": "ambition", "ambition": "# Ons doel", "approach": "**niet dit**"},
    )

    html = response.content.decode()
    assert "<h2>Ons doel</h2>" in html  # headings start at h2, as on the page
    assert "niet dit" not in html


def test_the_preview_sanitises_script(member_client):
    response = _preview(
        member_client, "Hallo <script>alert('x')</script> [klik](javascript:alert(1))"
    )

    html = response.content.decode()
    assert "<script" not in html.lower() and "alert" not in html
    assert "javascript:" not in html


def test_an_empty_text_says_there_is_nothing_to_preview(member_client):
    response = _preview(member_client, "   ")

    assert response.status_code == 200
    assert "Er is nog niets om te laten zien." in response.content.decode()


def test_a_text_beyond_the_limit_gets_a_dutch_message_not_a_preview(member_client):
    response = _preview(member_client, "a" * (views.PREVIEW_MAX_CHARS + 1))

    assert response.status_code == 413
    assert "Deze tekst is te lang voor een voorbeeld (hooguit 50.000 tekens)." in (
        response.content.decode()
    )


def test_a_text_at_the_limit_is_previewed(member_client):
    response = _preview(member_client, "a" * views.PREVIEW_MAX_CHARS)

    assert response.status_code == 200


def test_the_preview_is_rate_limited_per_person(member_client, settings):
    settings.MARKDOWN_PREVIEW_RATE_PER_MINUTE = 3
    statuses = [_preview(member_client, "hoi").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    response = _preview(member_client, "hoi")
    assert "Je hebt in korte tijd veel voorbeelden gevraagd." in response.content.decode()


def test_a_visitor_is_sent_to_log_in(db):
    response = _preview(Client(), "**hoi**")

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_an_inactive_account_may_not_preview(db):
    user = factories.make_user(name="Ina Inactief")
    client = Client()
    client.force_login(user)
    user.is_active = False
    user.save()

    response = _preview(client, "**hoi**")

    assert response.status_code in (302, 403)
    assert "<strong>" not in response.content.decode()


def test_the_preview_needs_the_csrf_token(participant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(participant)

    assert _preview(client, "**hoi**").status_code == 403


def test_the_preview_answers_post_only(member_client):
    assert member_client.get(reverse(PREVIEW)).status_code == 405


def test_the_help_page_shows_examples_rendered_by_the_sanitiser(client, db):
    response = client.get(reverse("core:markdown_help"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>vet</strong>" in html
    assert "Opmaak met Markdown" in html
