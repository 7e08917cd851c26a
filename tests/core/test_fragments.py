"""Shared fragments (core/fragments.py): the same HTML for everyone with the same access, kept
per content version; never across audiences, never a CSRF token, never stale after a change."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leerplatform.core import fragments
from leerplatform.core.visibility import Visibility
from leerplatform.groups.visibility import audience_key
from tests import factories
from tests.conftest import client_for
from tests.library.factories import make_document, make_group

pytestmark = pytest.mark.django_db


def _library(edition) -> str:
    return reverse("library:library", kwargs={"slug": edition.slug})


def _queries(client, path) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_a_second_person_with_the_same_access_gets_the_list_without_its_queries(edition):
    first, second = (factories.make_member(edition) for _ in range(2))
    make_document(edition, first, title="Gedeelde werkvorm", visibility=Visibility.PLATFORM)
    assert audience_key(first) == audience_key(second)
    cold, html = _queries(client_for(first), _library(edition))
    warm, other = _queries(client_for(second), _library(edition))
    assert "Gedeelde werkvorm" in html and "Gedeelde werkvorm" in other
    assert warm < cold - 3  # the count, the page, its themes and authors are not read again


def test_a_group_members_list_never_reaches_someone_outside_the_group(edition):
    member, outsider = (factories.make_member(edition) for _ in range(2))
    group = make_group(edition, members=[member])
    make_document(
        edition, member, title="Alleen voor de groep", group=group, visibility=Visibility.GROUP
    )
    assert audience_key(member) != audience_key(outsider)
    assert "Alleen voor de groep" in client_for(member).get(_library(edition)).content.decode()
    assert (
        "Alleen voor de groep" not in client_for(outsider).get(_library(edition)).content.decode()
    )


def test_a_new_document_shows_at_once(edition):
    person = factories.make_member(edition)
    client = client_for(person)
    assert "Net toegevoegd" not in client.get(_library(edition)).content.decode()
    make_document(edition, person, title="Net toegevoegd", visibility=Visibility.PLATFORM)
    assert "Net toegevoegd" in client.get(_library(edition)).content.decode()


def test_someone_who_left_no_longer_shares_the_members_fragment(edition):
    stays, leaves = (factories.make_member(edition) for _ in range(2))
    make_document(edition, stays, title="Voor leden", visibility=Visibility.PLATFORM)
    client_for(stays).get(_library(edition))
    leaves.memberships.filter(edition=edition).update(left_at=edition.created_at)
    leaves.refresh_from_db()
    response = client_for(leaves).get(_library(edition))
    assert "Voor leden" not in response.content.decode()


def test_a_fragment_with_a_form_is_kept_with_a_hole_for_each_requests_own_token(rf):
    """A CSRF token is one person's and changes with every request: the kept HTML holds a hole
    where it goes, and each render puts its own token in."""
    template = Template(
        '{% load leerplatform %}{% shared_fragment "form" "x" %}<form>{% csrf_token %}</form>'
        "{% endshared_fragment %}"
    )
    first = template.render(Context({"csrf_token": "token-of-ann", "request": rf.get("/")}))
    assert (
        first
        == '<form><input type="hidden" name="csrfmiddlewaretoken" value="token-of-ann"></form>'
    )
    _version, stored = fragments.visitor_cache.versioned_get(fragments.key("form", ["x"]))
    assert fragments.CSRF_HOLE in stored and "token-of-ann" not in stored
    # Served from the cache to another request: its own token, no one else's.
    second = template.render(Context({"csrf_token": "token-of-ben", "request": rf.get("/")}))
    assert "token-of-ben" in second and "token-of-ann" not in second


def test_a_fragment_that_writes_out_a_real_token_is_rendered_but_never_stored(rf):
    template = Template(
        '{% load leerplatform %}{% shared_fragment "form" "y" %}'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{{ token }}">'
        "{% endshared_fragment %}"
    )
    html = template.render(Context({"token": "secret-of-one-person", "request": rf.get("/")}))
    assert "secret-of-one-person" in html
    _version, stored = fragments.visitor_cache.versioned_get(fragments.key("form", ["y"]))
    assert not fragments.visitor_cache.found(stored)


def test_the_block_is_rendered_every_time_when_the_cache_is_off(settings, edition):
    settings.VISITOR_CACHE_SECONDS = 0
    template = Template(
        '{% load leerplatform %}{% shared_fragment "count" "x" %}{{ n }}{% endshared_fragment %}'
    )
    assert template.render(Context({"n": 1})) == "1"
    assert template.render(Context({"n": 2})) == "2"


def test_the_groups_list_marks_a_join_request_for_the_one_who_sent_it_only(edition):
    from leerplatform.groups.models import JoinPolicy, JoinRequest

    asker, other = (factories.make_member(edition) for _ in range(2))
    group = make_group(edition, members=[factories.make_member(edition)], name="Leergroep Vraag")
    group.join_policy = JoinPolicy.REQUEST
    group.save()
    JoinRequest.objects.create(group=group, user=asker, message="Mag ik meedoen?")
    path = reverse("groups:list", kwargs={"slug": edition.slug})
    assert audience_key(asker) == audience_key(other)
    assert "Verzoek verstuurd" in client_for(asker).get(path).content.decode()
    assert "Verzoek verstuurd" not in client_for(other).get(path).content.decode()


def test_who_is_who_shows_a_hidden_job_title_to_its_owner_only(edition):
    from leerplatform.accounts.models import ProfileField

    def person(job_title: str, shows) -> object:
        user = factories.make_member(edition, job_title=job_title)
        user.visible_fields = [str(f) for f in shows]
        user.save(update_fields=["visible_fields"])
        return user

    everything = list(ProfileField.values)
    hider = person("Verborgen functie", [])
    shower, other = person("Open functie", everything), person("Ook open", everything)
    path = reverse("membership:directory", kwargs={"slug": edition.slug})
    for viewer in (hider, shower, other):  # each fills or reads the cache in turn
        html = client_for(viewer).get(path).content.decode()
        assert ("Verborgen functie" in html) == (viewer == hider), viewer
        assert "Open functie" in html


def test_a_group_page_shows_its_work_to_members_only_and_new_work_at_once(edition):
    from leerplatform.groups.models import ActivityKind, ActivityStatus
    from leerplatform.groups.services.activities import log_activity
    from leerplatform.groups.services.discussions import start_thread

    member, other_member, outsider = (factories.make_member(edition) for _ in range(3))
    group = make_group(edition, members=[member, other_member])
    path = reverse("groups:detail", kwargs={"pk": group.pk})
    client_for(member).get(path)  # fills the member's fragments
    start_thread(group=group, author=member, title="Onze eerste vraag", text="Wie begint?")
    log_activity(
        group=group,
        actor=member,
        kind=ActivityKind.values[0],
        title="Intervisie in maart",
        date=edition.created_at.date(),
        status=ActivityStatus.DONE,
    )
    for viewer, sees in ((other_member, True), (outsider, False), (member, True)):
        html = client_for(viewer).get(path).content.decode()
        assert ("Onze eerste vraag" in html) == sees, viewer
        assert ("Intervisie in maart" in html) == sees, viewer


def test_a_group_page_from_its_fragments_counts_its_members_without_their_rows(edition):
    """The member list comes from its fragment on a hit, so its rows (people and institutions)
    are not read; the counts are, and someone who joins shows at once, in the list and in them."""
    from leerplatform.groups.models import JoinPolicy
    from leerplatform.groups.services.groups import join_group

    member, newcomer = (
        factories.make_member(edition),
        factories.make_member(edition, name="Nieuw Lid"),
    )
    group = make_group(edition, members=[member])
    group.join_policy = JoinPolicy.OPEN
    group.save()
    client = client_for(member)
    path = reverse("groups:detail", kwargs={"pk": group.pk})

    def read() -> tuple[list[str], object]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        return [q["sql"] for q in captured.captured_queries], response

    cold, _response = read()
    assert any('"accounts_institution"' in sql for sql in cold)  # the rows, to fill the fragment
    assert any('FROM "editions_theme"' in sql for sql in cold)  # the header's themes
    warm, response = read()
    assert not any('"accounts_institution"' in sql for sql in warm)
    assert not any('FROM "editions_theme"' in sql for sql in warm)
    assert response.context["page"].member_count == 1 and response.context["page"].is_member

    join_group(group=group, user=newcomer)
    _sqls, response = read()
    html = response.content.decode()
    assert "Nieuw Lid" in html and response.context["page"].member_count == 2
    assert response.context["page"].my_membership_pk is not None


def test_the_dashboards_recent_activity_follows_the_visibility_rule_and_shows_at_once():
    from leerplatform.groups.services.discussions import start_thread

    edition = factories.make_running_edition()
    member, outsider = (factories.make_member(edition) for _ in range(2))
    group = make_group(edition, members=[member], name="Leergroep Feed")
    path = reverse("editions:dashboard", kwargs={"slug": edition.slug})
    for viewer in (member, outsider):
        client_for(viewer).get(path)  # both fragments filled
    start_thread(group=group, author=member, title="Binnen de groep", text="Alleen voor ons.")
    start_thread(
        group=group,
        author=member,
        title="Voor de hele editie",
        text="Iedereen mag meelezen.",
        visibility=Visibility.PLATFORM,
    )
    mine = client_for(member).get(path).content.decode()
    theirs = client_for(outsider).get(path).content.decode()
    assert "Voor de hele editie" in mine and "Voor de hele editie" in theirs
    assert "Binnen de groep" in mine and "Binnen de groep" not in theirs


def test_the_phase_bar_marks_the_page_one_is_on_and_follows_the_phase(edition):
    import re

    from leerplatform.editions.models import Phase

    person = factories.make_member(edition)
    client = client_for(person)

    def current(path: str) -> list[str]:
        html = client.get(path).content.decode()
        nav = html[html.index('class="edition-nav"') :]
        return re.findall(r'<a href="([^"]+)" aria-current="page"', nav[: nav.index("</nav>")])

    dashboard = reverse("editions:dashboard", kwargs={"slug": edition.slug})
    assert current(dashboard) == [dashboard]
    assert current(_library(edition)) == [_library(edition)]

    def now_says() -> str:
        html = client.get(_library(edition)).content.decode()
        return re.search(r'phase-bar__now">([^<]+)<', html).group(1)

    before = now_says()
    edition.phase = Phase.BUILDING
    edition.save()
    assert now_says() != before
    assert str(edition.get_phase_display()) in now_says()


def test_the_group_pages_member_list_marks_each_member_and_shows_what_each_allows(edition):
    """The member list is a shared fragment per access and per own membership: a member's copy
    (their "jij", their own hidden institution) never reaches another member with the same
    access, and a change to what someone shows is there at once."""
    from leerplatform.accounts.models import Institution, ProfileField

    school = Institution.objects.order_by("name").first()
    hides = factories.make_member(edition, name="Hanna Verborgen (fictief)", institution=school)
    hides.visible_fields = [ProfileField.JOB_TITLE]
    hides.save()
    other = factories.make_member(edition, name="Olaf Ander (fictief)")
    group = make_group(edition, members=[hides, other])
    assert audience_key(hides) == audience_key(other)
    path = reverse("groups:detail", kwargs={"pk": group.pk})

    def members_box(viewer) -> str:
        html = client_for(viewer).get(path).content.decode()
        return html.split('class="member-list"')[1].split("</ul>")[0]

    own = members_box(hides)
    assert school.name in own
    assert own.count("(jij)") == 1 and own.index("(jij)") > own.index("Hanna Verborgen")
    seen = members_box(other)
    assert school.name not in seen
    assert seen.count("(jij)") == 1 and seen.index("(jij)") > seen.index("Olaf Ander")
    hides.visible_fields = [ProfileField.JOB_TITLE, ProfileField.INSTITUTION]
    hides.save()
    assert school.name in members_box(other)


def test_the_dashboards_cards_follow_the_role_and_a_change_at_once(edition):
    """ "Where we stand", "Next meeting" and "The network" are one fragment per access: a
    participant never gets a facilitator's "change the phase" button from the cache, and a new
    phase or a new member is there at once."""
    from leerplatform.editions.models import Phase, Role
    from leerplatform.editions.services import change_phase

    facilitator = factories.make_member(edition, role=Role.FACILITATOR)
    participant = factories.make_member(edition)
    path = reverse("editions:dashboard", kwargs={"slug": edition.slug})
    change_url = reverse("editions:change_phase", kwargs={"slug": edition.slug})

    def cards(viewer) -> str:
        html = client_for(viewer).get(path).content.decode()
        return html.split('<div class="cards">')[1].split('<div class="columns">')[0]

    assert change_url in cards(facilitator)
    before = cards(participant)
    assert change_url not in before
    new_phase = Phase.BUILDING if edition.phase != Phase.BUILDING else Phase.CONSOLIDATION
    change_phase(edition=edition, phase=new_phase, actor=facilitator)
    edition.refresh_from_db()
    after = cards(participant)
    assert edition.get_phase_display() in after and after != before
    counted = cards(participant)
    factories.make_member(edition)
    assert cards(participant) != counted  # one participant more


def test_the_group_pages_header_follows_each_viewers_place_and_a_change_at_once(edition):
    """The header (status, themes, counts, "Your group") is one fragment per access: the
    audience holds whether and how the viewer is in the group, so a coordinator's, a member's
    and an outsider's copies never cross, and someone joining shows in the count at once."""
    from leerplatform.groups.services.groups import join_group

    coordinator, member, outsider, joiner = (factories.make_member(edition) for _ in range(4))
    group = make_group(edition, members=[member], coordinators=[coordinator])
    path = reverse("groups:detail", kwargs={"pk": group.pk})

    def header(viewer) -> str:
        html = client_for(viewer).get(path).content.decode()
        return html.split('<header class="page-header group-header">')[1].split("</header>")[0]

    for _ in range(2):  # each fills the cache, then reads it
        assert "Je bent trekker" in header(coordinator)
        assert "Je groep" in header(member) and "trekker" not in header(member)
        seen = header(outsider)
        assert "Je groep" not in seen and "trekker" not in seen
    assert "<dd>2</dd>" in seen
    join_group(group=group, user=joiner)
    assert "<dd>3</dd>" in header(outsider)
    assert "Je groep" in header(joiner)


