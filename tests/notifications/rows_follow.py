"""Permission rows of the follow views: only an active member of the thing's edition who may see
the thing can follow it. A group-only thread and a document one may not see are a 404, as their
own pages are; a group or a theme of someone else's edition a 403. Following answers with a
redirect back to the thing (302)."""

from django.urls import reverse

from leerplatform.groups.models import GroupMembership, LearningGroup, Thread
from leerplatform.groups.services import discussions
from leerplatform.library.models import Document, DocumentKind
from leerplatform.library.services.documents import create_document
from tests.permission_support import Row


def _group(w):
    group, _ = LearningGroup.objects.get_or_create(edition=w.edition, name="Volggroep")
    GroupMembership.objects.get_or_create(group=group, user=w.users["participant"])
    w.users["participant"].__dict__.pop("_group_roles", None)
    return group


def _thread(w):
    group = _group(w)
    thread = Thread.objects.filter(group=group).first()
    return thread or discussions.start_thread(
        group=group, author=w.users["participant"], title="Volgdraad", text="Begin"
    )


def _document(w):
    document = Document.objects.filter(edition=w.edition, title="Volgstuk").first()
    return document or create_document(
        edition=w.edition,
        actor=w.other,
        title="Volgstuk",
        summary="Voor de editie.",
        kind=DocumentKind.TOOLKIT,
        visibility="platform",
    )


def _url(kind, thing_of):
    return lambda w: reverse("notifications:follow", kwargs={"kind": kind, "pk": thing_of(w).pk})


FOLLOW = {"action": "follow"}
MEMBERS_FOLLOW = {
    "visitor": 302,
    "outsider": 403,
    "participant": 302,
    "facilitator": 302,
    "staff": 403,
    "ex_member": 403,
}

ROWS = [
    Row("notifications:follow", _url("group", _group), MEMBERS_FOLLOW, method="post", data=FOLLOW),
    Row(
        "notifications:follow",
        _url("theme", lambda w: w.edition.themes.first()),
        MEMBERS_FOLLOW,
        method="post",
        data=FOLLOW,
    ),
    Row(
        "notifications:follow",
        _url("thread", _thread),
        {
            "visitor": 302,
            "outsider": 404,
            "participant": 302,
            "facilitator": 404,  # not in the group: a group-only thread is not theirs to see
            "staff": 404,
            "ex_member": 404,
        },
        method="post",
        data=FOLLOW,
    ),
    Row(
        "notifications:follow",
        _url("document", _document),
        MEMBERS_FOLLOW | {"outsider": 404, "staff": 404, "ex_member": 404},
        method="post",
        data=FOLLOW,
    ),
    Row(
        "notifications:follow",
        _url("group", _group),
        {"visitor": 302, "outsider": 405, "participant": 405, "facilitator": 405, "staff": 405},
    ),
]
