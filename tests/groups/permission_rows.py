"""Rows of the permission table for the groups app (see tests/test_permissions.py).

Each area of the groups work adds its own list above the last line."""

from __future__ import annotations

# --- Discussions ---------------------------------------------------------------------------------
# In the World's edition: a group where the participant and the other participant are members
# (the participant coordinates a second one); the facilitator and staff are not in either.
# A group-only thread and a thread opened to the edition, each with a post by the participant
# and one by the other participant. Non-readers of a thread get 404, members who may not act 403.


def _discussion_group(w, name="Gespreksgroep", *, coordinator=False):
    from leerplatform.groups.models import GroupMembership, LearningGroup

    group, _ = LearningGroup.objects.get_or_create(edition=w.edition, name=name)
    for user, coordinates in ((w.users["participant"], coordinator), (w.other, False)):
        GroupMembership.objects.get_or_create(
            group=group, user=user, defaults={"is_coordinator": coordinates}
        )
        user.__dict__.pop("_group_roles", None)
    return group


def _discussion_thread(w, visibility="group", *, name="Gespreksgroep", coordinator=False):
    from leerplatform.groups.models import Thread
    from leerplatform.groups.services import discussions

    group = _discussion_group(w, name, coordinator=coordinator)
    title = f"Draad ({visibility})"
    thread = Thread.objects.filter(group=group, title=title).first()
    if thread is None:
        thread = discussions.start_thread(
            group=group,
            author=w.users["participant"],
            title=title,
            text="Eerste bericht",
            visibility=visibility,
        )
        discussions.reply(thread=thread, author=w.other, text="Antwoord")
    return thread


def _discussion_post(w, visibility="group", *, mine=True, **kwargs):
    thread = _discussion_thread(w, visibility, **kwargs)
    author = w.users["participant"] if mine else w.other
    return thread.posts.filter(author=author).first()


def _d_group(w) -> dict:
    return {"pk": _discussion_group(w).pk}


def _d_thread(visibility):
    return lambda w: {"thread_pk": _discussion_thread(w, visibility).pk}


def _d_post(visibility, *, mine=True, **kwargs):
    return lambda w: {"post_pk": _discussion_post(w, visibility, mine=mine, **kwargs).pk}


def _d(name, kwargs_of):
    from django.urls import reverse

    return lambda w: reverse(f"groups:{name}", kwargs=kwargs_of(w))


def _d_rows():
    from tests.permission_support import Row

    def expect(visitor, outsider, participant, facilitator, staff):
        return {
            "visitor": visitor,
            "outsider": outsider,
            "participant": participant,
            "facilitator": facilitator,
            "staff": staff,
        }

    post_only = expect(302, 405, 405, 405, 405)
    new_thread = {"title": "Nieuw", "text": "Hallo groep", "visibility": "group"}
    return [
        # The list: members see every thread, the edition the open ones, outsiders and staff none.
        Row("groups:threads", _d("threads", _d_group), expect(302, 403, 200, 200, 403)),
        Row(
            "groups:threads",
            _d("threads", _d_group),
            post_only,
            method="post",
        ),
        Row("groups:create_thread", _d("create_thread", _d_group), expect(302, 403, 200, 403, 403)),
        Row(
            "groups:create_thread",
            _d("create_thread", _d_group),
            expect(302, 403, 302, 403, 403),
            method="post",
            data=new_thread,
        ),
        # A group-only thread: its group's members only; facilitators outside the group too are 404.
        Row("groups:thread", _d("thread", _d_thread("group")), expect(302, 404, 200, 404, 404)),
        Row(
            "groups:thread",
            _d("thread", _d_thread("group")),
            expect(302, 404, 302, 404, 404),
            method="post",
            data={"text": "Een antwoord"},
        ),
        # A thread opened to the edition: the edition reads, only the group replies.
        Row("groups:thread", _d("thread", _d_thread("platform")), expect(302, 404, 200, 200, 404)),
        Row(
            "groups:thread",
            _d("thread", _d_thread("platform")),
            expect(302, 404, 302, 403, 404),
            method="post",
            data={"text": "Een antwoord"},
        ),
        # Editing: the author only.
        Row(
            "groups:edit_post",
            _d("edit_post", _d_post("group")),
            expect(302, 404, 200, 404, 404),
        ),
        Row(
            "groups:edit_post",
            _d("edit_post", _d_post("group")),
            expect(302, 404, 302, 404, 404),
            method="post",
            data={"text": "Verbeterd"},
        ),
        Row(
            "groups:edit_post",
            _d("edit_post", _d_post("platform", mine=False)),
            expect(302, 404, 403, 403, 404),
        ),
        # Deleting: the author, or a coordinator of the group.
        Row(
            "groups:delete_post",
            _d("delete_post", _d_post("group")),
            expect(302, 404, 302, 404, 404),
            method="post",
        ),
        Row(
            "groups:delete_post",
            _d("delete_post", _d_post("platform", mine=False)),
            expect(302, 404, 403, 403, 404),
            method="post",
        ),
        Row(
            "groups:delete_post",
            _d("delete_post", _d_post("group", mine=False, name="Trekkersgroep", coordinator=True)),
            expect(302, 404, 302, 404, 404),
            method="post",
        ),
        # GET asks for confirmation: only those who may delete see the page.
        Row(
            "groups:delete_post",
            _d("delete_post", _d_post("group")),
            expect(302, 404, 200, 404, 404),
        ),
        Row(
            "groups:delete_post",
            _d("delete_post", _d_post("platform", mine=False)),
            expect(302, 404, 403, 403, 404),
        ),
        # The email setting: members, by POST.
        Row(
            "groups:notifications",
            _d("notifications", _d_group),
            expect(302, 403, 302, 403, 403),
            method="post",
            data={"enabled": "0"},
        ),
        Row("groups:notifications", _d("notifications", _d_group), post_only),
    ]