def test_the_dashboards_learning_agenda_shows_a_new_or_renamed_theme_at_once(edition):
    """The agenda's chips are one fragment per edition: a theme added or renamed (in the
    admin: a plain save) is on the next dashboard."""
    from leerplatform.editions.models import Theme

    participant = factories.make_member(edition)
    path = reverse("editions:dashboard", kwargs={"slug": edition.slug})

    def chips() -> str:
        html = client_for(participant).get(path).content.decode()
        return html.split('<ol class="theme-chips">')[1].split("</ol>")[0]

    before = chips()
    assert all(theme.title in before for theme in edition.themes.all())
    theme = Theme.objects.create(edition=edition, position=99, title="Onboarding op afstand")
    assert "Onboarding op afstand" in chips()
    theme.title = "Onboarding op locatie"
    theme.save()
    after = chips()
    assert "Onboarding op locatie" in after and "Onboarding op afstand" not in after


def test_the_reports_box_follows_access_the_clock_and_a_new_report_at_once(edition):
    """The group page's reports box is one fragment per access and due meeting: a member of the
    edition outside the group never gets the member's button from the cache, the button moves
    to the next meeting when a deadline passes (no write at all), and a written report turns
    "write" into "update" at once."""
    import datetime as dt
    from unittest import mock

    from django.utils import timezone

    from leerplatform.groups.queries.reports import report_deadline
    from leerplatform.groups.services.reports import write_report
    from tests.groups.factories_activities import report_sections, upcoming_meeting

    member = factories.make_member(edition)
    outsider = factories.make_member(edition)
    group = make_group(edition, members=[member])
    first = upcoming_meeting(edition, days=10, title="Eerste keer")
    second = upcoming_meeting(edition, days=40, title="Tweede keer")
    path = reverse("groups:detail", kwargs={"pk": group.pk})
    # Logged in first: a login writes the person's last_login, which empties every kept entry.
    clients = {viewer: client_for(viewer) for viewer in (member, outsider)}

    def box(viewer) -> str:
        html = clients[viewer].get(path).content.decode()
        return html.split('class="card reports-box"')[1].split("</section>")[0]

    write_first = reverse("groups:report", kwargs={"pk": group.pk, "meeting_pk": first.pk})
    assert write_first in box(member) and "Eerste keer" in box(member)
    assert write_first not in box(outsider)
    assert write_first in box(member)  # the outsider's entry is not the member's

    # A minute before and after the deadline (the same day, so the same day in the key).
    deadline = report_deadline(first)
    assert timezone.localtime(deadline).hour > 0
    with mock.patch("django.utils.timezone.now", return_value=deadline - dt.timedelta(minutes=1)):
        assert write_first in box(member)
    with mock.patch("django.utils.timezone.now", return_value=deadline + dt.timedelta(minutes=1)):
        moved = box(member)
    write_second = reverse("groups:report", kwargs={"pk": group.pk, "meeting_pk": second.pk})
    assert write_second in moved and write_first not in moved

    before = box(member)
    write_report(group=group, meeting=first, author=member, **report_sections())
    after = box(member)
    assert after != before and "button--primary" not in after.split("</p>")[0]
    assert timezone.now() < report_deadline(first)


