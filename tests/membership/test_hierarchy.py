"""Phone and hierarchy on the membership pages (issue 15, point 7): the review page's decision
panel is hidden until an applicant is selected (review.js; without it the panel stays in the
flow, after the list), "Who is who" folds its filters behind "Filters", and leaving an edition or
ending a participation asks first, with a danger button, and a GET changes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from leerplatform.editions.models import Membership
from tests import factories
from tests.conftest import client_for
from tests.membership.factories_applications import make_application

pytestmark = pytest.mark.django_db


def test_the_decision_panel_comes_after_the_applicants_and_is_in_the_flow(edition, facilitator):
    first = make_application(edition, name="Eerste Aanmelder")
    make_application(edition, name="Tweede Aanmelder")
    html = client_for(facilitator).get(reverse("membership:review", kwargs={"slug": edition.slug}))
    html = html.content.decode()
    panel = html.index('id="decision-bar"')
    assert html.index(f'value="{first.pk}"') < panel
    # The selected count and the jump to the panel are for review.js only (hidden without it).
    assert re.search(r'<p class="review-form__select-all" hidden>', html)
    assert 'role="status"' in html and 'href="#decision-bar"' in html
    assert "leerplatform/js/bundle.js" in html  # review.js is in the one script


def test_the_stylesheet_makes_the_panel_sticky_only_with_javascript():
    css = Path(finders.find("leerplatform/css/site.css")).read_text(encoding="utf-8")
    sticky = [
        rule for rule in css.split("}") if "position: sticky" in rule and "decision-bar" in rule
    ]
    assert sticky and all(".review-form--enhanced" in rule for rule in sticky)
    script = Path(finders.find("membership/js/review.js")).read_text(encoding="utf-8")
    assert "review-form--enhanced" in script and "bar.hidden" in script


def test_who_is_who_folds_its_filters_but_keeps_the_name_search(edition, participant):
    theme = edition.themes.order_by("position").first()
    url = reverse("membership:directory", kwargs={"slug": edition.slug})
    html = client_for(participant).get(url).content.decode()
    panel = re.search(r'<details class="filter-panel">(.*?)</details>', html, re.S)
    assert panel and 'name="institution"' in panel.group(1) and 'name="theme"' in panel.group(1)
    assert 'name="q"' not in panel.group(1) and 'name="q"' in html
    # No filter set: the count's place is there (live filtering fills it) but says nothing.
    assert re.search(r'<span id="directory-filter-count"[^>]*></span>', panel.group(1))
    html = client_for(participant).get(f"{url}?theme={theme.pk}").content.decode()
    summary = re.search(r"<summary>(.*?)</summary>", html, re.S).group(1)
    assert re.search(r"\(1 \w+\)", summary)


def test_leaving_the_edition_asks_first(edition, participant):
    client = client_for(participant)
    url = reverse("membership:leave", kwargs={"slug": edition.slug})
    html = client.get(url).content.decode()
    assert 'method="post"' in html and "button--danger" in html
    membership = Membership.objects.get(edition=edition, user=participant)
    assert membership.left_at is None
    client.post(url)
    membership.refresh_from_db()
    assert membership.left_at is not None


def test_ending_a_participation_asks_first(edition, facilitator):
    person = factories.make_member(edition, name="Piet Deelnemer")
    url = reverse(
        "membership:end_participation", kwargs={"slug": edition.slug, "user_id": person.pk}
    )
    html = client_for(facilitator).get(url).content.decode()
    assert 'method="post"' in html and "button--danger" in html
    assert Membership.objects.get(edition=edition, user=person).left_at is None
