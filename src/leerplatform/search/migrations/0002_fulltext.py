"""The full-text half of the index, per database: an FTS5 table on SQLite, a GIN index on PostgreSQL."""

from django.db import migrations

SQLITE_UP = [
    # An external-content FTS5 table over the entries' stems; rowid = SearchEntry.id.
    "CREATE VIRTUAL TABLE search_fts USING fts5(stems_title, stems_text, "
    "content = 'search_searchentry', content_rowid = 'id', "
    "tokenize = 'unicode61 remove_diacritics 2')",
    # Title words weigh five times as much as words in the text.
    "INSERT INTO search_fts(search_fts, rank) VALUES ('rank', 'bm25(5.0, 1.0)')",
    # Triggers keep it in step with every insert, update and delete (also Django's flush).
    "CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_fts(rowid, stems_title, stems_text) "
    "VALUES (new.id, new.stems_title, new.stems_text); END",
    "CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, stems_title, stems_text) "
    "VALUES ('delete', old.id, old.stems_title, old.stems_text); END",
    "CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, stems_title, stems_text) "
    "VALUES ('delete', old.id, old.stems_title, old.stems_text); "
    "INSERT INTO search_fts(rowid, stems_title, stems_text) "
    "VALUES (new.id, new.stems_title, new.stems_text); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_UP = [
    "CREATE INDEX search_entry_vector_gin ON search_searchentry USING gin (search_vector)",
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS search_entry_vector_gin"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