ROWS_DISCUSSIONS = _d_rows()

# --- Work plan -----------------------------------------------------------------------------------
# In the World's edition: "Werkplangroep" keeps its plan to the group; the participant coordinates
# it with the other participant as member, versions 1 (other) and 2 (participant). "Gedeeld
# werkplan" shares its plan with the edition; only the other participant is in it (versions 1
# and 2 are theirs), so the agree row on it needs the version number 2. Facilitators
# and staff are in neither: a group-only plan answers them 403, a shared one is read by the
# facilitator (an edition member) but not by staff (no exception in the visibility rule).
# Read-only pages answer 405 to a POST, the agree action 405 to a GET.


def _workplan_group(w, *, shared=False):
    from leerplatform.core.visibility import Visibility
    from leerplatform.groups.models import GroupMembership, LearningGroup
    from leerplatform.groups.services import workplan

    name = "Gedeeld werkplan" if shared else "Werkplangroep"
    visibility = Visibility.PLATFORM if shared else Visibility.GROUP
    group, created = LearningGroup.objects.get_or_create(
        edition=w.edition, name=name, defaults={"workplan_visibility": visibility}
    )
    if created:
        if shared:
            GroupMembership.objects.create(group=group, user=w.other, is_coordinator=True)
        else:
            participant = w.users["participant"]
            GroupMembership.objects.create(group=group, user=participant, is_coordinator=True)
            GroupMembership.objects.create(group=group, user=w.other)
        authors = [w.other, w.other] if shared else [w.other, w.users["participant"]]
        for number, author in enumerate(authors, start=1):
            workplan.save_workplan(
                group=group,
                author=author,
                base_number=number - 1,
                parts={"ambition": f"Ambitie {number}", "approach": "Intervisie"},
            )
        for user in (w.users["participant"], w.other):
            user.__dict__.pop("_group_roles", None)
    return group


def _wp(w, name, *, shared=False, query="", **kwargs):
    from django.urls import reverse

    group = _workplan_group(w, shared=shared)
    return reverse(f"groups:{name}", kwargs={"pk": group.pk, **kwargs}) + query