def test_the_meeting_page_keeps_its_parts_per_permission_and_follows_the_clock(edition):
    """The meeting's head, programme and venue are fragments: a facilitator's edit buttons never
    reach a participant from the cache, "Afgelopen" comes when the meeting ends (no write), and
    a change to the meeting shows at once."""
    import datetime as dt
    from unittest import mock

    from django.utils import timezone

    from leerplatform.editions.models import Role
    from leerplatform.meetings.services.meetings import update_meeting

    facilitator = factories.make_member(edition, role=Role.FACILITATOR)
    participant = factories.make_member(edition)
    meeting = factories.make_meeting(
        edition, day=timezone.localdate() + dt.timedelta(days=3), venue_name="Zaal Noord"
    )
    path = reverse("meetings:detail", kwargs={"pk": meeting.pk})
    edit = reverse("meetings:edit", kwargs={"pk": meeting.pk})
    # Logged in first: a login writes the person's last_login, which empties every kept entry.
    clients = {viewer: client_for(viewer) for viewer in (facilitator, participant)}

    def page(viewer) -> str:
        response = clients[viewer].get(path)
        assert response.status_code == 200
        return response.content.decode()

    assert edit in page(facilitator)
    assert edit not in page(participant)
    assert edit in page(facilitator)

    past_badge = 'class="badge badge--muted"'
    with mock.patch(
        "django.utils.timezone.now", return_value=meeting.ends_at - dt.timedelta(minutes=1)
    ):
        assert past_badge not in page(participant)
    with mock.patch(
        "django.utils.timezone.now", return_value=meeting.ends_at + dt.timedelta(minutes=1)
    ):
        assert past_badge in page(participant)

    update_meeting(meeting=meeting, actor=facilitator, title="Nieuwe titel", venue_name="Zaal Zuid")
    html = page(participant)
    assert "Nieuwe titel" in html and "Zaal Zuid" in html and "Zaal Noord" not in html
