"""Forms that come back with errors (issue 18, WCAG 3.3.1, 3.3.2, 1.3.1): one error summary at the
top of every such form, focused by core's form-focus.js; each error tied to its field; required
fields marked in words in their label, once, by the site's field template (`FORM_RENDERER`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.conftest import client_for
from tests.membership.factories_applications import make_application

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "leerplatform"
SUMMARY = "core/_error_summary.html"


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def label_of(html: str, field_id: str) -> str:
    found = re.search(rf'<label for="{field_id}"[^>]*>(.*?)</label>', html, re.S)
    assert found, f"no label for {field_id}"
    return found.group(1)


def summary_of(html: str) -> str:
    found = re.search(r'<div class="error-summary"[^>]*data-error-summary>(.*?)</div>', html, re.S)
    assert found, "no error summary"
    return found.group(1)


class Example(forms.Form):
    title = forms.CharField(label="Title")
    note = forms.CharField(label="Note", required=False)
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A")], widget=forms.RadioSelect)
    secret = forms.CharField(widget=forms.HiddenInput)


def test_a_required_field_says_so_in_its_label_and_an_optional_one_does_not():
    form = Example()
    with translation.override("nl"):
        assert "(verplicht)" in form["title"].as_field_group()
    with translation.override("en"):
        assert label_of(form["title"].as_field_group(), "id_title") == (
            'Title: <span class="field-required">(required)</span>'
        )
    assert label_of(form["note"].as_field_group(), "id_note") == "Note:"
    with translation.override("en"):
        assert '<legend>Kind: <span class="field-required">(required)</span></legend>' in (
            form["kind"].as_field_group()
        )
    assert "field-required" not in form["secret"].as_field_group()


def test_a_field_error_is_tied_to_its_field():
    form = Example(data={})
    html = form["title"].as_field_group()
    assert '<ul class="errorlist" id="id_title_error">' in html
    assert 'aria-invalid="true" aria-describedby="id_title_error"' in html
    assert '<fieldset aria-describedby="id_kind_error">' in form["kind"].as_field_group()


def test_no_template_shows_non_field_errors_outside_the_summary():
    """Every form that reloads with errors starts with the one summary: a template that shows a
    form's non-field errors itself has no summary (and no focus moved to its errors)."""
    stray = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.glob("*/templates/**/*.html")
        if "non_field_errors }}" in path.read_text() and path.name != "_error_summary.html"
    ]
    assert stray == []


def test_the_summary_lists_every_error_with_a_link_to_its_field():
    form = Example(data={"kind": "a"})
    form.add_error(None, "Both cannot be.")
    summary = render_to_string(SUMMARY, {"form": form})
    assert 'class="error-summary" tabindex="-1" data-error-summary' in summary
    assert "<li>Both cannot be.</li>" in summary
    assert '<a href="#id_title">Title: ' in summary
    # A hidden field's error is listed without a link (there is nothing to go to).
    assert summary.count("<li>") == 3 and summary.count("<li><a") == 1
    assert render_to_string(SUMMARY, {"form": Example()}).strip() == ""


def test_a_group_of_choices_is_reached_through_its_container():
    form = Example(data={"title": "x", "secret": "s"})
    summary = render_to_string(SUMMARY, {"form": form})
    assert '<a href="#id_kind">Kind: ' in summary
    assert 'id="id_kind"' in form["kind"].as_field_group()  # the div around the choices


def test_a_wrong_password_is_summarised_and_tied_to_both_fields(facilitator):
    client = english(Client())
    response = client.post(
        reverse("account_login"), {"login": facilitator.email, "password": "not-the-password"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<li id="login-error-1">' in summary_of(html)
    for name in ("login", "password"):
        field = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        assert 'aria-invalid="true"' in field
        assert 'aria-describedby="login-error-1"' in field
    assert 'class="field-required"' in label_of(html, "id_login")


def test_allauth_pages_draw_the_summary_and_the_marked_fields():
    response = english(Client()).post(reverse("account_reset_password"), {"email": ""})
    html = response.content.decode()
    assert '<a href="#id_email">' in summary_of(html)
    assert 'class="field-required"' in label_of(html, "id_email")


def test_the_meeting_form_comes_back_with_a_summary_and_marked_fields(edition, facilitator):
    url = reverse("meetings:create", kwargs={"slug": edition.slug})
    html = english(client_for(facilitator)).post(url, {"title": ""}).content.decode()
    assert '<a href="#id_title">' in summary_of(html)
    assert 'class="field-required"' in label_of(html, "id_title")
    assert 'class="field-required"' not in label_of(html, "id_description")


def test_the_profile_marks_the_name_as_required(participant):
    client = english(client_for(participant))
    html = client.post(reverse("accounts:profile"), {"name": ""}).content.decode()
    assert '<a href="#id_name">' in summary_of(html)
    assert 'class="field-required"' in label_of(html, "id_name")


def test_a_decision_without_a_choice_is_summarised_and_tied_to_its_control(edition, facilitator):
    application = make_application(edition)
    url = reverse("membership:review", kwargs={"slug": edition.slug})
    client = english(client_for(facilitator))
    html = client.post(url, {"applications": [application.pk]}).content.decode()
    assert '<a href="#id_decision">' in summary_of(html)
    assert '<fieldset aria-describedby="id_decision_error">' in html
    assert re.search(r'<legend>Decision: <span class="field-required">', html)
    # The page asks form-focus.js to focus the outcome's message after a decision.
    assert "data-focus-outcome" in html


def test_nothing_selected_is_tied_to_the_checkboxes(edition, facilitator):
    application = make_application(edition)
    url = reverse("membership:review", kwargs={"slug": edition.slug})
    html = english(client_for(facilitator)).post(url, {"decision": "accept"}).content.decode()
    assert '<a href="#id_applications">' in summary_of(html)
    assert '<fieldset id="id_applications">' in html
    box = re.search(
        rf'<input type="checkbox" name="applications" value="{application.pk}"[^>]*>', html
    )
    assert 'aria-invalid="true" aria-describedby="id_applications_error"' in box.group(0)
    assert 'id="id_applications_error"' in html


def test_a_wrong_password_on_the_confirm_page_is_summarised_and_tied_to_the_field(participant):
    response = client_for(participant).post(
        reverse("account_reauthenticate"), {"password": "not-the-password"}
    )
    html = response.content.decode()
    assert 'href="#id_password"' in html.split("data-error-summary", 1)[1].split("</div>", 1)[0]
    field = re.search(r'<input type="password"[^>]*id="id_password"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field
    assert "id_password_error" in re.search(r'aria-describedby="([^"]*)"', field).group(1)
