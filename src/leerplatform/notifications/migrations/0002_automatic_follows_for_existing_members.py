"""The automatic follows people would have had if notifications had existed from the start: every
active member follows their own groups, the threads they started or wrote in, and the documents
they author. Without them nobody would hear of new posts after the groups' own post emails gave
way to notifications. Follows already there are left as they are; the reverse removes nothing."""

from django.db import migrations
from django.db.models import Exists, OuterRef

BATCH = 1000


def _content_type(apps, app_label: str, model: str):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    return content_type


def follow_what_is_theirs(apps, schema_editor):
    Follow = apps.get_model("notifications", "Follow")
    Membership = apps.get_model("editions", "Membership")
    GroupMembership = apps.get_model("learninggroups", "GroupMembership")
    Post = apps.get_model("learninggroups", "Post")
    Document = apps.get_model("library", "Document")
    if not Membership.objects.filter(left_at__isnull=True).exists():
        # A new database: nobody to follow anything. Creating content types here would give them
        # other ids than a flush followed by post_migrate does (tests restore data by id).
        return
    group_type = _content_type(apps, "learninggroups", "learninggroup")
    thread_type = _content_type(apps, "learninggroups", "thread")
    document_type = _content_type(apps, "library", "document")

    in_edition = Membership.objects.filter(left_at__isnull=True)
    active_groups = GroupMembership.objects.filter(left_at__isnull=True).filter(
        Exists(
            in_edition.filter(user_id=OuterRef("user_id"), edition_id=OuterRef("group__edition_id"))
        )
    )
    rows = {}
    for user_id, group_id, edition_id in active_groups.values_list(
        "user_id", "group_id", "group__edition_id"
    ):
        rows[(user_id, group_type.pk, str(group_id))] = edition_id
    # Threads: their writers who are still in the thread's group.
    writers = Post.objects.filter(
        author_id__isnull=False,
        deleted_at__isnull=True,
    ).filter(
        Exists(
            active_groups.filter(
                user_id=OuterRef("author_id"), group_id=OuterRef("thread__group_id")
            )
        )
    )
    for user_id, thread_id, edition_id in writers.values_list(
        "author_id", "thread_id", "thread__group__edition_id"
    ).distinct():
        rows[(user_id, thread_type.pk, str(thread_id))] = edition_id
    # Documents: their authors who are still in the document's edition.
    authors = Document.authors.through.objects.filter(
        Exists(
            in_edition.filter(
                user_id=OuterRef("user_id"), edition_id=OuterRef("document__edition_id")
            )
        ),
        document__deleted_at__isnull=True,
    )
    for user_id, document_id, edition_id in authors.values_list(
        "user_id", "document_id", "document__edition_id"
    ):
        rows[(user_id, document_type.pk, str(document_id))] = edition_id
    follows = [
        Follow(
            user_id=user_id,
            target_type_id=type_id,
            target_id=target_id,
            edition_id=edition_id,
            automatic=True,
        )
        for (user_id, type_id, target_id), edition_id in rows.items()
    ]
    Follow.objects.bulk_create(follows, batch_size=BATCH, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("learninggroups", "0009_workplan_part_rules"),
        ("library", "0004_document_field_messages"),
        ("editions", "0005_edition_phase_choice_message"),
    ]

    operations = [migrations.RunPython(follow_what_is_theirs, migrations.RunPython.noop)]
