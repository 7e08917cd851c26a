"""Who may do what with learning groups. The object is a LearningGroup unless said otherwise."""

from __future__ import annotations

import rules

from leerplatform.accounts.rules import is_staff
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Role
from leerplatform.editions.rules import is_facilitator, is_participant, roles_of
from leerplatform.groups.visibility import group_roles, is_visible


@rules.predicate
def is_group_member(user, group) -> bool:
    return group is not None and group.pk in group_roles(user)


@rules.predicate
def is_coordinator(user, group) -> bool:
    return group is not None and group_roles(user).get(group.pk) is True


@rules.predicate
def is_edition_member(user, group) -> bool:
    return group is not None and group.edition_id in roles_of(user)


@rules.predicate
def facilitates_group(user, group) -> bool:
    return group is not None and roles_of(user).get(group.edition_id) == Role.FACILITATOR


@rules.predicate
def workplan_is_shared(user, group) -> bool:
    return group is not None and group.workplan_visibility == Visibility.PLATFORM


@rules.predicate
def edition_lets_participants_start_groups(user, edition) -> bool:
    return edition is not None and edition.groups_started_by == "participants"


# On an Edition
rules.add_perm(
    "groups.start_group",
    is_facilitator | (is_participant & edition_lets_participants_start_groups),
)
# On a LearningGroup
rules.add_perm("groups.view_group", is_edition_member | is_staff)
rules.add_perm("groups.change_group", is_coordinator | facilitates_group | is_staff)
rules.add_perm("groups.manage_members", is_coordinator | facilitates_group | is_staff)
rules.add_perm("groups.assign_members", facilitates_group | is_staff)
# Taking someone out of a group is the facilitators' (with a reason the person reads).
rules.add_perm("groups.remove_members", facilitates_group | is_staff)
# The work plan follows the visibility rule: group-only plans are for the group's members only.
rules.add_perm("groups.view_workplan", is_group_member | (workplan_is_shared & is_edition_member))
rules.add_perm("groups.edit_workplan", is_group_member)
rules.add_perm("groups.agree_workplan", is_coordinator)


# --- Discussions -----------------------------------------------------------------------------
# The objects are a LearningGroup (the list of threads, starting one, email settings), a Thread
# (reading, replying; with `group` loaded) or a Post (editing, deleting; with `thread__group`).
# Reading a thread is the visibility rule itself (groups.visibility.is_visible): group-only threads
# for the group's active members, threads opened to the edition also for the edition's members.
# Writing is the group's own business: only active members start threads and reply, also in
# threads opened to the edition (those are a window for the edition, not a forum for everyone).


def _thread_group(thread):
    return thread.group if thread is not None else None


def _post_group(post):
    return post.thread.group if post is not None else None


@rules.predicate
def can_see_thread(user, thread) -> bool:
    return thread is not None and is_visible(user, thread, group_field="group")


@rules.predicate
def can_see_posts_thread(user, post) -> bool:
    return post is not None and can_see_thread(user, post.thread)


@rules.predicate
def is_member_of_threads_group(user, thread) -> bool:
    return is_group_member(user, _thread_group(thread))


@rules.predicate
def is_post_author(user, post) -> bool:
    return post is not None and user.is_authenticated and post.author_id == user.pk


@rules.predicate
def is_member_of_posts_group(user, post) -> bool:
    return is_group_member(user, _post_group(post))


@rules.predicate
def coordinates_posts_group(user, post) -> bool:
    return is_coordinator(user, _post_group(post))


# On a LearningGroup: the list shows each person only the threads they may read.
rules.add_perm("groups.view_discussions", is_group_member | is_edition_member)
rules.add_perm("groups.start_thread", is_group_member)
rules.add_perm("groups.change_notifications", is_group_member)
# On a Thread
rules.add_perm("groups.view_thread", can_see_thread)
rules.add_perm("groups.reply_to_thread", is_member_of_threads_group)
# On a Post: it is read with its thread.
rules.add_perm("groups.view_post", can_see_posts_thread)
rules.add_perm("groups.change_post", is_post_author & is_member_of_posts_group)
rules.add_perm(
    "groups.delete_post",
    (is_post_author & is_member_of_posts_group) | coordinates_posts_group,
)


