"""`FullText`: the FTS5 table of 0002 as a read-only (unmanaged) model, so that the search query
joins it through the ORM. Nothing changes in the database."""

import django.db.models.deletion
from django.db import migrations, models

import leerplatform.search.models


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_confidential_visibility"),
    ]

    operations = [
        migrations.CreateModel(
            name="FullText",
            fields=[
                (
                    "entry",
                    models.OneToOneField(
                        db_column="rowid",
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="fulltext",
                        serialize=False,
                        to="search.searchentry",
                    ),
                ),
                (
                    "search_fts",
                    leerplatform.search.models.MatchField(db_column="search_fts"),
                ),
                ("rank", models.FloatField()),
            ],
            options={
                "db_table": "search_fts",
                "managed": False,
            },
        ),
    ]