def _wp_rows():
    from tests.permission_support import Row, _logged_in

    group_only = {
        "visitor": 302,
        "outsider": 403,
        "participant": 200,
        "facilitator": 403,
        "staff": 403,
    }
    shared = group_only | {"facilitator": 200}
    member_only = dict.fromkeys(group_only, 403) | {"visitor": 302}
    reads = [
        ("groups:workplan", {}),
        ("groups:workplan_versions", {}),
        ("groups:workplan_version", {"number": 1}),
        ("groups:compare_workplan", {"query": "?a=1&b=2"}),
    ]
    rows = []
    for name, extra in reads:
        short = name.split(":")[1]
        rows += [
            Row(name, lambda w, s=short, e=extra: _wp(w, s, **e), group_only),
            Row(name, lambda w, s=short, e=extra: _wp(w, s, shared=True, **e), shared),
            Row(name, lambda w, s=short, e=extra: _wp(w, s, **e), _logged_in(405), method="post"),
        ]
    edit_data = {"base": "2", "ambition": "Ambitie 3", "approach": "Intervisie"}
    rows += [
        Row(
            "groups:edit_workplan",
            lambda w: _wp(w, "edit_workplan"),
            member_only | {"participant": 200},
        ),
        Row(
            "groups:edit_workplan",
            lambda w: _wp(w, "edit_workplan", shared=True),
            member_only,
        ),
        Row(
            "groups:edit_workplan",
            lambda w: _wp(w, "edit_workplan"),
            member_only | {"participant": 302},
            method="post",
            data=edit_data,
        ),
        Row(
            "groups:edit_workplan",
            lambda w: _wp(w, "edit_workplan", shared=True),
            member_only,
            method="post",
            data={**edit_data, "base": "1"},
        ),
        Row(
            "groups:agree_workplan",
            lambda w: _wp(w, "agree_workplan", number=2),
            _logged_in(405),
        ),
        Row(
            "groups:agree_workplan",
            lambda w: _wp(w, "agree_workplan", number=2),
            member_only | {"participant": 302},
            method="post",
        ),
        Row(
            "groups:agree_workplan",
            lambda w: _wp(w, "agree_workplan", shared=True, number=2),
            member_only,
            method="post",
        ),
    ]
    return rows


ROWS_WORKPLAN = _wp_rows()

# --- Groups: the agenda, the list, starting and changing a group, joining, leaving, members ------
# In the World's edition the facilitator starts the groups (and so is their coordinator and
# member). "Open groep": the participant is not in it. "Groep met deelnemer": the participant has
# joined it. "Groep op verzoek": coordinators decide; the other participant's request waits. Staff
# are in no edition. The roles member / non-member participant / coordinator / facilitator outside
# the group are covered by tests/groups/test_groups.py (test_each_role_reaches_what_it_should).

_G_MEMBERS = {"visitor": 302, "outsider": 403, "participant": 200, "facilitator": 200, "staff": 200}


def _g_group(w, name="Open groep", *, policy="open", participant_joins=False, waiting=False):
    from leerplatform.groups.models import JoinRequest, LearningGroup
    from leerplatform.groups.services import groups as services

    group = LearningGroup.objects.filter(edition=w.edition, name=name).first()
    if group is None:
        group = services.start_group(
            edition=w.edition,
            actor=w.users["facilitator"],
            name=name,
            themes=[w.edition.themes.first()],
            join_policy=policy,
        )
        if participant_joins:
            services.join_group(group=group, user=w.users["participant"])
        if waiting:
            services.request_to_join(group=group, user=w.other)
        for user in w.users.values():
            if user is not None:
                user.__dict__.pop("_group_roles", None)
    if waiting:
        group.pending = JoinRequest.objects.get(group=group, user=w.other, status="pending")
    return group


def _g_open(w) -> dict:
    return {"pk": _g_group(w).pk}


def _g_joined(w) -> dict:
    return {"pk": _g_group(w, "Groep met deelnemer", participant_joins=True).pk}


def _g_request(w) -> dict:
    group = _g_group(w, "Groep op verzoek", policy="request", waiting=True)
    return {"pk": group.pk, "request_pk": group.pending.pk}


def _g_url(name, kwargs):
    from django.urls import reverse

    return lambda w: reverse(f"groups:{name}", kwargs=kwargs(w))


def _g_slug(w) -> dict:
    return {"slug": w.edition.slug}


_G_NOT_ALLOWED = {
    "visitor": 302,
    "outsider": 405,
    "participant": 405,
    "facilitator": 405,
    "staff": 405,
}