# --- Activities ------------------------------------------------------------------------------
# The object is a LearningGroup. Reading follows the visibility rule (core.visibility) with the
# group's `activities_visibility`: group-only activities for the group's active members (not for
# facilitators or staff who are not in the group), shared ones also for the edition's members.
# Logging and editing is for active members; whether the group is still open for it (a closed
# group is an archive) is the service's business, so that it can say why.


@rules.predicate
def activities_are_shared(user, group) -> bool:
    return group is not None and group.activities_visibility == Visibility.PLATFORM


rules.add_perm(
    "groups.view_activities", is_group_member | (activities_are_shared & is_edition_member)
)
rules.add_perm("groups.log_activity", is_group_member)


# On a GroupActivity (with `group` loaded): moving it to the bin and back is for who logged it
# (while in the group), the group's coordinators, and the edition's facilitators where they may
# see it (a group-only or confidential activity stays the group's business).
def _activity_group(item):
    return item.group if item is not None else None


@rules.predicate
def logged_activity(user, item) -> bool:
    return (
        item is not None
        and user.is_authenticated
        and item.created_by_id == user.pk
        and is_group_member(user, item.group)
    )


@rules.predicate
def coordinates_activity_group(user, item) -> bool:
    return is_coordinator(user, _activity_group(item))


@rules.predicate
def facilitates_activity_group(user, item) -> bool:
    if item is None or not facilitates_group(user, item.group):
        return False
    if is_group_member(user, item.group):
        return True
    return not item.confidential and activities_are_shared(user, item.group)


rules.add_perm(
    "groups.delete_activity",
    logged_activity | coordinates_activity_group | facilitates_activity_group,
)


# --- Progress reports --------------------------------------------------------------------------
# Reports are visible to the edition: every member of the group's edition and staff read them
# (objects: a LearningGroup, or a Meeting for the meeting page). Active members of the group write
# its report; the deadline and the group's status are the service's business. The overview of a
# meeting (who has reported, the deadline, reminders) is for the facilitators of the meeting's
# edition and staff.


@rules.predicate
def is_meeting_edition_member(user, meeting) -> bool:
    return meeting is not None and meeting.edition_id in roles_of(user)


@rules.predicate
def facilitates_meeting_edition(user, meeting) -> bool:
    return meeting is not None and roles_of(user).get(meeting.edition_id) == Role.FACILITATOR


# On a LearningGroup
rules.add_perm("groups.view_reports", is_edition_member | is_staff)
rules.add_perm("groups.write_report", is_group_member)
# On a Meeting
rules.add_perm("groups.view_meeting_reports", is_meeting_edition_member | is_staff)
rules.add_perm("groups.manage_reports", facilitates_meeting_edition | is_staff)


# --- Groups ------------------------------------------------------------------------------------
# The edition's group pages (the learning agenda with its groups, the list of groups) are for the
# edition's members and staff (object: an Edition). Joining is for the edition's active members
# (participants and facilitators); full groups, closed groups and the per-person cap are the
# service's business, so that it can say why.


@rules.predicate
def is_member_of_edition(user, edition) -> bool:
    return edition is not None and edition.pk in roles_of(user)


# On an Edition
rules.add_perm("groups.view_groups", is_member_of_edition | is_staff)
# The learning agenda's themes are public wherever the edition is (its view asks sees_edition
# first); the groups on it are shown by groups.view_groups.
rules.add_perm("groups.view_agenda", rules.always_allow)
# On a LearningGroup
rules.add_perm("groups.join_group", is_edition_member)
