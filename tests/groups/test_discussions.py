"""The group's space: threads, replies, editing and deleting posts, who reads what, the
notifications and their emails, the ledger, the box on the group page, and what the pages cost in
queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from leerplatform.core.models import ActivityEntry, Direction, Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Role
from leerplatform.groups.models import GroupMembership, Post, Thread
from leerplatform.groups.queries.discussions import discussions_box_context, visible_threads
from leerplatform.groups.services import discussions as services
from leerplatform.notifications import services as notifications
from leerplatform.notifications.kinds import Channel
from leerplatform.notifications.models import Notification
from tests import factories
from tests.conftest import client_for
from tests.groups.factories_discussions import add_member, leave, make_group, reply, start

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def coordinator(edition):
    return factories.make_member(edition, name="Cora Coördinator")


@pytest.fixture
def member(edition):
    return factories.make_member(edition, name="Mo Lid")


@pytest.fixture
def quiet_member(edition):
    """A member who turned the emails off."""
    return factories.make_member(edition, name="Quinty Stil")


@pytest.fixture
def non_member(edition):
    """A participant of the edition who is not in the group."""
    return factories.make_member(edition, name="Nina Buiten")


@pytest.fixture
def group(edition, coordinator, member, quiet_member):
    group = make_group(edition, coordinators=[coordinator], members=[member, quiet_member])
    GroupMembership.objects.filter(group=group, user=quiet_member).update(email_notifications=False)
    return group


@pytest.fixture
def private_thread(group, member):
    return start(group, member, title="Alleen voor ons: de begroting")


@pytest.fixture
def open_thread(group, coordinator):
    return start(
        group, coordinator, title="Open vraag aan iedereen", visibility=Visibility.PLATFORM
    )


def thread_url(thread) -> str:
    return reverse("groups:thread", kwargs={"thread_pk": thread.pk})


def threads_url(group) -> str:
    return reverse("groups:threads", kwargs={"pk": group.pk})


def posted_rows(actor=None):
    rows = ActivityEntry.objects.filter(verb=Verb.POSTED)
    return rows.filter(actor=actor) if actor is not None else rows


# --- Starting a thread ---------------------------------------------------------------------------


def test_a_member_starts_a_group_only_thread_with_its_first_post(as_user, group, member):
    response = as_user(member).post(
        reverse("groups:create_thread", kwargs={"pk": group.pk}),
        {"title": "Intervisie plannen", "text": "Wanneer kan iedereen?", "visibility": "group"},
    )
    thread = Thread.objects.get(title="Intervisie plannen")
    assert response.status_code == 302
    assert response.url == thread_url(thread)
    assert thread.group == group and thread.author == member
    assert thread.visibility == Visibility.GROUP
    [post] = thread.posts.all()
    assert post.text == "Wanneer kan iedereen?" and post.author == member
    [row] = posted_rows(member)
    assert row.direction == Direction.BRING
    assert row.visibility == Visibility.GROUP  # kept out of every stream outside the group
    assert row.edition == group.edition
    assert row.target == thread
    assert row.data["new_thread"] is True and row.data["post"] == post.pk


def test_a_thread_opened_to_the_edition_is_recorded_with_platform_visibility(
    group, coordinator, open_thread
):
    [row] = posted_rows(coordinator)
    assert row.visibility == Visibility.PLATFORM
    assert row.direction == Direction.BRING


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "text": "Tekst", "visibility": "group"}, "title"),
        ({"title": "Titel", "text": "   ", "visibility": "group"}, "text"),
        ({"title": "Titel", "text": "x" * 10_001, "visibility": "group"}, "text"),
        ({"title": "Titel", "text": "Tekst", "visibility": "public"}, "visibility"),
        ({"title": "T" * 201, "text": "Tekst", "visibility": "group"}, "title"),
    ],
)
def test_a_thread_needs_a_title_a_message_of_at_most_10000_characters_and_a_visibility(
    as_user, group, member, data, field
):
    response = as_user(member).post(reverse("groups:create_thread", kwargs={"pk": group.pk}), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Thread.objects.exists()
    assert not posted_rows().exists()


def test_a_message_of_exactly_10000_characters_is_accepted(group, member):
    thread = start(group, member, text="x" * 10_000)
    assert len(thread.posts.get().text) == 10_000


@pytest.mark.parametrize("who", ["non_member", "facilitator", "staff", "outsider"])
def test_only_members_start_threads(request, as_user, group, who):
    user = request.getfixturevalue(who)
    response = as_user(user).post(
        reverse("groups:create_thread", kwargs={"pk": group.pk}),
        {"title": "Ik doe ook mee", "text": "Hallo", "visibility": "platform"},
    )
    assert response.status_code == 403
    assert not Thread.objects.exists()
    with pytest.raises(ValidationError):
        start(group, user)


def test_a_member_who_left_can_no_longer_write(group, member, private_thread):
    leave(group, member)
    with pytest.raises(ValidationError):
        reply(private_thread, member)
    with pytest.raises(ValidationError):
        start(group, member)


# --- Replying: the plain path and the htmx path --------------------------------------------------


def test_replying_without_javascript_posts_and_redirects_to_the_new_post(
    as_user, private_thread, coordinator
):
    before = private_thread.last_post_at
    response = as_user(coordinator).post(thread_url(private_thread), {"text": "Ik kijk ernaar."})
    post = Post.objects.get(text="Ik kijk ernaar.")
    assert response.status_code == 302
    assert response.url == f"{thread_url(private_thread)}#post-{post.pk}"
    private_thread.refresh_from_db()
    assert private_thread.last_post_at >= before
    assert private_thread.last_post_at == post.created_at
    [row] = posted_rows(coordinator)
    assert row.direction == Direction.BRING and row.visibility == Visibility.GROUP
    assert row.data["new_thread"] is False


def test_replying_with_htmx_returns_the_new_post_and_an_empty_form(
    as_user, private_thread, coordinator
):
    response = as_user(coordinator).post(
        thread_url(private_thread), {"text": "Via *htmx*."}, **HTMX
    )
    post = Post.objects.get(text="Via *htmx*.")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="post-{post.pk}"' in html
    assert "<em>htmx</em>" in html
    assert 'id="reply-form"' in html and 'hx-swap-oob="true"' in html
    assert "Via *htmx*." not in html.split('id="reply-form"')[1]  # the form is empty again
    assert "<html" not in html  # a fragment, not a page


def test_an_invalid_reply_with_htmx_shows_the_form_with_its_error(
    as_user, private_thread, coordinator
):
    response = as_user(coordinator).post(thread_url(private_thread), {"text": " "}, **HTMX)
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == "#reply-form"
    assert response.headers["HX-Reswap"] == "outerHTML"
    assert "errorlist" in response.content.decode()
    assert private_thread.posts.count() == 1


def test_an_invalid_reply_without_javascript_shows_the_page_with_the_error(
    as_user, private_thread, coordinator
):
    response = as_user(coordinator).post(thread_url(private_thread), {"text": "x" * 10_001})
    assert response.status_code == 200
    assert response.context["reply_form"].errors["text"]
    assert private_thread.posts.count() == 1


def test_the_thread_page_shows_posts_oldest_first_with_author_and_time(
    as_user, private_thread, coordinator, member
):
    reply(private_thread, coordinator, "Tweede bericht")
    reply(private_thread, member, "Derde bericht")
    response = as_user(member).get(thread_url(private_thread))
    html = response.content.decode()
    first = html.index("evalueren")
    assert first < html.index("Tweede bericht") < html.index("Derde bericht")
    assert "Cora Coördinator" in html and "Mo Lid" in html
    assert 'id="reply-form"' in html


def test_replies_bump_the_thread_to_the_top_of_the_list(as_user, group, member, coordinator):
    older = start(group, member, title="Oudere draad")
    start(group, member, title="Nieuwere draad")
    Thread.objects.filter(pk=older.pk).update(last_post_at=timezone.now() - dt.timedelta(days=2))
    reply(older, coordinator)
    page = as_user(member).get(threads_url(group)).context["page"]
    assert [t.title for t in page.object_list] == ["Oudere draad", "Nieuwere draad"]
    assert [t.post_count for t in page.object_list] == [2, 1]


# --- Editing and deleting ------------------------------------------------------------------------


def test_the_author_edits_their_post_and_it_is_marked_as_edited(as_user, private_thread, member):
    post = private_thread.posts.get()
    client = as_user(member)
    url = reverse("groups:edit_post", kwargs={"post_pk": post.pk})
    form_page = client.get(url)
    assert form_page.status_code == 200
    assert post.text in form_page.content.decode()
    response = client.post(url, {"text": "Aangepaste vraag"})
    assert response.status_code == 302
    assert response.url == f"{thread_url(private_thread)}#post-{post.pk}"
    post.refresh_from_db()
    assert post.text == "Aangepaste vraag"
    assert post.edited_at is not None
    html = client.get(thread_url(private_thread)).content.decode()
    assert "post__edited" in html
    assert f'datetime="{timezone.localtime(post.created_at):%Y-%m-%d}' in html
    # Editing is not a new contribution: no extra ledger row.
    assert posted_rows(member).count() == 1


def test_saving_the_same_text_does_not_mark_a_post_as_edited(private_thread, member):
    post = private_thread.posts.get()
    services.edit_post(post=post, actor=member, text=post.text)
    post.refresh_from_db()
    assert post.edited_at is None


@pytest.mark.parametrize("who", ["coordinator", "quiet_member", "non_member", "facilitator"])
def test_only_the_author_edits_a_post(request, as_user, private_thread, who):
    user = request.getfixturevalue(who)
    post = private_thread.posts.get()
    url = reverse("groups:edit_post", kwargs={"post_pk": post.pk})
    # Members of the group are refused; people who may not read the thread get a 404.
    expected = 403 if who in ("coordinator", "quiet_member") else 404
    assert as_user(user).get(url).status_code == expected
    assert as_user(user).post(url, {"text": "Overschreven"}).status_code == expected
    with pytest.raises(ValidationError):
        services.edit_post(post=post, actor=user, text="Overschreven")
    post.refresh_from_db()
    assert post.text != "Overschreven" and post.edited_at is None


def test_the_author_deletes_their_post_and_a_placeholder_stays(
    as_user, private_thread, member, coordinator
):
    reply(private_thread, coordinator, "Een antwoord dat blijft")
    post = private_thread.posts.order_by("created_at", "id").first()
    secret = post.text
    client = as_user(member)
    response = client.post(reverse("groups:delete_post", kwargs={"post_pk": post.pk}))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.deleted_at is not None
    assert post.text == ""  # erased: it can never be shown or mailed again
    # Deleting the first post keeps the thread and its replies.
    assert Thread.objects.filter(pk=private_thread.pk).exists()
    html = client.get(thread_url(private_thread)).content.decode()
    assert "post--deleted" in html
    assert secret not in html
    assert "Een antwoord dat blijft" in html
    # Nobody may edit or delete the placeholder.
    assert reverse("groups:edit_post", kwargs={"post_pk": post.pk}) not in html
    assert reverse("groups:delete_post", kwargs={"post_pk": post.pk}) not in html


def test_the_deleted_placeholder_is_shown_in_dutch(as_user, private_thread, member):
    post = private_thread.posts.get()
    services.delete_post(post=post, actor=member)
    html = as_user(member).get(thread_url(private_thread)).content.decode()
    assert "post__placeholder" in html


def test_a_coordinator_may_delete_anothers_post_with_htmx(
    as_user, private_thread, coordinator, member
):
    post = private_thread.posts.get()
    response = as_user(coordinator).post(
        reverse("groups:delete_post", kwargs={"post_pk": post.pk}), **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="post-{post.pk}"' in html and "post--deleted" in html
    assert "evalueren" not in html
    post.refresh_from_db()
    assert post.deleted_at is not None


@pytest.mark.parametrize("who", ["quiet_member", "non_member", "facilitator", "staff"])
def test_others_may_not_delete_a_post(request, as_user, private_thread, who):
    user = request.getfixturevalue(who)
    post = private_thread.posts.get()
    response = as_user(user).post(reverse("groups:delete_post", kwargs={"post_pk": post.pk}))
    assert response.status_code == (403 if who == "quiet_member" else 404)
    with pytest.raises(ValidationError):
        services.delete_post(post=post, actor=user)
    post.refresh_from_db()
    assert post.deleted_at is None


def test_a_deleted_post_cannot_be_edited(as_user, private_thread, member):
    post = private_thread.posts.get()
    services.delete_post(post=post, actor=member)
    with pytest.raises(ValidationError):
        services.edit_post(post=post, actor=member, text="Terug")
    response = as_user(member).get(reverse("groups:edit_post", kwargs={"post_pk": post.pk}))
    assert response.status_code in (302, 403)


# --- Sanitising ----------------------------------------------------------------------------------


def test_posts_are_rendered_as_markdown_without_scripts_or_javascript_links(as_user, group, member):
    thread = start(
        group,
        member,
        text=(
            "**Vet** en [goed](https://example.org) maar <script>alert('x')</script> "
            "en [fout](javascript:alert(1)) en <img src=x onerror=alert(2)> "
            '<a href="javascript:alert(3)">ook fout</a>'
        ),
    )
    reply(thread, member, "<iframe src='https://evil.example'></iframe> [x](JaVaScRiPt:alert(4))")
    html = as_user(member).get(thread_url(thread)).content.decode()
    body = html.split('id="post-list"')[1]
    assert "<strong>Vet</strong>" in body
    assert 'href="https://example.org"' in body
    assert "<script>alert" not in body
    assert "javascript:" not in body.lower()
    assert "onerror" not in body
    assert "<iframe" not in body
    assert "nofollow" in body


# --- Who reads what ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "sees_private", "sees_open"),
    [
        ("member", True, True),
        ("coordinator", True, True),
        ("non_member", False, True),
        ("facilitator", False, True),
    ],
)
def test_the_list_shows_each_person_only_the_threads_they_may_read(
    as_user, request, private_thread, open_thread, who, sees_private, sees_open
):
    user = request.getfixturevalue(who)
    response = as_user(user).get(threads_url(private_thread.group))
    assert response.status_code == 200
    html = response.content.decode()
    assert (private_thread.title in html) is sees_private
    assert (open_thread.title in html) is sees_open


@pytest.mark.parametrize(("who", "status"), [("staff", 403), ("outsider", 403), ("visitor", 302)])
def test_people_outside_the_edition_get_no_list(private_thread, open_thread, request, who, status):
    user = None if who == "visitor" else request.getfixturevalue(who)
    response = client_for(user).get(threads_url(private_thread.group))
    assert response.status_code == status
    assert private_thread.title not in response.content.decode()
    assert open_thread.title not in response.content.decode()


@pytest.mark.parametrize(
    ("who", "private_status", "open_status"),
    [
        ("member", 200, 200),
        ("coordinator", 200, 200),
        ("non_member", 404, 200),
        ("facilitator", 404, 200),  # facilitators outside the group are refused, too
        ("staff", 404, 404),  # staff have no exception in the visibility rule
        ("outsider", 404, 404),
        ("visitor", 302, 302),
    ],
)
def test_a_thread_page_follows_the_visibility_rule(
    request, private_thread, open_thread, who, private_status, open_status
):
    user = None if who == "visitor" else request.getfixturevalue(who)
    client = client_for(user)
    private = client.get(thread_url(private_thread))
    assert private.status_code == private_status
    if private_status != 200:
        # Not even the title shows on the error page.
        assert private_thread.title not in private.content.decode()
    assert client.get(thread_url(open_thread)).status_code == open_status


def test_edition_members_read_open_threads_but_only_group_members_reply(
    as_user, open_thread, non_member, facilitator
):
    for user in (non_member, facilitator):
        client = as_user(user)
        page = client.get(thread_url(open_thread))
        assert page.status_code == 200
        assert 'id="reply-form"' not in page.content.decode()
        assert client.post(thread_url(open_thread), {"text": "Mag ik?"}).status_code == 403
    assert open_thread.posts.count() == 1


def test_a_member_who_left_no_longer_reads_group_only_threads(
    as_user, group, member, private_thread, open_thread
):
    leave(group, member)
    client = as_user(member)
    assert client.get(thread_url(private_thread)).status_code == 404
    assert client.get(thread_url(open_thread)).status_code == 200  # still in the edition
    assert private_thread.title not in client.get(threads_url(group)).content.decode()


def test_the_rule_and_the_list_agree_for_everyone(
    private_thread, open_thread, member, coordinator, non_member, facilitator, staff, outsider
):
    import rules
    from django.contrib.auth.models import AnonymousUser

    for user in (member, coordinator, non_member, facilitator, staff, outsider, AnonymousUser()):
        listed = set(visible_threads(user=user).values_list("pk", flat=True))
        for thread in (private_thread, open_thread):
            assert rules.has_perm("groups.view_thread", user, thread) is (thread.pk in listed)


def test_group_only_threads_of_another_group_stay_hidden_from_members_of_this_one(
    edition, group, member, non_member
):
    other_group = make_group(edition, name="Andere groep", members=[non_member])
    hidden = start(other_group, non_member, title="Onze eigen zaak")
    assert hidden not in visible_threads(user=member)
    assert hidden in visible_threads(user=non_member)


# --- Notifications and their emails --------------------------------------------------------------
# A new thread or reply is a notification ("post") for the followers of the thread and of the
# group (members follow their group when they join it; these rows are made as plain rows, so the
# tests follow by hand). Whoever wants posts at once gets the notification's email.


def _follow(group, *people) -> None:
    for person in people:
        notifications.follow(user=person, target=group, edition=group.edition, automatic=True)
        notifications.set_preference(user=person, kind="post", channel=Channel.INSTANT)


def test_a_new_thread_mails_the_other_followers_who_want_it(
    as_user,
    group,
    member,
    coordinator,
    quiet_member,
    non_member,
    facilitator,
    django_capture_on_commit_callbacks,
    settings,
):
    settings.SITE_URL = "http://testserver"
    _follow(group, member, coordinator, quiet_member, non_member, facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(member).post(
            reverse("groups:create_thread", kwargs={"pk": group.pk}),
            {"title": "Boekentip", "text": "Lees *Het lerende team*.", "visibility": "group"},
        )
    assert response.status_code == 302
    thread = Thread.objects.get(title="Boekentip")
    # Not the author, not the one who turned the group's emails off (told in the app only), not
    # the followers outside the group (a group-only thread).
    [message] = mail.outbox
    assert message.to == [coordinator.email]
    assert "Boekentip" in message.subject
    assert "Mo Lid" in message.body
    assert "Lees Het lerende team." in message.body  # as plain text, without Markdown's marks
    assert f"http://testserver{thread_url(thread)}" in message.body
    told = Notification.objects.filter(kind="post").values_list("recipient_id", "channel")
    assert dict(told) == {coordinator.pk: Channel.INSTANT, quiet_member.pk: Channel.APP}


def test_a_reply_mails_the_followers_also_in_an_open_thread_but_never_non_members(
    group,
    open_thread,
    member,
    coordinator,
    non_member,
    facilitator,
    django_capture_on_commit_callbacks,
):
    _follow(group, coordinator, member)
    outsider = factories.make_user()
    _follow(group, outsider)  # follows, but is in no edition
    with django_capture_on_commit_callbacks(execute=True):
        reply(open_thread, member, "Mijn antwoord")
    [message] = mail.outbox
    assert message.to == [coordinator.email]
    assert "Open vraag aan iedereen" in message.subject
    assert "Mijn antwoord" in message.body


def test_members_who_left_get_no_email(
    group, private_thread, coordinator, member, django_capture_on_commit_callbacks
):
    _follow(group, coordinator, member)
    leave(group, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        reply(private_thread, member, "Is er nog iemand?")
    assert mail.outbox == []
    assert not Notification.objects.filter(recipient=coordinator).exists()


def test_no_email_when_the_transaction_rolls_back(
    group, member, coordinator, django_capture_on_commit_callbacks
):
    _follow(group, coordinator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        start(group, member)
    # The email is enqueued only on commit (with the dropping of the cached unread counts).
    assert [c for c in callbacks if "deliver_notifications" in repr(c)]
    assert mail.outbox == []


def test_emails_are_written_in_the_readers_language_whatever_the_writers_language(
    group, member, coordinator, django_capture_on_commit_callbacks
):
    from django.utils import translation

    _follow(group, coordinator)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        start(group, member, title="Taal")
    [message] = mail.outbox
    assert message.subject.startswith("[Leerplatform] ")
    assert "Cora Coördinator" in message.body  # the greeting names the person
    with translation.override("nl"):
        sentence = Notification.objects.get(kind="post").sentence()
    assert sentence in message.body and "Taal" in sentence


# --- The email setting ---------------------------------------------------------------------------


def test_a_member_turns_emails_off_and_on(as_user, group, member):
    url = reverse("groups:notifications", kwargs={"pk": group.pk})
    client = as_user(member)
    page = client.get(threads_url(group)).content.decode()
    assert url in page  # the setting is on the threads page
    assert client.post(url, {"enabled": "0"}).status_code == 302
    assert not GroupMembership.objects.get(group=group, user=member).email_notifications
    client.post(url, {"enabled": "0"})  # a double click changes nothing
    assert not GroupMembership.objects.get(group=group, user=member).email_notifications
    client.post(url, {"enabled": "1"})
    assert GroupMembership.objects.get(group=group, user=member).email_notifications
    client.post(url)  # without a value it flips
    assert not GroupMembership.objects.get(group=group, user=member).email_notifications


@pytest.mark.parametrize("who", ["non_member", "facilitator", "staff", "outsider"])
def test_only_members_have_an_email_setting(request, as_user, group, who):
    user = request.getfixturevalue(who)
    url = reverse("groups:notifications", kwargs={"pk": group.pk})
    assert as_user(user).post(url, {"enabled": "0"}).status_code == 403
    assert as_user(user).get(url).status_code in (403, 405)


def test_the_setting_is_not_shown_to_non_members(as_user, group, non_member, open_thread):
    html = as_user(non_member).get(threads_url(group)).content.decode()
    assert reverse("groups:notifications", kwargs={"pk": group.pk}) not in html
    assert reverse("groups:create_thread", kwargs={"pk": group.pk}) not in html


# --- The box on the group page -------------------------------------------------------------------


def test_the_box_shows_the_latest_three_threads_a_member_may_read(
    group, member, django_assert_max_num_queries
):
    for i in range(5):
        start(group, member, title=f"Draad {i}")
    member = type(member).objects.get(pk=member.pk)
    with django_assert_max_num_queries(2):  # roles of the group, the threads
        box = discussions_box_context(group=group, user=member)["discussions_box"]
    assert [t.title for t in box.threads] == ["Draad 4", "Draad 3", "Draad 2"]
    assert box.is_shown and box.can_start


def test_the_box_shows_non_members_only_open_threads_or_nothing(
    group, member, non_member, facilitator, staff, outsider
):
    start(group, member, title="Privé")
    for user in (non_member, facilitator, staff, outsider):
        box = discussions_box_context(group=group, user=user)["discussions_box"]
        assert box.threads == [] and not box.is_shown
    start(group, member, title="Voor iedereen", visibility=Visibility.PLATFORM)
    for user in (non_member, facilitator):
        user = type(user).objects.get(pk=user.pk)
        box = discussions_box_context(group=group, user=user)["discussions_box"]
        assert [t.title for t in box.threads] == ["Voor iedereen"] and box.is_shown
        assert not box.can_start
    for user in (staff, outsider):
        assert not discussions_box_context(group=group, user=user)["discussions_box"].is_shown


def test_the_box_template_renders_links(group, member, rf):
    from django.template.loader import render_to_string

    thread = start(group, member, title="In de box")
    html = render_to_string(
        "groups/_discussions_box.html", discussions_box_context(group=group, user=member)
    )
    assert thread_url(thread) in html and "In de box" in html
    assert threads_url(group) in html


# --- Query counts --------------------------------------------------------------------------------

# (+1 each: the notification bell's unread count)
# THREADS: session, user, group, roles, group roles, agreements, count, page, membership, bell
THREADS_QUERIES = 10
THREAD_QUERIES = 10  # session, user, thread, visibility, roles, agreements, posts, group roles,
# the follow button


def fill_threads(group, people, count: int) -> None:
    now = timezone.now()
    threads = Thread.objects.bulk_create(
        Thread(
            group=group,
            title=f"Draad {i}",
            author=people[i % len(people)],
            visibility=Visibility.PLATFORM if i % 2 else Visibility.GROUP,
            last_post_at=now - dt.timedelta(minutes=i),
        )
        for i in range(count)
    )
    Post.objects.bulk_create(
        Post(thread=thread, author=people[j % len(people)], text=f"Bericht {j}")
        for thread in threads
        for j in range(2)
    )


@pytest.mark.parametrize("count", [5, 200])
@pytest.mark.parametrize("who", ["member", "non_member"])
def test_the_threads_page_costs_a_fixed_number_of_queries(
    request, as_user, group, member, coordinator, django_assert_max_num_queries, count, who
):
    fill_threads(group, [member, coordinator], count)
    client = as_user(request.getfixturevalue(who))
    with django_assert_max_num_queries(THREADS_QUERIES):
        response = client.get(threads_url(group))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(
        20, count if who == "member" else count // 2
    )
    with django_assert_max_num_queries(THREADS_QUERIES):
        client.get(threads_url(group), {"page": 2})


@pytest.mark.parametrize("count", [5, 200])
def test_the_thread_page_costs_a_fixed_number_of_queries(
    as_user, group, member, coordinator, non_member, django_assert_max_num_queries, count
):
    thread = start(group, member, visibility=Visibility.PLATFORM)
    Post.objects.bulk_create(
        Post(
            thread=thread,
            author=(member, coordinator)[i % 2],
            text=f"Bericht **{i}**",
            edited_at=timezone.now() if i % 3 == 0 else None,
            deleted_at=timezone.now() if i % 7 == 0 else None,
        )
        for i in range(count)
    )
    for user in (member, coordinator, non_member):
        client = as_user(user)
        with django_assert_max_num_queries(THREAD_QUERIES):
            response = client.get(thread_url(thread))
        assert len(response.context["posts"]) == count + 1


def test_the_threads_list_is_paginated(as_user, group, member):
    fill_threads(group, [member], 45)
    client = as_user(member)
    first = client.get(threads_url(group))
    assert first.context["page"].paginator.num_pages == 3
    last = client.get(threads_url(group), {"page": 3})
    assert [t.title for t in last.context["page"].object_list] == [
        f"Draad {i}" for i in range(40, 45)
    ]


# --- Agreements first ----------------------------------------------------------------------------


def test_participants_accept_the_agreements_before_reading(as_user, edition, group, member):
    from leerplatform.membership.models import Agreement

    Agreement.objects.create(edition=edition, version=1, text="Afspraken")
    response = as_user(member).get(threads_url(group))
    assert response.status_code == 302
    assert reverse("membership:agreements", kwargs={"slug": edition.slug}) in response.url


def test_a_facilitator_in_the_group_is_a_member_like_any_other(
    as_user, edition, group, private_thread
):
    facilitator_member = factories.make_member(edition, role=Role.FACILITATOR, name="Fien")
    add_member(group, facilitator_member)
    assert as_user(facilitator_member).get(thread_url(private_thread)).status_code == 200


# --- The demo ------------------------------------------------------------------------------------


def test_the_demo_groups_get_dutch_threads_once_one_of_them_open_to_the_edition():
    from leerplatform.demo.discussions import THREADS, load_discussion_examples
    from leerplatform.demo.edition import load_demo
    from leerplatform.demo.groups import load_group_examples

    edition = load_demo()
    groups = load_group_examples(edition)
    load_discussion_examples(edition)
    threads = list(Thread.objects.filter(group__edition=edition).select_related("group"))
    assert {t.group.name for t in threads} == {g.name for g in groups} & set(THREADS)
    assert any(t.visibility == Visibility.PLATFORM for t in threads)
    assert any(t.visibility == Visibility.GROUP for t in threads)
    for thread in threads:
        posts = list(thread.posts.order_by("created_at"))
        assert len(posts) >= 2
        assert thread.last_post_at == posts[-1].created_at < timezone.now()
        members = set(thread.group.memberships.active().values_list("user_id", flat=True))
        assert {p.author_id for p in posts} <= members
    posts_before = Post.objects.count()
    assert load_discussion_examples(edition) == []
    assert Post.objects.count() == posts_before
    assert posted_rows().count() == posts_before