def _g_rows():
    from tests.permission_support import Row

    return [
        # The learning agenda is public (its groups show to members only); the list is not.
        Row("groups:agenda", _g_url("agenda", _g_slug), dict.fromkeys(_G_MEMBERS, 200)),
        Row("groups:list", _g_url("list", _g_slug), _G_MEMBERS),
        # Participants may start groups in this edition (the default); staff take part in none.
        Row(
            "groups:create",
            _g_url("create", _g_slug),
            {"visitor": 302, "outsider": 403, "participant": 200, "facilitator": 200, "staff": 403},
        ),
        Row(
            "groups:create",  # without themes: the form comes back with its errors
            _g_url("create", _g_slug),
            {"visitor": 302, "outsider": 403, "participant": 200, "facilitator": 200, "staff": 403},
            method="post",
            data={"name": "Nieuwe groep"},
        ),
        Row("groups:detail", _g_url("detail", _g_open), _G_MEMBERS),
        Row(
            "groups:edit",
            _g_url("edit", _g_open),
            {"visitor": 302, "outsider": 403, "participant": 403, "facilitator": 200, "staff": 200},
        ),
        Row(
            "groups:edit",
            _g_url("edit", _g_open),
            {"visitor": 302, "outsider": 403, "participant": 403, "facilitator": 200, "staff": 200},
            method="post",
            data={"name": ""},
        ),
        Row("groups:join", _g_url("join", _g_open), _G_NOT_ALLOWED),
        Row(
            "groups:join",  # the facilitator is in it already: refused with a message, back to the page
            _g_url("join", _g_open),
            {"visitor": 302, "outsider": 403, "participant": 302, "facilitator": 302, "staff": 403},
            method="post",
        ),
        # Not a member (staff): told so and sent to the group's page.
        Row(
            "groups:leave",
            _g_url("leave", _g_joined),
            {"visitor": 302, "outsider": 403, "participant": 200, "facilitator": 200, "staff": 302},
        ),
        Row(
            "groups:leave",  # the facilitator is the last coordinator: refused, back to the page
            _g_url("leave", _g_joined),
            {"visitor": 302, "outsider": 403, "participant": 302, "facilitator": 302, "staff": 302},
            method="post",
        ),
        Row(
            "groups:members",
            _g_url("members", _g_joined),
            {"visitor": 302, "outsider": 403, "participant": 403, "facilitator": 200, "staff": 200},
        ),
        Row(
            "groups:members",
            _g_url("members", _g_joined),
            {"visitor": 302, "outsider": 403, "participant": 403, "facilitator": 302, "staff": 302},
            method="post",
            data={"action": "coordinator", "person": "0", "coordinator": "1"},
        ),
        Row("groups:decide_request", _g_url("decide_request", _g_request), _G_NOT_ALLOWED),
        Row(
            "groups:decide_request",
            _g_url("decide_request", _g_request),
            {"visitor": 302, "outsider": 403, "participant": 403, "facilitator": 302, "staff": 302},
            method="post",
            data={"decision": "decline"},
        ),
    ]


ROWS_GROUPS = _g_rows()

# --- Activities ----------------------------------------------------------------------------------
# In the World's edition: a group that keeps its activities to itself, with the participant and
# the other participant as members, and a group that shares them with the edition, with only the
# other participant in it; each has one activity. Facilitators and staff are in neither group:
# group-only activities are not for them, shared ones are for the edition's members (not staff).


def _a_group(w, *, shared: bool):
    from leerplatform.groups.models import GroupMembership, GroupStatus, LearningGroup

    name = "Activiteiten gedeeld" if shared else "Activiteiten besloten"
    group, _ = LearningGroup.objects.get_or_create(
        edition=w.edition,
        name=name,
        defaults={
            "status": GroupStatus.ACTIVE,
            "activities_visibility": "platform" if shared else "group",
        },
    )
    members = [w.other] if shared else [w.users["participant"], w.other]
    for user in members:
        GroupMembership.objects.get_or_create(group=group, user=user)
        user.__dict__.pop("_group_roles", None)
    return group


def _a_activity(w, *, shared: bool):
    import datetime as dt

    from leerplatform.groups.models import GroupActivity

    group = _a_group(w, shared=shared)
    item, _ = GroupActivity.objects.get_or_create(
        group=group,
        title="Werkbezoek",
        defaults={"kind": "work_visit", "date": dt.date(2019, 11, 14), "status": "done"},
    )
    return item


