"""@mentions: the token, its links, the autocomplete, and who is told."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Membership
from leerplatform.groups.models import GroupMembership, LearningGroup
from leerplatform.groups.services import discussions
from leerplatform.notifications.mentions import (
    Directory,
    Person,
    mentioned_people,
    plain,
    render,
    tokens,
)
from leerplatform.notifications.models import Notification
from leerplatform.proposals import services as proposal_services
from tests.factories import make_edition, make_member, make_user
from tests.proposals.helpers import open_call, propose, upcoming_meeting

pytestmark = pytest.mark.django_db


# --- The token ------------------------------------------------------------------------------------


def test_tokens_read_names_of_several_words_and_an_optional_id():
    text = "Dag @**Anne van der Berg** en @**Piet Jansen|42**, en @**anne  VAN der berg** weer."
    assert tokens(text) == [("anne van der berg", None), ("piet jansen", 42)]


def test_no_token_without_the_closing_stars_or_across_lines():
    assert tokens("mail me @ work, @**Anne\nBerg**, @Anne, @**Anne") == []


def test_a_link_only_for_a_name_that_is_one_member():
    directory = Directory(
        [Person(1, "Anne Berg"), Person(2, "Piet Jansen"), Person(3, "Piet Jansen")]
    )
    html = render(
        "Hoi @**anne berg**, @**Piet Jansen**, @**Piet Jansen|3**, @**Niemand**", directory
    )
    assert f'<a href="{reverse("accounts:person", kwargs={"pk": 1})}"' in html
    assert "@Anne Berg</a>" in html
    # A shared name needs its id; the id must belong to that name.
    assert html.count("<a ") == 2
    assert f'href="{reverse("accounts:person", kwargs={"pk": 3})}"' in html
    assert "@<strong>Niemand</strong>" in html


def test_a_name_cannot_smuggle_markup_into_the_link():
    directory = Directory([Person(7, "Eve <script>](javascript:x)")])
    html = render("@**Eve <script>](javascript:x)**", directory)
    assert "<script" not in html and 'href="javascript' not in html
    assert reverse("accounts:person", kwargs={"pk": 7}) in html


def test_plain_text_writes_a_mention_as_at_name():
    assert plain("Vraag @**Anne  Berg|4** even") == "Vraag @Anne Berg even"


def test_mentioned_people_are_the_active_members_of_that_edition_only():
    edition, other_edition = make_edition(themes=1), make_edition(themes=1)
    anne = make_member(edition, name="Anne Berg")
    gone = make_member(edition, name="Gijs Weg")
    Membership.objects.filter(user=gone).update(left_at=timezone.now())
    make_member(other_edition, name="Otto Ander")
    make_user(name="Buiten Staander")
    text = "@**Anne Berg** @**Gijs Weg** @**Otto Ander** @**Buiten Staander**"
    assert mentioned_people(text, edition_id=edition.pk) == [Person(anne.pk, "Anne Berg")]


# --- Who is told ----------------------------------------------------------------------------------


@pytest.fixture
def circle():
    edition = make_edition(themes=1)
    author, friend, outside_group = (
        make_member(edition, name=name) for name in ("Auteur Een", "Vriend Twee", "Buiten Drie")
    )
    group = LearningGroup.objects.create(edition=edition, name="Leergroep M")
    for member in (author, friend):
        GroupMembership.objects.create(group=group, user=member)
    return edition, group, author, friend, outside_group


def _mentions():
    return Notification.objects.filter(kind="mention")


def test_a_mention_in_a_post_notifies_the_mentioned_member(
    circle, django_capture_on_commit_callbacks
):
    edition, group, author, friend, _outside = circle
    thread = discussions.start_thread(
        group=group, author=author, title="Planning", text="Wat vind jij, @**Vriend Twee**?"
    )
    (row,) = _mentions()
    assert (row.recipient, row.actor, row.group, row.edition) == (friend, author, group, edition)
    assert row.visibility == Visibility.GROUP
    assert row.target == thread
    assert row.excerpt == "Wat vind jij, @Vriend Twee?"
    post = thread.posts.get()
    assert row.url == reverse("groups:thread", kwargs={"thread_pk": thread.pk}) + f"#post-{post.pk}"


def test_a_mention_of_someone_who_may_not_see_the_post_notifies_nobody(circle):
    _edition, group, author, _friend, outside = circle
    discussions.start_thread(
        group=group, author=author, title="Alleen wij", text="Ken jij dit, @**Buiten Drie**?"
    )
    assert not _mentions().exists()
    # Opened to the edition, the same mention reaches them.
    discussions.start_thread(
        group=group,
        author=author,
        title="Voor iedereen",
        text="Ken jij dit, @**Buiten Drie**?",
        visibility=Visibility.PLATFORM,
    )
    assert list(_mentions().values_list("recipient", flat=True)) == [outside.pk]


def test_a_confidential_threads_mention_says_nothing_of_the_thread(circle):
    _edition, group, author, friend, _outside = circle
    discussions.start_thread(
        group=group,
        author=author,
        title="Casus van Joop",
        text="@**Vriend Twee** lees dit",
        visibility=Visibility.CONFIDENTIAL,
    )
    (row,) = _mentions()
    assert row.recipient == friend
    assert (row.target_label, row.excerpt, row.confidential) == ("", "", True)
    assert "Joop" not in row.sentence()


def test_mentioning_yourself_or_editing_a_mention_in_tells_nobody_again(circle):
    _edition, group, author, _friend, _outside = circle
    thread = discussions.start_thread(
        group=group, author=author, title="Draad", text="Ik, @**Auteur Een**, begin"
    )
    assert not _mentions().exists()
    post = discussions.reply(thread=thread, author=author, text="@**Vriend Twee** kijk even")
    assert _mentions().count() == 1
    discussions.edit_post(post=post, actor=author, text="@**Vriend Twee** kijk even, graag")
    assert _mentions().count() == 1


def test_mentions_in_a_proposal_and_a_comment(circle):
    edition, _group, author, friend, outside = circle
    facilitator = make_member(edition, role="facilitator", name="Fenna Facilitator")
    call = open_call(upcoming_meeting(edition), actor=facilitator)
    proposal = propose(call, author, description="Samen met @**Vriend Twee**.")
    (row,) = _mentions()
    assert (row.recipient, row.target, row.visibility) == (friend, proposal, Visibility.PLATFORM)
    comment = proposal_services.add_comment(
        proposal=proposal, author=friend, text="Goed idee, @**Buiten Drie** en @**Auteur Een**!"
    )
    # The proposer hears of the comment itself (proposal_commented), not twice.
    rows = _mentions().filter(recipient=outside)
    assert rows.count() == 1 and rows.get().url.endswith(f"#comment-{comment.pk}")
    assert not _mentions().filter(recipient=author).exists()


# --- Showing mentions -----------------------------------------------------------------------------


def test_the_thread_page_links_mentions_in_fixed_queries(
    circle, as_user, django_assert_max_num_queries
):
    _edition, group, author, friend, _outside = circle
    thread = discussions.start_thread(group=group, author=author, title="Draad", text="Begin")
    url = reverse("groups:thread", kwargs={"thread_pk": thread.pk})
    client = as_user(author)
    counts = []
    for n in (2, 30):
        while thread.posts.count() < n:
            discussions.reply(thread=thread, author=friend, text="Dag @**Auteur Een**!")
        with django_assert_max_num_queries(20) as captured:
            response = client.get(url)
        counts.append(len(captured))
    assert counts[0] == counts[1]
    html = response.content.decode()
    assert html.count(f'href="{reverse("accounts:person", kwargs={"pk": author.pk})}"') == 29
    assert 'data-mentions-url="' in html  # the reply field offers the autocomplete


def test_a_proposals_comments_link_mentions(circle, as_user):
    edition, _group, author, friend, _outside = circle
    facilitator = make_member(edition, role="facilitator", name="Fenna Facilitator")
    proposal = propose(open_call(upcoming_meeting(edition), actor=facilitator), author)
    proposal_services.add_comment(proposal=proposal, author=friend, text="Met @**Auteur Een** <b>")
    html = as_user(friend).get(reverse("proposals:detail", kwargs={"pk": proposal.pk})).content
    person = reverse("accounts:person", kwargs={"pk": author.pk})
    assert f'<a href="{person}">@Auteur Een</a> &lt;b&gt;' in html.decode()


# --- The autocomplete -----------------------------------------------------------------------------


def _ask(client, edition, q):
    return client.get(
        reverse("notifications:mention_people", kwargs={"edition_pk": edition.pk}), {"q": q}
    )


def test_the_autocomplete_offers_active_members_of_the_edition_only(circle, as_user):
    edition, _group, author, _friend, _outside = circle
    gone = make_member(edition, name="Vroeger Twee")
    Membership.objects.filter(user=gone).update(left_at=timezone.now())
    make_member(make_edition(themes=1), name="Twee Elders")
    make_user(name="Twee Buiten")
    response = _ask(as_user(author), edition, "twee")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-token="@**Vriend Twee**"' in html
    assert 'role="option"' in html
    for name in ("Vroeger", "Elders", "Buiten", "Auteur"):
        assert name not in html


def test_the_autocomplete_is_bounded_and_names_a_shared_name_by_id(circle, as_user):
    edition, _group, author, _friend, _outside = circle
    twins = [make_member(edition, name="Sam Tweeling") for _ in range(2)]
    for n in range(12):
        make_member(edition, name=f"Sam Extra {n:02}")
    html = _ask(as_user(author), edition, "sam" + " " * 10 + "x" * 100).content.decode()
    assert 'role="option"' not in html  # the long query was cut, and matches nobody
    html = _ask(as_user(author), edition, "Sam").content.decode()
    assert html.count('role="option"') == 8
    html = _ask(as_user(author), edition, "Tweeling").content.decode()
    for twin in twins:
        assert f'data-token="@**Sam Tweeling|{twin.pk}**"' in html


def test_the_autocomplete_refuses_ex_members_and_outsiders(circle, as_user, client):
    edition, *_ = circle
    gone = make_member(edition, name="Vroeger Lid")
    Membership.objects.filter(user=gone).update(left_at=timezone.now())
    assert _ask(as_user(gone), edition, "a").status_code == 403
    assert _ask(as_user(make_user()), edition, "a").status_code == 403
    assert _ask(client, edition, "a").status_code == 302
