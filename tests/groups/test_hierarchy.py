"""Phone and hierarchy on the group pages: leaving is a secondary action that asks first, starting
a group at one's maximum is shown disabled with the reason, and deleting a message asks first also
without JavaScript (issue 15, point 7)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from leerplatform.groups.models import GroupMembership, Post
from leerplatform.groups.services import groups as services
from tests import factories
from tests.conftest import client_for
from tests.groups import factories_discussions as discussions
from tests.groups.factories_groups import start

pytestmark = pytest.mark.django_db


def _tag_with(html: str, fragment: str) -> str:
    """The opening tag (a or button) that contains `fragment` in its attributes."""
    match = re.search(r"<(?:a|button)\b[^>]*" + re.escape(fragment) + r"[^>]*>", html)
    assert match, f"no tag with {fragment!r}"
    return match.group(0)


def _primary_buttons(html: str) -> list[str]:
    main = html.split("<main", 1)[1]
    return re.findall(r"<(?:a|button)\b[^>]*\bbutton--primary\b[^>]*>", main)


@pytest.fixture
def group(edition, participant):
    edition.groups_started_by = "participants"
    edition.max_groups_per_person = 1
    edition.save()
    return start(edition, participant)


# --- Leaving a group ---------------------------------------------------------------------------


def test_the_leave_button_is_secondary_and_comes_after_the_other_actions(
    group, participant, as_user
):
    html = as_user(participant).get(reverse("groups:detail", kwargs={"pk": group.pk})).content
    html = html.decode()
    leave_url = reverse("groups:leave", kwargs={"pk": group.pk})
    tag = _tag_with(html, f'href="{leave_url}"')
    assert "button--danger-outline" in tag
    assert "button--primary" not in tag
    # After "Change the group" (the coordinator's other actions come first).
    assert html.index(leave_url) > html.index(reverse("groups:edit", kwargs={"pk": group.pk}))
    assert not any(leave_url in button for button in _primary_buttons(html))


def test_the_leave_page_asks_first_and_a_get_changes_nothing(group, participant, other_member):
    client = client_for(other_member)
    url = reverse("groups:leave", kwargs={"pk": group.pk})
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'method="post"' in html
    assert "button--danger" in _tag_with(html, 'type="submit" class="button button--primary')
    assert GroupMembership.objects.active().filter(group=group, user=other_member).exists()
    # The POST of that page is what leaves.
    assert client.post(url).status_code == 302
    assert not GroupMembership.objects.active().filter(group=group, user=other_member).exists()


@pytest.fixture
def other_member(edition, group):
    person = factories.make_member(edition, name="Olga Other")
    services.join_group(group=group, user=person)
    return person


def test_a_non_member_sees_no_leave_button(group, facilitator, as_user):
    html = as_user(facilitator).get(reverse("groups:detail", kwargs={"pk": group.pk})).content
    assert reverse("groups:leave", kwargs={"pk": group.pk}).encode() not in html


# --- Starting a group at one's maximum ----------------------------------------------------------


def test_start_a_group_is_disabled_with_the_reason_at_the_maximum(
    group, edition, participant, as_user
):
    html = as_user(participant).get(reverse("groups:list", kwargs={"slug": edition.slug}))
    html = html.content.decode()
    create_url = reverse("groups:create", kwargs={"slug": edition.slug})
    assert f'href="{create_url}"' not in html  # not a link
    button = _tag_with(html, 'aria-disabled="true"')
    assert button.startswith("<button") and 'type="button"' in button
    assert 'aria-describedby="cap-reason"' in button
    reason = re.search(r'<p class="message" id="cap-reason">(.*?)</p>', html, re.S)
    assert reason and "1" in reason.group(1)


def test_start_a_group_is_a_primary_link_below_the_maximum(edition, participant, as_user):
    edition.groups_started_by = "participants"
    edition.max_groups_per_person = 1
    edition.save()
    html = as_user(participant).get(reverse("groups:list", kwargs={"slug": edition.slug}))
    html = html.content.decode()
    create_url = reverse("groups:create", kwargs={"slug": edition.slug})
    assert "button--primary" in _tag_with(html, f'href="{create_url}"')
    assert 'aria-disabled="true"' not in html
    assert 'id="cap-reason"' not in html


def test_a_facilitator_is_never_at_the_maximum(group, edition, facilitator, as_user):
    html = as_user(facilitator).get(reverse("groups:list", kwargs={"slug": edition.slug}))
    assert 'aria-disabled="true"' not in html.content.decode()


def test_the_group_list_has_one_primary_button(group, edition, participant, facilitator, as_user):
    for user in (participant, facilitator):
        html = as_user(user).get(reverse("groups:list", kwargs={"slug": edition.slug}))
        assert len(_primary_buttons(html.content.decode())) <= 1


# --- Deleting a message -------------------------------------------------------------------------


@pytest.fixture
def post(edition, participant):
    group = discussions.make_group(edition, name="Berichtengroep", members=[participant])
    thread = discussions.start(group, participant)
    return thread.posts.get()


def test_the_delete_link_leads_to_a_page_that_asks_first(post, participant, as_user):
    client = as_user(participant)
    url = reverse("groups:delete_post", kwargs={"post_pk": post.pk})
    thread_html = client.get(reverse("groups:thread", kwargs={"thread_pk": post.thread_id}))
    tag = _tag_with(thread_html.content.decode(), f'href="{url}"')
    assert tag.startswith("<a") and "hx-confirm" in tag and f'hx-post="{url}"' in tag
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'method="post"' in html and "button--danger" in html
    assert "evalueren" in html  # the message being deleted is quoted
    post.refresh_from_db()
    assert post.deleted_at is None  # asking changes nothing
    assert client.post(url).status_code == 302
    post.refresh_from_db()
    assert post.deleted_at is not None


def test_the_confirmation_of_a_deleted_message_goes_back_to_the_thread(post, participant, as_user):
    client = as_user(participant)
    url = reverse("groups:delete_post", kwargs={"post_pk": post.pk})
    client.post(url)
    response = client.get(url)
    assert response.status_code == 302
    assert Post.objects.get(pk=post.pk).deleted_at is not None