def _a_rows():
    from django.urls import reverse

    from tests.permission_support import Row

    def group(shared):
        return lambda w: reverse("groups:activities", kwargs={"pk": _a_group(w, shared=shared).pk})

    def create(shared):
        return lambda w: reverse(
            "groups:create_activity", kwargs={"pk": _a_group(w, shared=shared).pk}
        )

    def edit(shared):
        def url(w):
            item = _a_activity(w, shared=shared)
            return reverse(
                "groups:edit_activity", kwargs={"pk": item.group_id, "activity_pk": item.pk}
            )

        return url

    def missing(w):
        pk = _a_group(w, shared=False).pk
        return reverse("groups:edit_activity", kwargs={"pk": pk, "activity_pk": 999999})

    def expect(visitor, outsider, participant, facilitator, staff):
        return {
            "visitor": visitor,
            "outsider": outsider,
            "participant": participant,
            "facilitator": facilitator,
            "staff": staff,
        }

    data = {
        "kind": "intervision",
        "title": "Intervisie",
        "date": "2019-11-14",
        "status": "done",
        "outcome": "Drie interventies.",
    }
    members_only = expect(302, 403, 200, 403, 403)
    nobody = expect(302, 403, 403, 403, 403)
    return [
        Row("groups:activities", group(False), members_only),
        Row("groups:activities", group(True), expect(302, 403, 200, 200, 403)),
        Row("groups:activities", group(False), expect(302, 405, 405, 405, 405), method="post"),
        Row("groups:create_activity", create(False), members_only),
        Row("groups:create_activity", create(True), nobody),  # not in that group
        Row(
            "groups:create_activity",
            create(False),
            expect(302, 403, 302, 403, 403),
            method="post",
            data=data,
        ),
        Row("groups:create_activity", create(True), nobody, method="post", data=data),
        Row("groups:edit_activity", edit(False), members_only),
        Row("groups:edit_activity", edit(True), nobody),
        Row("groups:edit_activity", missing, expect(302, 403, 404, 403, 403)),
        Row(
            "groups:edit_activity",
            edit(False),
            expect(302, 403, 302, 403, 403),
            method="post",
            data=data,
        ),
        Row("groups:edit_activity", edit(True), nobody, method="post", data=data),
    ]


ROWS_ACTIVITIES = _a_rows()


# --- Progress reports ----------------------------------------------------------------------------
# In the World's edition: an active group with the participant and the other participant as
# members, one with only the other participant, and an upcoming published meeting. Reports are
# read by the edition's members and staff, written by the group's members; the overview of a
# meeting is for its edition's facilitators and staff.


def _r_group(w, *, mine: bool = True):
    from leerplatform.groups.models import GroupMembership, GroupStatus, LearningGroup

    name = "Verslaggroep" if mine else "Verslaggroep zonder deelnemer"
    group, _ = LearningGroup.objects.get_or_create(
        edition=w.edition, name=name, defaults={"status": GroupStatus.ACTIVE}
    )
    members = [w.users["participant"], w.other] if mine else [w.other]
    for user in members:
        GroupMembership.objects.get_or_create(group=group, user=user)
        user.__dict__.pop("_group_roles", None)
    return group


def _r_meeting(w, edition=None):
    import datetime as dt

    from django.utils import timezone

    from leerplatform.meetings.models import Meeting
    from tests import factories

    edition = edition or w.edition
    title = "Bijeenkomst met voortgangsverslagen"
    meeting = Meeting.objects.filter(edition=edition, title=title).first()
    return meeting or factories.make_meeting(
        edition, day=timezone.localdate() + dt.timedelta(days=14), title=title
    )


def _r_rows():
    from django.urls import reverse

    from tests import factories
    from tests.permission_support import Row

    def report(*, mine=True, elsewhere=False):
        def url(w):
            meeting = _r_meeting(w, factories.make_edition() if elsewhere else None)
            return reverse(
                "groups:report",
                kwargs={"pk": _r_group(w, mine=mine).pk, "meeting_pk": meeting.pk},
            )

        return url

    def meeting_url(name):
        return lambda w: reverse(f"groups:{name}", kwargs={"pk": _r_meeting(w).pk})

    def expect(visitor, outsider, participant, facilitator, staff):
        return {
            "visitor": visitor,
            "outsider": outsider,
            "participant": participant,
            "facilitator": facilitator,
            "staff": staff,
        }

    data = {"what_we_did": "Twee intervisiebijeenkomsten.", "next_steps": "De toolkit testen."}
    readers = expect(302, 403, 200, 200, 200)
    facilitators = expect(302, 403, 403, 200, 200)
    return [
        Row("groups:report", report(), readers),
        Row("groups:report", report(mine=False), readers),
        Row("groups:report", report(elsewhere=True), expect(302, 403, 404, 404, 404)),
        Row("groups:report", report(), expect(302, 403, 302, 403, 403), method="post", data=data),
        Row(
            "groups:report",
            report(mine=False),
            expect(302, 403, 403, 403, 403),
            method="post",
            data=data,
        ),
        Row("groups:meeting_reports", meeting_url("meeting_reports"), facilitators),
        Row(
            "groups:meeting_reports",
            meeting_url("meeting_reports"),
            expect(302, 403, 403, 302, 302),
            method="post",
            data={"deadline": ""},
        ),
        Row(
            "groups:remind_reports",
            meeting_url("remind_reports"),
            expect(302, 403, 403, 302, 302),
            method="post",
        ),
        Row(
            "groups:remind_reports",  # POST only
            meeting_url("remind_reports"),
            expect(302, 405, 405, 405, 405),
        ),
    ]


