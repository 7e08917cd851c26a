"""Following and unfollowing a thread, a document, a group or a theme; the "Volgend" list."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Membership
from leerplatform.groups.models import GroupMembership, LearningGroup
from leerplatform.groups.services import discussions
from leerplatform.notifications import services
from leerplatform.notifications.models import Follow
from tests.factories import make_edition, make_member, make_user
from tests.library.factories import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    edition = make_edition(themes=2)
    member, outside_group = make_member(edition), make_member(edition)
    group = LearningGroup.objects.create(edition=edition, name="Leergroep V")
    GroupMembership.objects.create(group=group, user=member)
    thread = discussions.start_thread(group=group, author=member, title="Draad", text="Begin")
    return edition, group, thread, member, outside_group


def _post(client, kind, pk, action, **extra):
    return client.post(
        reverse("notifications:follow", kwargs={"kind": kind, "pk": pk}),
        {"action": action, **extra},
    )


def test_follow_and_unfollow_a_thread_without_javascript(place, as_user):
    _edition, _group, thread, member, _outside = place
    Follow.objects.filter(user=member).delete()  # the automatic follows are not this test's
    client = as_user(member)
    response = _post(client, "thread", thread.pk, "follow")
    thread_url = reverse("groups:thread", kwargs={"thread_pk": thread.pk})
    assert response.status_code == 302 and response.url == thread_url
    assert services.is_following(member, thread)
    response = _post(client, "thread", thread.pk, "unfollow", next="/profile/")
    assert response.url == "/profile/"
    assert not services.is_following(member, thread)
    # Somewhere else is no place to go back to.
    response = _post(client, "thread", thread.pk, "follow", next="https://evil.example/")
    assert response.url == thread_url


def test_htmx_gets_the_button_in_its_new_state(place, as_user):
    edition, *_rest, member, _outside = place
    theme = edition.themes.first()
    response = as_user(member).post(
        reverse("notifications:follow", kwargs={"kind": "theme", "pk": theme.pk}),
        {"action": "follow"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="unfollow"' in html and 'role="status"' in html
    assert services.is_following(member, theme)


def test_only_who_may_see_it_can_follow_it(place, as_user):
    edition, group, thread, member, outside_group = place
    # A group-only thread: not even its existence is admitted to a non-member of the group.
    assert _post(as_user(outside_group), "thread", thread.pk, "follow").status_code == 404
    secret = make_document(edition, member, group=group, visibility=Visibility.GROUP)
    assert _post(as_user(outside_group), "document", secret.pk, "follow").status_code == 404
    assert not Follow.objects.filter(user=outside_group).exists()
    # The group's page and the themes are the edition's: an outsider or ex-member is refused.
    outsider = make_user()
    assert _post(as_user(outsider), "group", group.pk, "follow").status_code == 403
    assert _post(as_user(outsider), "theme", edition.themes.first().pk, "follow").status_code == 403
    Membership.objects.filter(user=member).update(left_at=timezone.now())
    assert _post(as_user(member), "group", group.pk, "follow").status_code == 403
    assert _post(as_user(outside_group), "group", group.pk, "follow").status_code == 302


def test_an_unknown_kind_or_action(place, as_user):
    _edition, group, _thread, member, _outside = place
    client = as_user(member)
    assert _post(client, "meeting", group.pk, "follow").status_code == 404
    assert _post(client, "group", group.pk, "shout").status_code == 400
    assert (
        client.get(
            reverse("notifications:follow", kwargs={"kind": "group", "pk": group.pk})
        ).status_code
        == 405
    )


@pytest.mark.parametrize("page", ["thread", "group", "document", "theme"])
def test_the_pages_show_the_button_in_its_state(place, as_user, page):
    edition, group, thread, member, _outside = place
    document = make_document(edition, member)
    theme = edition.themes.first()
    thing, url = {
        "thread": (thread, reverse("groups:thread", kwargs={"thread_pk": thread.pk})),
        "group": (group, reverse("groups:detail", kwargs={"pk": group.pk})),
        "document": (document, reverse("library:document", kwargs={"pk": document.pk})),
        "theme": (
            theme,
            reverse("library:theme", kwargs={"slug": edition.slug, "theme_pk": theme.pk}),
        ),
    }[page]
    services.unfollow(user=member, target=thing)
    client = as_user(member)
    action = reverse("notifications:follow", kwargs={"kind": page, "pk": thing.pk})
    html = client.get(url).content.decode()
    assert f'action="{action}"' in html and 'value="follow"' in html
    services.follow(user=member, target=thing, edition=edition)
    html = client.get(url).content.decode()
    assert 'value="unfollow"' in html
    # A visitor sees no button (the theme page is public).
    if page == "theme":
        assert f'action="{action}"' not in Client().get(url).content.decode()


def test_the_following_list_shows_what_one_may_see_in_fixed_queries(
    place, as_user, django_assert_max_num_queries
):
    edition, group, thread, member, _outside = place
    services.follow(user=member, target=thread, edition=edition)
    services.follow(user=member, target=group, edition=edition)
    client = as_user(member)
    url = reverse("accounts:profile")
    client.get(url)  # warm: the content types are read once per process
    counts = []
    for n in (1, 12):
        for i in range(n):
            document = make_document(edition, member, title=f"Stuk {n}-{i}")
            services.follow(user=member, target=document, edition=edition)
        for theme in edition.themes.all():
            services.follow(user=member, target=theme, edition=edition)
        with django_assert_max_num_queries(30) as captured:
            response = client.get(url)
        counts.append(len(captured))
    assert counts[0] == counts[1]
    html = response.content.decode()
    assert "Stuk 12-11" in html and thread.title in html and group.name in html
    # Left the group: its thread is no longer listed (its title is not for them any more).
    GroupMembership.objects.filter(user=member).update(left_at=timezone.now())
    member.__dict__.pop("_group_roles", None)
    html = client.get(url).content.decode()
    assert reverse("groups:thread", kwargs={"thread_pk": thread.pk}) not in html


def test_unfollow_from_the_list_with_htmx(place, as_user):
    edition, group, _thread, member, _outside = place
    services.follow(user=member, target=group, edition=edition)
    response = as_user(member).post(
        reverse("notifications:follow", kwargs={"kind": "group", "pk": group.pk}),
        {"action": "unfollow", "place": "list", "next": "/profile/"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert f'id="follow-group-{group.pk}"' in response.content.decode()
    assert not services.is_following(member, group)


@pytest.mark.visitor_cache
def test_a_kept_follow_button_posts_with_each_persons_own_token(place):
    """The button is a shared fragment: two people who both follow the group get the same HTML
    from the cache, each with their own CSRF token, and each one's form works under Django's
    CSRF check."""
    import re

    edition, group, _thread, member, _outside = place
    other = make_member(edition)
    GroupMembership.objects.create(group=group, user=other)
    page = reverse("groups:detail", kwargs={"pk": group.pk})
    for person in (member, other):
        services.follow(user=person, target=group)
    for person in (member, other):  # the second is served the first one's kept button
        client = Client(enforce_csrf_checks=True)
        client.force_login(person)
        html = client.get(page).content.decode()
        form = re.search(r"<form[^>]*follow-form.*?</form>", html, re.DOTALL)[0]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
        response = client.post(
            reverse("notifications:follow", kwargs={"kind": "group", "pk": group.pk}),
            {"action": "unfollow", "csrfmiddlewaretoken": token},
        )
        assert response.status_code == 302, response.status_code
        assert not services.is_following(person, group)
