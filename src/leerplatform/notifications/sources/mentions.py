"""Notifications of @mentions (`notifications.mentions`): a post in a discussion, a proposal and a
comment on a proposal tell the active members of the edition they mention ("mention").

The notification copies the thing's visibility, edition and group, so `notify` drops whoever may
not see it (a group-only thread: the group's active members only; a proposal: the edition's), and
a confidential thread's notification keeps no title and no text. Only a new post, proposal or
comment tells: an edit sends no event, so nobody is told twice about one mention. The proposer of
a proposal someone comments on is not told of a mention in that comment as well: the comment's own
notification ("proposal_commented") tells them, with its text.
"""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse

from leerplatform.core.visibility import Visibility
from leerplatform.groups import events as group_events
from leerplatform.groups.models import Post
from leerplatform.notifications.mentions import mentioned_people, plain
from leerplatform.notifications.services import notify
from leerplatform.proposals import events as proposal_events
from leerplatform.proposals.models import Comment, Proposal


@receiver(group_events.posted, dispatch_uid="notifications_mentions_posted")
def post_mentions(sender, post: Post, **kwargs) -> None:
    thread = post.thread
    group = thread.group
    people = mentioned_people(post.text, edition_id=group.edition_id)
    if not people:
        return
    notify(
        "mention",
        [person.pk for person in people],
        actor=post.author,
        target=thread,
        edition=group.edition,
        group=group,
        visibility=thread.visibility,
        url=reverse("groups:thread", kwargs={"thread_pk": thread.pk}) + f"#post-{post.pk}",
        excerpt=plain(post.text),
    )


def _proposal_mentions(proposal: Proposal, *, text: str, actor, url: str, exclude=()) -> None:
    edition = proposal.call.meeting.edition
    people = [
        person.pk
        for person in mentioned_people(text, edition_id=edition.pk)
        if person.pk not in exclude
    ]
    if people:
        notify(
            "mention",
            people,
            actor=actor,
            target=proposal,
            edition=edition,
            # Proposals are read by the edition's members.
            visibility=Visibility.PLATFORM,
            url=url,
            excerpt=plain(text),
        )


@receiver(proposal_events.proposal_made, dispatch_uid="notifications_mentions_proposal")
def proposal_mentions(sender, proposal: Proposal, **kwargs) -> None:
    _proposal_mentions(
        proposal,
        text=proposal.description,
        actor=proposal.proposer,
        url=reverse("proposals:detail", kwargs={"pk": proposal.pk}),
    )


@receiver(proposal_events.proposal_commented, dispatch_uid="notifications_mentions_comment")
def comment_mentions(sender, comment: Comment, **kwargs) -> None:
    proposal = comment.proposal
    _proposal_mentions(
        proposal,
        text=comment.text,
        actor=comment.author,
        url=reverse("proposals:detail", kwargs={"pk": proposal.pk}) + f"#comment-{comment.pk}",
        exclude={proposal.proposer_id},
    )
