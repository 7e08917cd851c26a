"""Every list is paged or bounded (issue 16, point 5): at the large edition — 2,000 participants,
200 learning groups, 20,000 documents, and as many applications, acceptances and feed rows — no
list page is above 60 KB of HTML, its page links are there and page 2 answers; and each list page
reads the same number of SQL queries at that size as at a handful of rows (point 7).

The edition is built with bulk inserts (no services, no signals), as bench/library_data.py does
but leaner: short texts, no files, no search index. Every page is read as a facilitator, the role
that sees the most (every profile field, the applications, who accepted)."""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leerplatform.accounts.models import Institution, ProfileField, User, WorkLevel
from leerplatform.core.models import ActivityEntry, Direction, Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Edition, Membership, Role
from leerplatform.groups.models import GroupMembership, LearningGroup
from leerplatform.library.models import Document, DocumentKind
from leerplatform.membership.models import (
    Agreement,
    AgreementAcceptance,
    Application,
    ApplicationStatus,
)
from tests import factories

pytestmark = pytest.mark.django_db

MAX_HTML = 60_000
BATCH = 1000
TEXT = (
    "Wij onderzoeken hoe leidinggevenden en HRD-professionals samen het leren in teams "
    "versterken, met aandacht voor de praktijk van de hogeschool en de vragen van docenten. "
)

# (URL name, whether it takes the edition's slug) for every list page of an edition.
LISTS = [
    "groups:list",
    "membership:directory",
    "library:library",
    "membership:agreements",
    "pages:activity",
    "membership:review",
]


