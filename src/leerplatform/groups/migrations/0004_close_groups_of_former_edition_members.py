"""Issue 11: a person who left an edition (or whose participation was ended) before leaving closed
their learning groups still has open group memberships. Close them as of the day they left the
edition (coordinator flags stay, as history) and withdraw their pending requests to join.

Access never depended on these rows alone any more (`GroupMembership.objects.active()` requires
the edition membership); closing them keeps counts and history right and makes sure a later
re-admission does not reopen a group."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def close(apps, schema_editor):
    GroupMembership = apps.get_model("learninggroups", "GroupMembership")
    JoinRequest = apps.get_model("learninggroups", "JoinRequest")
    Membership = apps.get_model("editions", "Membership")
    ended = Membership.objects.filter(
        user_id=OuterRef("user_id"),
        edition_id=OuterRef("group__edition_id"),
        left_at__isnull=False,
    )
    rows = GroupMembership.objects.filter(left_at__isnull=True).annotate(
        edition_left_at=Subquery(ended.values("left_at")[:1])
    )
    for row in rows.filter(edition_left_at__isnull=False).iterator():
        GroupMembership.objects.filter(pk=row.pk).update(left_at=row.edition_left_at)
    requests = JoinRequest.objects.filter(status="pending").annotate(
        edition_left_at=Subquery(ended.values("left_at")[:1])
    )
    for request in requests.filter(edition_left_at__isnull=False).iterator():
        JoinRequest.objects.filter(pk=request.pk).update(
            status="withdrawn", decided_at=request.edition_left_at
        )


class Migration(migrations.Migration):
    dependencies = [
        ("learninggroups", "0003_confidential_visibility"),
        ("editions", "0004_edition_continued_from_continuationinvitation"),
    ]

    operations = [migrations.RunPython(close, migrations.RunPython.noop)]
