"""Existing data in line with "public only with every author's yes" (issue 11).

A document that is public without an open, published offer to the field in which every one of its
authors has consented becomes edition-wide (platform), in the library and in the search index, and
waits for consent: it gets an Output (proposed by whoever added it) with an asked Consent for each
author who has not given one. An output shown as published that lacks a consent, or whose document
is no longer public, is no longer published. (The ledger is append-only and stays as it is: it is
read on members' pages only, and new library rows are never public.)

Nobody is emailed from a migration: the authors find the request on their consents page and in
their dashboard, and the facilitators can send a reminder from the outputs overview.
"""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    Document = apps.get_model("library", "Document")
    Output = apps.get_model("showcase", "Output")
    Consent = apps.get_model("showcase", "Consent")
    SearchEntry = apps.get_model("search", "SearchEntry")
    Authors = Document.authors.through
    now = timezone.now()

    def consents_of(output):
        return dict(Consent.objects.filter(output=output).values_list("author_id", "status"))

    def everyone_consented(output, author_ids):
        consents = consents_of(output)
        return (
            bool(consents)
            and bool(author_ids)
            and all(status == "given" for status in consents.values())
            and author_ids <= set(consents)
        )

    for document in Document.objects.filter(visibility="public").order_by("pk"):
        author_ids = set(
            Authors.objects.filter(document_id=document.pk).values_list("user_id", flat=True)
        )
        output = Output.objects.filter(document_id=document.pk).first()
        if (
            output is not None
            and output.published_at is not None
            and output.taken_back_at is None
            and everyone_consented(output, author_ids)
        ):
            continue
        Document.objects.filter(pk=document.pk).update(visibility="platform")
        SearchEntry.objects.filter(
            content_type__app_label="library",
            content_type__model="document",
            object_id=document.pk,
        ).update(visibility="platform")
        if output is None:
            output = Output.objects.create(
                edition_id=document.edition_id,
                group_id=document.group_id,
                document_id=document.pk,
                proposed_by_id=document.created_by_id,
                proposed_at=now,
            )
        else:
            output.published_at = None
            output.taken_back_at = None
            output.save(update_fields=["published_at", "taken_back_at"])
        have = set(consents_of(output))
        Consent.objects.bulk_create(
            Consent(output=output, author_id=author_id, status="asked")
            for author_id in sorted(author_ids - have)
        )

    # Published outputs of documents that are not public, or with a consent missing.
    for output in Output.objects.filter(published_at__isnull=False, document__isnull=False):
        document = Document.objects.get(pk=output.document_id)
        author_ids = set(
            Authors.objects.filter(document_id=document.pk).values_list("user_id", flat=True)
        )
        if document.visibility != "public":
            output.published_at = None
            output.taken_back_at = output.taken_back_at or now
            output.save(update_fields=["published_at", "taken_back_at"])
        elif not everyone_consented(output, author_ids):  # pragma: no cover (handled above)
            output.published_at = None
            output.save(update_fields=["published_at"])
    for output in Output.objects.filter(published_at__isnull=False, report__isnull=False):
        if any(status != "given" for status in consents_of(output).values()):
            output.published_at = None
            output.save(update_fields=["published_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0002_confidential_visibility"),
        ("search", "0003_confidential_visibility"),
        ("showcase", "0002_output_taken_back"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