def _url(name: str, edition: Edition, **query) -> str:
    name = "editions:activity" if name == "pages:activity" else name
    url = reverse(name, kwargs={"slug": edition.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


class Builder:
    """Adds people, groups, documents, applications, acceptances and feed rows to an edition in
    bulk; called twice, it adds to what is there (numbering on)."""

    def __init__(self, edition: Edition, facilitator: User):
        self.edition = edition
        self.facilitator = facilitator
        self.themes = list(edition.themes.all())
        self.institutions = list(Institution.objects.all()[:40])
        self.agreement = Agreement.objects.create(
            edition=edition, version=1, text="Wij delen wat we leren.", published_by=facilitator
        )
        self.people = 0
        self.groups = 0
        self.documents = 0

    def add(self, *, participants: int, groups: int, documents: int) -> None:
        start = self.people
        people = User.objects.bulk_create(
            (
                User(
                    email=f"lijst{i}@example.org",
                    name=f"Deelnemer {i} van de lijsttest (fictief)",
                    institution=self.institutions[i % len(self.institutions)],
                    job_title="Adviseur leren en ontwikkelen",
                    visible_fields=list(ProfileField.values) if i % 2 else [],
                )
                for i in range(start, start + participants)
            ),
            batch_size=BATCH,
        )
        self.people += participants
        Membership.objects.bulk_create(
            (Membership(edition=self.edition, user=u, role=Role.PARTICIPANT) for u in people),
            batch_size=BATCH,
        )
        User.expertise.through.objects.bulk_create(
            (
                User.expertise.through(user_id=u.pk, theme_id=self.themes[n % 8].pk)
                for n, u in enumerate(people)
                if n % 2
            ),
            batch_size=BATCH,
        )
        made = LearningGroup.objects.bulk_create(
            LearningGroup(
                edition=self.edition,
                name=f"Leergroep {i}: samen leren in teams",
                description=TEXT,
                created_by=people[0],
            )
            for i in range(self.groups, self.groups + groups)
        )
        self.groups += groups
        LearningGroup.themes.through.objects.bulk_create(
            LearningGroup.themes.through(learninggroup_id=g.pk, theme_id=self.themes[n % 8].pk)
            for n, g in enumerate(made)
        )
        GroupMembership.objects.bulk_create(
            (
                GroupMembership(group=made[n % len(made)], user=u, is_coordinator=n < len(made))
                for n, u in enumerate(people)
            ),
            batch_size=BATCH,
        )
        self._documents(documents, people, made)
        self._applications(people)
        AgreementAcceptance.objects.bulk_create(
            (AgreementAcceptance(agreement=self.agreement, user=u) for u in people[::2]),
            batch_size=BATCH,
        )
        self._feed(people, made)

    def _documents(self, count: int, people: list[User], groups: list[LearningGroup]) -> None:
        kinds = [k.value for k in DocumentKind]
        for offset in range(0, count, BATCH):
            rows = Document.objects.bulk_create(
                Document(
                    edition=self.edition,
                    title=f"Document {self.documents + n}: leren in teams",
                    summary=TEXT * 3,
                    body=TEXT,
                    kind=kinds[n % len(kinds)],
                    group=groups[n % len(groups)] if n % 2 else None,
                    visibility=Visibility.PLATFORM,
                    created_by=people[n % len(people)],
                )
                for n in range(offset, min(offset + BATCH, count))
            )
            self.documents += len(rows)
            Document.authors.through.objects.bulk_create(
                Document.authors.through(document_id=d.pk, user_id=people[n % len(people)].pk)
                for n, d in enumerate(rows)
            )
            Document.themes.through.objects.bulk_create(
                Document.themes.through(document_id=d.pk, theme_id=self.themes[n % 8].pk)
                for n, d in enumerate(rows)
            )

    def _applications(self, people: list[User]) -> None:
        now = timezone.now()
        rows = Application.objects.bulk_create(
            (
                Application(
                    edition=self.edition,
                    user=u,
                    name=u.name,
                    email=u.email,
                    institution=u.institution,
                    job_title=u.job_title,
                    years_of_experience=3,
                    work_level=WorkLevel.TACTICAL,
                    motivation=TEXT * 10,
                    consented_at=now,
                    email_verified_at=now,
                    status=ApplicationStatus.SUBMITTED,
                    verification_token=f"lijsttest-{u.pk}",
                )
                for u in people
            ),
            batch_size=BATCH,
        )
        Application.themes.through.objects.bulk_create(
            (
                Application.themes.through(application_id=a.pk, theme_id=self.themes[n % 8].pk)
                for n, a in enumerate(rows)
            ),
            batch_size=BATCH,
        )

    def _feed(self, people: list[User], groups: list[LearningGroup]) -> None:
        group_type = ContentType.objects.get_for_model(LearningGroup)
        ActivityEntry.objects.bulk_create(
            (
                ActivityEntry(
                    actor=u,
                    verb=Verb.GROUP_JOINED,
                    direction=Direction.BRING,
                    edition=self.edition,
                    target_type=group_type,
                    target_id=str(groups[n % len(groups)].pk),
                    target_label=groups[n % len(groups)].name,
                    data={"group": groups[n % len(groups)].pk},
                    visibility=Visibility.PLATFORM,
                )
                for n, u in enumerate(people)
            ),
            batch_size=BATCH,
        )


def _read(client, url: str) -> tuple[int, int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), len(response.content), response.content.decode()


@pytest.fixture
def edition():
    return factories.make_running_edition(name="Lijsten", slug="lijsten")


def test_every_list_is_paged_at_the_large_edition_and_costs_what_it_costs_when_small(
    edition, as_user, settings
):
    # The pages' own reads: no shared fragment (and the bulk test data sends no signal to make
    # one old).
    settings.VISITOR_CACHE_SECONDS = 0
    facilitator = factories.make_member(edition, role=Role.FACILITATOR)
    builder = Builder(edition, facilitator)
    client = as_user(facilitator)
    builder.add(participants=12, groups=3, documents=12)
    for name in LISTS:
        client.get(_url(name, edition))  # the session and anything a first visit sets up
    small = {name: _read(client, _url(name, edition))[0] for name in LISTS}
    theme = edition.themes.order_by("position").first()
    bounded = [
        _url("groups:agenda", edition),
        reverse("library:theme", kwargs={"slug": edition.slug, "theme_pk": theme.pk}),
    ]
    for url in bounded:
        client.get(url)
        small[url] = _read(client, url)[0]

    builder.add(participants=1988, groups=197, documents=19_988)
    assert LearningGroup.objects.filter(edition=edition).count() == 200
    assert Document.objects.filter(edition=edition).count() == 20_000

    for name in LISTS:
        count, size, html = _read(client, _url(name, edition))
        assert size <= MAX_HTML, f"{name}: {size} bytes"
        assert count == small[name], f"{name}: {count} queries, {small[name]} when small"
        if name == "pages:activity":  # a feed: "More" loads the next rows
            assert "page=2" in html
            more = html[html.index('class="activity-more"') :]
            next_url = re.search(r'href="([^"]+)"', more)[1].replace("&amp;", "&")
        else:
            assert 'aria-label="Pages"' in html or 'aria-label="Pagina’s"' in html, name
            assert 'aria-current="page"' in html
            assert 'rel="next"' in html
            next_url = _url(name, edition, page=2)
        if not next_url.startswith("/"):
            next_url = _url(name, edition) + next_url
        second = client.get(next_url)
        assert second.status_code == 200, name
        assert len(second.content) <= MAX_HTML, f"{name} page 2: {len(second.content)} bytes"
    for url in bounded:  # not paged but cut short: the agenda names a few groups per theme
        count, size, _ = _read(client, url)
        assert size <= MAX_HTML, f"{url}: {size} bytes"
        assert count == small[url], f"{url}: {count} queries, {small[url]} when small"


def test_the_page_links_keep_the_filters(edition, as_user):
    facilitator = factories.make_member(edition, role=Role.FACILITATOR)
    Builder(edition, facilitator).add(participants=120, groups=30, documents=300)
    client = as_user(facilitator)
    html = client.get(_url("membership:directory", edition, q="Deelnemer")).content.decode()
    assert "?q=Deelnemer&amp;page=2" in html
    html = client.get(_url("library:library", edition, kind=DocumentKind.TOOLKIT)).content.decode()
    toolkits = Document.objects.filter(edition=edition, kind=DocumentKind.TOOLKIT).count()
    assert toolkits > 20  # more than one page of them
    assert f"?kind={DocumentKind.TOOLKIT}&amp;page=2" in html
    page_two = client.get(_url("membership:review", edition, status="submitted", page=2))
    assert page_two.context["queue"].page.number == 2
    assert "?status=submitted&amp;page=1" in page_two.content.decode()


def test_the_groups_list_shows_ones_own_group_above_the_first_page_only(edition, as_user):
    facilitator = factories.make_member(edition, role=Role.FACILITATOR)
    builder = Builder(edition, facilitator)
    builder.add(participants=60, groups=60, documents=0)
    last = LearningGroup.objects.filter(edition=edition).order_by("-name").first()
    member = GroupMembership.objects.filter(group=last).first().user
    AgreementAcceptance.objects.get_or_create(agreement=builder.agreement, user=member)
    client = as_user(member)
    first = client.get(_url("groups:list", edition)).context["listing"]
    assert [g.pk for g in first.my_groups] == [last.pk]
    assert last.pk not in [g.pk for g in first.groups]  # it is on the last page
    assert len(first.groups) == first.page.paginator.per_page
    final = client.get(_url("groups:list", edition, page=first.page.paginator.num_pages))
    assert last.pk in [g.pk for g in final.context["listing"].groups]
    assert 'id="my-groups-heading"' not in final.content.decode()
