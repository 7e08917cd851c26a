"""The visibility column is wide enough for "confidential".

Only PostgreSQL changes the column: SQLite does not enforce a varchar's length, and altering a
field there rebuilds the table, which would drop the full-text triggers of 0002_fulltext."""

from django.db import migrations, models

VISIBILITY = models.CharField(
    choices=[
        ("group", "Learning group only"),
        ("platform", "Participants of the edition"),
        ("public", "Public"),
        ("confidential", "Confidential (group members only)"),
    ],
    max_length=12,
)


def _widen(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        return
    model = apps.get_model("search", "SearchEntry")
    old = model._meta.get_field("visibility")
    new = VISIBILITY.clone()
    new.set_attributes_from_name("visibility")
    new.model = model
    schema_editor.alter_field(model, old, new)


def _narrow(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        return
    model = apps.get_model("search", "SearchEntry")
    new = model._meta.get_field("visibility")
    old = models.CharField(choices=VISIBILITY.choices, max_length=10)
    old.set_attributes_from_name("visibility")
    old.model = model
    schema_editor.alter_field(model, new, old)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_fulltext"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="searchentry", name="visibility", field=VISIBILITY
                ),
            ],
            database_operations=[migrations.RunPython(_widen, _narrow)],
        )
    ]