ROWS_REPORTS = _r_rows()


# --- The ex-member's own things ---------------------------------------------------------------
# Every row above expects for `ex_member` what it expects for the outsider (see
# tests.permission_support.expected). These rows point at what the ex-member made or ran while
# taking part: their own post in a group-only thread, the group they alone coordinated (renaming
# it, opening its work plan to the edition, its members page) and their own group-only document.
# Until they leave (the row's URL is made first), the ex-member is an active member like any other.


def _ex_post(w):
    from leerplatform.groups.models import GroupMembership, Post

    thread = _discussion_thread(w, "group")
    ex = w.users["ex_member"]
    GroupMembership.objects.get_or_create(group=thread.group, user=ex)
    ex.__dict__.pop("_group_roles", None)
    post = Post.objects.filter(thread=thread, author=ex, text="Mijn eigen bericht").first()
    return post or Post.objects.create(thread=thread, author=ex, text="Mijn eigen bericht")


def _ex_group(w):
    from leerplatform.groups.models import GroupMembership, LearningGroup

    group, _ = LearningGroup.objects.get_or_create(edition=w.edition, name="Groep van de ex")
    GroupMembership.objects.get_or_create(
        group=group, user=w.users["ex_member"], defaults={"is_coordinator": True}
    )
    return group


def _ex_document(w):
    from leerplatform.library.models import Document, DocumentKind
    from leerplatform.library.services.documents import create_document

    group = _ex_group(w)
    document = Document.objects.filter(group=group, title="Eigen stuk van de ex").first()
    return document or create_document(
        edition=w.edition,
        actor=w.users["ex_member"],
        title="Eigen stuk van de ex",
        summary="Alleen voor de groep.",
        kind=DocumentKind.TOOLKIT,
        group=group,
        visibility="group",
    )


def _x_rows():
    from django.urls import reverse

    from tests.permission_support import Row

    def expect(visitor, outsider, participant, facilitator, staff, ex_member):
        return {
            "visitor": visitor,
            "outsider": outsider,
            "participant": participant,
            "facilitator": facilitator,
            "staff": staff,
            "ex_member": ex_member,
        }

    def post_url(name):
        return lambda w: reverse(f"groups:{name}", kwargs={"post_pk": _ex_post(w).pk})

    def group_url(name):
        return lambda w: reverse(f"groups:{name}", kwargs={"pk": _ex_group(w).pk})

    def document_url(name):
        return lambda w: reverse(f"library:{name}", kwargs={"pk": _ex_document(w).pk})

    return [
        Row("groups:edit_post", post_url("edit_post"), expect(302, 404, 403, 404, 404, 404)),
        Row(
            "groups:edit_post",
            post_url("edit_post"),
            expect(302, 404, 403, 404, 404, 404),
            method="post",
            data={"text": "Toch nog even"},
        ),
        Row(
            "groups:delete_post",
            post_url("delete_post"),
            expect(302, 404, 403, 404, 404, 404),
            method="post",
        ),
        Row("groups:edit", group_url("edit"), expect(302, 403, 403, 200, 200, 403)),
        Row(
            "groups:edit",
            group_url("edit"),
            expect(302, 403, 403, 200, 200, 403),
            method="post",
            data={"name": "Overgenomen", "workplan_visibility": "platform"},
        ),
        Row("groups:members", group_url("members"), expect(302, 403, 403, 200, 200, 403)),
        Row("groups:workplan", group_url("workplan"), expect(302, 403, 403, 403, 403, 403)),
        Row("library:document", document_url("document"), expect(302, 404, 404, 404, 404, 404)),
        Row("library:edit", document_url("edit"), expect(302, 404, 404, 404, 404, 404)),
    ]


ROWS_EX_MEMBER = _x_rows()


from tests.groups.permission_rows_issue18 import ROWS_LOOSE_ENDS  # noqa: E402

ROWS = [
    *ROWS_LOOSE_ENDS,
    *globals().get("ROWS_GROUPS", []),
    *globals().get("ROWS_WORKPLAN", []),
    *globals().get("ROWS_ACTIVITIES", []),
    *globals().get("ROWS_REPORTS", []),
    *globals().get("ROWS_DISCUSSIONS", []),
    *globals().get("ROWS_EX_MEMBER", []),
]
