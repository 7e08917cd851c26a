"""Permission rows: documents, browsing, the bin.

In the World's edition the participant is the only member of a learning group; the facilitator
and staff are in no group. Documents by the participant: a public one, one for the edition, one
for the group only, and one for the edition in the bin; a document for the edition by the other
participant (not looked after by the participant), and one of those in the bin. Whoever may not
see a document gets 404 (a visitor is asked to log in, for any document); whoever sees it but
may not act gets 403. Forms are posted with incomplete data: allowed means the form again (200).
"""

from __future__ import annotations


def _group(w):
    from leerplatform.groups.models import GroupMembership, LearningGroup

    group, created = LearningGroup.objects.get_or_create(edition=w.edition, name="Bibliotheekgroep")
    if created:
        GroupMembership.objects.create(group=group, user=w.users["participant"])
        w.users["participant"].__dict__.pop("_group_roles", None)
    return group


def _document(w, visibility="platform", *, mine=True, binned=False):
    from leerplatform.library.models import Document
    from leerplatform.library.services.documents import create_document, delete_document

    author = w.users["participant"] if mine else w.other
    title = f"{visibility} {'mine' if mine else 'theirs'} {'binned' if binned else 'alive'}"
    document = Document.objects.filter(edition=w.edition, title=title).first()
    if document is None:
        document = create_document(
            edition=w.edition,
            actor=author,
            title=title,
            summary="Een samenvatting.",
            kind="toolkit",
            visibility=visibility,
            group=_group(w) if visibility == "group" else None,
        )
        if binned:
            delete_document(document=document, actor=author)
    return document


def _doc(name, visibility="platform", **kwargs):
    from django.urls import reverse

    return lambda w: reverse(f"library:{name}", args=[_document(w, visibility, **kwargs).pk])


def _edition(name):
    from django.urls import reverse

    return lambda w: reverse(f"library:{name}", kwargs={"slug": w.edition.slug})


def _theme(w):
    from django.urls import reverse

    theme = w.edition.themes.first()
    return reverse("library:theme", kwargs={"slug": w.edition.slug, "theme_pk": theme.pk})


def _rows():
    from tests.permission_support import Row

    def expect(visitor, outsider, participant, facilitator, staff):
        return {
            "visitor": visitor,
            "outsider": outsider,
            "participant": participant,
            "facilitator": facilitator,
            "staff": staff,
        }

    members = expect(302, 403, 200, 200, 403)
    incomplete = {"title": ""}
    return [
        # Browsing: everyone, each sees what they may.
        Row("library:library", _edition("library"), expect(200, 200, 200, 200, 200)),
        Row("library:theme", _theme, expect(200, 200, 200, 200, 200)),
        # Adding and the bin: the edition's members.
        Row("library:create", _edition("create"), members),
        Row("library:create", _edition("create"), members, method="post", data=incomplete),
        Row("library:bin", _edition("bin"), members),
        Row("library:bin", _edition("bin"), expect(302, 405, 405, 405, 405), method="post"),
        # Reading a document: the visibility rule.
        Row("library:document", _doc("document", "public"), expect(200, 200, 200, 200, 200)),
        Row("library:document", _doc("document", "platform"), expect(302, 404, 200, 200, 404)),
        Row("library:document", _doc("document", "group"), expect(302, 404, 200, 404, 404)),
        Row(
            "library:document",
            _doc("document", "platform", binned=True),
            expect(302, 404, 404, 404, 404),
        ),
        # Changing: those who look after it (author, group, facilitators) and see it.
        Row("library:edit", _doc("edit", "platform"), expect(302, 404, 200, 200, 404)),
        Row(
            "library:edit",
            _doc("edit", "platform"),
            expect(302, 404, 200, 200, 404),
            method="post",
            data=incomplete,
        ),
        Row("library:edit", _doc("edit", "group"), expect(302, 404, 200, 404, 404)),
        Row("library:edit", _doc("edit", "public", mine=False), expect(302, 403, 403, 200, 403)),
        Row(
            "library:edit",
            _doc("edit", "platform", mine=False),
            expect(302, 404, 403, 200, 404),
            method="post",
            data=incomplete,
        ),
        # Deleting: the same people; it asks first, then moves it to the bin.
        Row("library:delete", _doc("delete", "platform"), expect(302, 404, 200, 200, 404)),
        Row(
            "library:delete",
            _doc("delete", "platform"),
            expect(302, 404, 302, 302, 404),
            method="post",
        ),
        Row(
            "library:delete",
            _doc("delete", "group"),
            expect(302, 404, 302, 404, 404),
            method="post",
        ),
        Row(
            "library:delete",
            _doc("delete", "platform", mine=False),
            expect(302, 404, 403, 302, 404),
            method="post",
        ),
        # Restoring: by POST, from the bin, by those who look after it.
        Row(
            "library:restore",
            _doc("restore", "platform", binned=True),
            expect(302, 404, 302, 302, 404),
            method="post",
        ),
        Row(
            "library:restore",
            _doc("restore", "platform", mine=False, binned=True),
            expect(302, 404, 403, 302, 404),
            method="post",
        ),
        Row(
            "library:restore",
            _doc("restore", "group", binned=True),
            expect(302, 404, 302, 404, 404),
            method="post",
        ),
        Row(
            "library:restore",
            _doc("restore", "platform", binned=True),
            expect(302, 405, 405, 405, 405),
        ),
        Row(
            "library:restore",
            _doc("restore", "platform"),  # not in the bin
            expect(302, 404, 404, 404, 404),
            method="post",
        ),
    ]


ROWS: list = _rows()
